package org.neurosurrogate.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.model.BatchPredictor;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.BatchPredictor.Events;
import org.neurosurrogate.model.BatchPredictor.FirstLayer;
import org.neurosurrogate.model.StreamingPredictor;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * {@code bench infer}: simulated seconds per wall second of a saved surrogate against NEURON running the same cell
 * on the same inputs, in one command. Every cell of a batch gets its own input spike trains from the published
 * protocol ({@link InputProtocol#BENIAGUEV_2021}, seed {@code simulationSeed(seed, i)}) over R − 1 + D ms: R − 1
 * ms of receptive-field history, then D predicted ms, which alone count as simulated time for the surrogate.
 * NEURON simulates cell 0's whole window. Whole-window inference runs through {@link BatchPredictor} with the
 * dense and the sparse first layer; the streaming figure through {@link StreamingPredictor}. With {@code
 * otherTrunks} the same tables follow for the surrogate's architecture with another trunk (TCN or LSTM) at its
 * defaults and untrained weights, so both trunks' ratios against NEURON come from one command.
 */
public final class InferBenchmark {
    /** Activation budget of one whole-window call; the time axis is chunked beyond it. */
    static final long MEMORY_BUDGET = 1536L << 20;

    public record Settings(Path surrogate, ModelSpec spec, int durationMs, int[] batches, int threads, long seed,
            int repeats, int streamMs, int[] streamBatches, int[] streamSteps, List<FirstLayer> layers,
            List<Hyper.Trunk> otherTrunks) {
    }

    private InferBenchmark() {
    }

    public static int run(PythonEnvironment env, Settings s, PrintStream out, Figures figures) throws IOException {
        try (Surrogate surrogate = load(s.surrogate()); CellSimulator cell = CellSimulator.open(s.spec(), env)) {
            try {
                surrogate.checkCompatible(cell.segments());
            } catch (NeuroSurrogateException e) {
                throw new NeuroSurrogateException("--surrogate and --model are different cells: " + e.getMessage());
            }
            SurrogateNet net = surrogate.net();
            int r = net.receptiveField();
            int window = r - 1 + s.durationMs();
            int maxBatch = Math.max(Arrays.stream(s.batches()).max().orElse(1),
                    Arrays.stream(s.streamBatches()).max().orElse(1));
            SpikeTrains[] trains = new SpikeTrains[maxBatch];
            int[][] frames = new int[maxBatch][];
            int[][] channels = new int[maxBatch][];
            long spikes = 0;
            for (int i = 0; i < maxBatch; i++) {
                trains[i] = InputProtocol.BENIAGUEV_2021.generate(cell.segments(), window,
                        InputProtocol.simulationSeed(s.seed(), i));
                int[][] ev = events(trains[i]);
                frames[i] = ev[0];
                channels[i] = ev[1];
                spikes += frames[i].length;
            }
            int inputs = net.inputChannels();
            out.printf(Locale.ROOT, "bench infer: surrogate %s (%s, R = %d ms, %d segments, %d input channels), model "
                    + "%s, %d threads, seed %d%n", s.surrogate(), net.arch().name().toLowerCase(Locale.ROOT), r,
                    cell.segments().size(), inputs, s.spec().name(), s.threads(), s.seed());
            out.printf(Locale.ROOT, "inputs: published protocol, %d ms per cell (%d ms receptive-field history + %d ms "
                    + "predicted), %.0f input spikes/s per cell, %.2f %% of input bins are 1%n", window, r - 1,
                    s.durationMs(), spikes * 1000.0 / maxBatch / window, 100.0 * spikes / maxBatch / window / inputs);

            double neuronBest = Double.POSITIVE_INFINITY;
            SimulationResult sim = null;
            for (int i = 0; i < s.repeats(); i++) {
                long t0 = System.nanoTime();
                sim = cell.run(trains[0], window, s.seed());
                neuronBest = Math.min(neuronBest, (System.nanoTime() - t0) / 1e9);
            }
            double neuronRate = window / 1000.0 / neuronBest;
            out.printf(Locale.ROOT, "NEURON: same cell, cell 0's inputs, %d ms in %.2f s (best of %d) = %.4f sim-s per "
                    + "wall-s%n", window, neuronBest, s.repeats(), neuronRate);

            int status = 0;
            try (NDManager manager = NDManager.newBaseManager()) {
                WholeWindow own = wholeWindow(net, "", manager, s, window, frames, channels, neuronRate, out, figures);
                status = own.status();
                float[] soma = own.soma0();
                if (soma != null) {
                    float[] neuronSoma = sim.somaPerMs();
                    double se = 0;
                    for (int t = 0; t < s.durationMs(); t++) {
                        double d = surrogate.stats().toMillivolts(net.layout().somaIndex(), soma[t])
                                - neuronSoma[r - 1 + t];
                        se += d * d;
                    }
                    out.printf(Locale.ROOT, "same inputs: cell 0's soma, surrogate vs NEURON over the %d predicted ms:"
                            + " RMSE %.2f mV (NEURON: %d somatic spikes)%n", s.durationMs(),
                            Math.sqrt(se / s.durationMs()), sim.spikeTimesMs().length);
                }
                if (s.streamSteps().length > 0 && s.streamBatches().length > 0) {
                    stream(net, "", manager, s, frames, channels, neuronRate, out, figures);
                }
                for (Hyper.Trunk trunk : s.otherTrunks()) {
                    if (trunk == (net.isRecurrent() ? Hyper.Trunk.LSTM : Hyper.Trunk.TCN)) {
                        continue;
                    }
                    SurrogateNet other = withTrunk(net, trunk, manager);
                    String label = trunk.name().toLowerCase(Locale.ROOT) + " trunk";
                    out.printf(Locale.ROOT, "%s: the same architecture with the %s at its defaults (R = %d ms), "
                            + "untrained weights (its speed does not depend on them), %d parameters%n", label, label,
                            other.receptiveField(), other.parameterCount());
                    status |= wholeWindow(other, label + ", ", manager, s, window, frames, channels, neuronRate, out,
                            figures).status();
                    if (s.streamSteps().length > 0 && s.streamBatches().length > 0) {
                        stream(other, label + ", ", manager, s, frames, channels, neuronRate, out, figures);
                    }
                }
            }
            out.println("sim-s/wall-s = cells × predicted ms / 1000 / wall s; vs NEURON = that ÷ NEURON's; peak RSS is "
                    + "the process's (JVM, NEURON cell, libtorch) during that row; target: ≥ 100× at batch 128 on 2 "
                    + "threads");
            return status;
        }
    }

    /** A whole-window table's exit status (1 where two layers disagree) and cell 0's soma output (z-score). */
    private record WholeWindow(int status, float[] soma0) {
    }

    /** The whole-window table of {@code net}: every batch with every first layer. */
    private static WholeWindow wholeWindow(SurrogateNet net, String label, NDManager manager, Settings s, int window,
            int[][] frames, int[][] channels, double neuronRate, PrintStream out, Figures figures) {
        int status = 0;
        out.printf(Locale.ROOT, "%swhole window: %d predicted ms per cell, best of %d after 1 warm-up; memory "
                + "budget %.1f GB, time axis cut into chunks where over it (%s)%n", label, s.durationMs(), s.repeats(),
                MEMORY_BUDGET / 1073741824.0, net.isRecurrent() ? "the LSTM state carried from chunk to chunk"
                : "overlapping by R − 1 = " + (net.receptiveField() - 1) + " frames");
        out.printf("%7s %-8s %6s %9s %14s %11s %10s%n", "batch", "layer", "chunks", "wall s", "sim-s/wall-s",
                "vs NEURON", "peak RSS");
        float[] soma0 = null;
        for (int b : s.batches()) {
            Events ev = new Events(window, Arrays.copyOf(frames, b), Arrays.copyOf(channels, b));
            for (FirstLayer layer : s.layers()) {
                resetPeakRss();
                try (BatchPredictor bp = new BatchPredictor(net, layer, s.threads(), MEMORY_BUDGET)) {
                    float[] soma = cellZeroSoma(bp, manager, ev, net);
                    if (soma0 == null) {
                        soma0 = soma;
                    } else if (maxAbsDiff(soma0, soma) > 1e-3) {
                        out.printf(Locale.ROOT, "  %s at batch %d: cell 0's soma differs from the first run by"
                                + " %.2g (z-score)%n", layer, b, maxAbsDiff(soma0, soma));
                        status = 1;
                    }
                    double best = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < s.repeats(); i++) {
                        long t0 = System.nanoTime();
                        bp.predict(manager, ev, c -> { });
                        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                    }
                    double rate = (double) b * s.durationMs() / 1000.0 / best;
                    out.printf(Locale.ROOT, "%7d %-8s %6d %9.3f %14s %10sx %7.2f GB%n", b,
                            layer.name().toLowerCase(Locale.ROOT), bp.lastChunks(), best, sig(rate),
                            sig(rate / neuronRate), peakRssGb());
                    String name = String.format(Locale.ROOT, "%swhole-window inference, batch %d, %s first layer",
                            label, b, layer.name().toLowerCase(Locale.ROOT));
                    String measured = String.format(Locale.ROOT, "%s sim-s/wall-s (%d threads)", sig(rate),
                            s.threads());
                    String base = String.format(Locale.ROOT, "NEURON %s sim-s/wall-s", sig(neuronRate));
                    if (b >= 128 && label.isEmpty()) {
                        figures.add("infer", name, rate / neuronRate, base, measured, true, 100);
                    } else {
                        figures.add("infer", name, rate / neuronRate, base, measured);
                    }
                }
            }
        }
        return new WholeWindow(status, soma0);
    }

    /**
     * {@code net}'s architecture, layout and paths with the other trunk at its defaults, initialised with a fixed
     * seed: a speed reference for the trunk a saved surrogate does not have.
     */
    static SurrogateNet withTrunk(SurrogateNet net, Hyper.Trunk trunk, NDManager manager) {
        Hyper hyper = Hyper.builder().optTrunk(trunk).optLinearSkip(net.skip() != null)
                .optLocalInput(net.local() != null).optExperts(Math.max(1, net.experts())).build();
        SurrogateNet other = SurrogateNet.create(net.arch(), net.layout(), net.inputChannels(), hyper);
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        other.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                new Shape(1, net.inputChannels(), other.receptiveField()));
        return other;
    }

    private static Surrogate load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NeuroSurrogateException("--surrogate " + dir + ": no such folder");
        }
        try {
            return Surrogate.load(dir);
        } catch (NeuroSurrogateException e) {
            throw new NeuroSurrogateException("--surrogate " + e.getMessage(), e);
        }
    }

    /** Frames and channels of the events, sorted by (frame, channel), one per (frame, channel) bin. */
    static int[][] events(SpikeTrains trains) {
        int n = trains.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) Math.floor(trains.timesMs()[i]) << 32) | trains.channels()[i];
        }
        Arrays.sort(keys);
        int[] f = new int[n];
        int[] c = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && keys[i] == keys[i - 1]) {
                continue;
            }
            f[m] = (int) (keys[i] >>> 32);
            c[m] = (int) keys[i];
            m++;
        }
        return new int[][] {Arrays.copyOf(f, m), Arrays.copyOf(c, m)};
    }

    /** The warm-up call; returns cell 0's soma output (z-score) for the consistency checks. */
    private static float[] cellZeroSoma(BatchPredictor bp, NDManager manager, Events ev, SurrogateNet net) {
        int soma = net.layout().somaIndex();
        float[] out = new float[(int) net.outputFrames(ev.frames())];
        bp.predict(manager, ev, c -> {
            int n = c.to() - c.from();
            System.arraycopy(c.values(), soma * n, out, c.from(), n); // cell 0 is the first tasks × n values
        });
        return out;
    }

    private static void stream(SurrogateNet net, String label, NDManager manager, Settings s, int[][] frames,
            int[][] channels, double neuronRate, PrintStream out, Figures figures) {
        int c = net.inputChannels();
        out.printf(Locale.ROOT, "%sstreaming (StreamingPredictor, dense input, from rest): %d ms per cell, best of %d "
                + "after a warm-up; state carried per cell: %s%n", label, s.streamMs(), s.repeats(), net.isRecurrent()
                ? "the LSTM's h and c" : "each convolution's last input frames");
        out.printf("%7s %6s %9s %14s %11s %10s%n", "batch", "Δ ms", "wall s", "sim-s/wall-s", "vs NEURON",
                "ms/step");
        int r = net.receptiveField();
        for (int b : s.streamBatches()) {
            for (int delta : s.streamSteps()) {
                int steps = (s.streamMs() + delta - 1) / delta;
                // inputs from the first predicted frame on (frame R − 1 of each window): one (B, C, Δ) array per step
                float[][] x = new float[steps][b * c * delta];
                for (int cell = 0; cell < b; cell++) {
                    for (int i = 0; i < frames[cell].length; i++) {
                        int t = frames[cell][i] - (r - 1);
                        if (t >= 0 && t < steps * delta) {
                            x[t / delta][(cell * c + channels[cell][i]) * delta + t % delta] = 1f;
                        }
                    }
                }
                try (StreamingPredictor p = new StreamingPredictor(net, manager, b)) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int rep = 0; rep <= s.repeats(); rep++) { // rep 0 warms up
                        p.reset();
                        long t0 = System.nanoTime();
                        for (int k = 0; k < steps; k++) {
                            try (NDManager step = manager.newSubManager()) {
                                NDArray y = p.step(step.create(x[k], new Shape(b, c, delta)));
                                y.toFloatArray();
                            }
                        }
                        double wall = (System.nanoTime() - t0) / 1e9;
                        if (rep > 0) {
                            best = Math.min(best, wall);
                        }
                    }
                    double rate = (double) b * steps * delta / 1000.0 / best;
                    out.printf(Locale.ROOT, "%7d %6d %9.3f %14s %10sx %10.2f%n", b, delta, best, sig(rate),
                            sig(rate / neuronRate), best * 1000 / steps);
                    figures.add("infer", String.format(Locale.ROOT, "%sstreaming, batch %d, Δ %d ms", label, b, delta),
                            rate / neuronRate, String.format(Locale.ROOT, "NEURON %s sim-s/wall-s (1 cell)",
                                    sig(neuronRate)), String.format(Locale.ROOT, "%s sim-s/wall-s, %.2f ms/step",
                                    sig(rate), best * 1000 / steps));
                }
            }
        }
    }

    /** Three significant digits, never in exponent form (ratios span 0.001× to 1000×). */
    public static String sig(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** Resets the kernel's peak-RSS mark of this process (Linux: 5 → clear_refs); silently a no-op elsewhere. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException ignored) {
            // the peak then covers the whole run so far
        }
    }

    private static double peakRssGb() {
        try {
            return TrainBenchmark.vmHwmKb() / 1024.0 / 1024.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Parses a comma-separated list of whole numbers ≥ 1 (at most {@code max}), naming {@code flag} when bad. */
    public static int[] positiveList(String flag, String value, int max) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            try {
                int v = Integer.parseInt(part.strip());
                if (v < 1 || v > max) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new NeuroSurrogateException("--" + flag + " '" + value + "': a comma-separated list of whole "
                        + "numbers from 1 to " + max);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
