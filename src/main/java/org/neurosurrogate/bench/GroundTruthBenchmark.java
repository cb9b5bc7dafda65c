package org.neurosurrogate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.MechanismCompiler;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * {@code bench generate}'s ground-truth check: the generation path's NEURON simulations (this JVM, the bridge, the
 * project's mechanisms and compiler flags, as a generation worker runs them) against a plain NEURON script of the
 * same cell and input spike trains ({@code python-bridge/bench_generate_reference.py}: stock NEURON calls, the model's
 * hoc and mod files, the synapses in their original {@code METHOD cnexp} form from {@code python-bridge/reference},
 * compiled by nrnivmodl without extra flags). Both record every recorded segment at 1 ms in double precision; the
 * figure is the largest |ΔV| over all of them and the speed of each in simulated seconds per wall second.
 */
public final class GroundTruthBenchmark {
    /** The largest voltage difference (mV) a faster ground truth may make. */
    public static final double TOLERANCE_MV = 1e-6;
    /** The dataset seed whose simulations are compared: {@code generate --seed 1}'s first ones. */
    static final long SEED = 1;

    private GroundTruthBenchmark() {
    }

    /** The reference's synapse mechanisms: the project's synapses as they were before any speed-up. */
    public static Path referenceSynapses(PythonEnvironment env) {
        return env.bridgeDir().resolve("reference");
    }

    /**
     * Runs {@code simulations} simulations of {@code durationMs} both ways (each {@code repeats} times, the fastest
     * timed) and prints the comparison. Returns 0 when every voltage agrees within {@link #TOLERANCE_MV}, else 1.
     */
    public static int run(PythonEnvironment env, ModelSpec spec, int simulations, int durationMs, int repeats,
            PrintStream out, Figures figures) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ns-bench-ground-truth");
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            int segments = cell.segments().size();
            out.printf("ground truth: %d simulation%s x %d ms of %s (%d segments, inputs of generate --seed %d), "
                    + "best of %d run%s each%n", simulations, simulations == 1 ? "" : "s", durationMs, spec.name(),
                    segments, SEED, repeats, repeats == 1 ? "" : "s");
            out.printf("  plain NEURON: %s, synapses %s, nrnivmodl without extra flags%n",
                    env.bridgeDir().resolve("bench_generate_reference.py"), referenceSynapses(env));
            out.printf("  generation path: JVM + bridge, synapses %s, nrnivmodl flags '%s'%n",
                    CellSimulator.synapseModDir(env), MechanismCompiler.PROJECT_FLAGS);
            List<SpikeTrains> inputs = new ArrayList<>();
            List<Map<String, Object>> files = new ArrayList<>();
            for (int i = 0; i < simulations; i++) {
                SpikeTrains trains = InputProtocol.BENIAGUEV_2021.generate(cell.segments(), durationMs,
                        InputProtocol.simulationSeed(SEED, i));
                inputs.add(trains);
                files.add(writeInputs(work, i, trains));
            }
            double[] ref = new double[2]; // summed over simulations: best wall s, best CPU s
            double[] prod = new double[2];
            double maxDiff = 0;
            long differing = 0;
            int spikes = 0;
            double setup;
            List<Double> wallRatios = new ArrayList<>(); // plain ÷ generation path, run by run (adjacent in time)
            List<Double> cpuRatios = new ArrayList<>();
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            try (Reference reference = Reference.start(env, writeConfig(work, env, spec, durationMs, files))) {
                setup = reference.setupSeconds;
                for (int i = 0; i < simulations; i++) {
                    double[] refBest = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
                    double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
                    CellSimulator.DoubleRun run = null;
                    for (int r = 0; r < repeats; r++) { // alternated, so that both sides meet the same machine load
                        JsonNode t = reference.run(i);
                        double[] plain = {t.get("run_s").asDouble(), t.get("cpu_s").asDouble()};
                        long c0 = cpu.getCurrentThreadCpuTime(); // NEURON runs in this thread (JEP)
                        long t0 = System.nanoTime();
                        run = cell.runInDouble(inputs.get(i), durationMs, InputProtocol.simulationSeed(SEED, i));
                        double[] ours = {(System.nanoTime() - t0) / 1e9, (cpu.getCurrentThreadCpuTime() - c0) / 1e9};
                        for (int k = 0; k < 2; k++) {
                            refBest[k] = Math.min(refBest[k], plain[k]);
                            best[k] = Math.min(best[k], ours[k]);
                        }
                        wallRatios.add(plain[0] / ours[0]);
                        cpuRatios.add(plain[1] / ours[1]);
                    }
                    double[] expected = readDoubles(Path.of((String) files.get(i).get("voltages_file")));
                    if (expected.length != run.voltages().length) {
                        throw new NeuroSurrogateException("the plain-NEURON reference recorded " + expected.length
                                + " values, the generation path " + run.voltages().length);
                    }
                    int worst = 0;
                    double simMax = 0;
                    for (int k = 0; k < expected.length; k++) {
                        double d = Math.abs(expected[k] - run.voltages()[k]);
                        if (!(d <= simMax)) { // a NaN on either side counts as the largest difference
                            simMax = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                            worst = k;
                        }
                        if (expected[k] != run.voltages()[k]) {
                            differing++;
                        }
                    }
                    maxDiff = Math.max(maxDiff, simMax);
                    for (int k = 0; k < 2; k++) {
                        ref[k] += refBest[k];
                        prod[k] += best[k];
                    }
                    spikes += run.somaticSpikes();
                    out.printf(Locale.ROOT, "  simulation %d: plain NEURON %.2f s (CPU %.2f s), generation path %.2f s "
                            + "(CPU %.2f s); %d somatic spikes; max |dV| %s%n", i, refBest[0], refBest[1], best[0],
                            best[1], run.somaticSpikes(), simMax == 0 ? "0 (identical)" : String.format(Locale.ROOT,
                                    "%.3g mV (t = %d ms, segment %d)", simMax, worst / segments, worst % segments));
                }
            }
            double simulated = simulations * durationMs / 1000.0;
            long values = (long) simulations * durationMs * segments;
            boolean within = maxDiff <= TOLERANCE_MV;
            out.printf(Locale.ROOT, "max |dV| over %d values (%d segments, every ms): %s mV; %d values differ; "
                    + "%s the %.0e mV tolerance%n", values, segments,
                    maxDiff == 0 ? "0" : String.format(Locale.ROOT, "%.3g", maxDiff), differing,
                    within ? "within" : "EXCEEDS", TOLERANCE_MV);
            out.printf(Locale.ROOT, "speed (fastest runs): plain NEURON %.4f simulated s per wall s, generation path "
                    + "%.4f; ratio %.3fx%n", simulated / ref[0], simulated / prod[0], ref[0] / prod[0]);
            out.printf(Locale.ROOT, "  per CPU s (each side's own thread): plain NEURON %.4f, generation path %.4f; "
                    + "ratio %.3fx (set-up excluded: plain NEURON built the cell in %.1f s)%n", simulated / ref[1],
                    simulated / prod[1], ref[1] / prod[1], setup);
            if (wallRatios.size() > 1) {
                out.printf(Locale.ROOT, "  median of the %d run-by-run ratios (each pair adjacent in time; steadier on "
                        + "a shared machine): wall %.3fx (%.3f-%.3f), CPU %.3fx (%.3f-%.3f)%n", wallRatios.size(),
                        median(wallRatios), java.util.Collections.min(wallRatios),
                        java.util.Collections.max(wallRatios), median(cpuRatios), java.util.Collections.min(cpuRatios),
                        java.util.Collections.max(cpuRatios));
            }
            figures.add("generate", String.format(Locale.ROOT, "ground truth: %d × %d ms of %s, generation path vs "
                    + "plain NEURON", simulations, durationMs, spec.name()), ref[0] / prod[0],
                    String.format(Locale.ROOT, "plain NEURON %.3g sim-s/wall-s", simulated / ref[0]),
                    String.format(Locale.ROOT, "%.3g sim-s/wall-s (per CPU s %.3gx); max |ΔV| %.3g mV; %d somatic "
                            + "spikes", simulated / prod[0], ref[1] / prod[1], maxDiff, spikes));
            return within ? 0 : 1;
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private static Map<String, Object> writeInputs(Path work, int i, SpikeTrains trains) throws IOException {
        ByteBuffer tb = ByteBuffer.allocate(trains.size() * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer cb = ByteBuffer.allocate(trains.size() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < trains.size(); k++) {
            tb.putDouble(trains.timesMs()[k]);
            cb.putInt(trains.channels()[k]);
        }
        Map<String, Object> sim = new LinkedHashMap<>();
        sim.put("times_file", Files.write(work.resolve("times-" + i + ".f8"), tb.array()).toString());
        sim.put("channels_file", Files.write(work.resolve("channels-" + i + ".i4"), cb.array()).toString());
        sim.put("voltages_file", work.resolve("voltages-" + i + ".f8").toString());
        return sim;
    }

    private static Path writeConfig(Path work, PythonEnvironment env, ModelSpec spec, int durationMs,
            List<Map<String, Object>> simulations) throws IOException {
        List<Path> mods = new ArrayList<>(spec.modSources());
        mods.add(referenceSynapses(env));
        Path library = new MechanismCompiler(env, MechanismCompiler.defaultCacheRoot(), MechanismCompiler.STOCK_FLAGS)
                .compile(mods);
        Map<String, Object> cfg = PlainNeuronConfig.of(spec, library, durationMs);
        cfg.put("simulations", simulations);
        Path config = work.resolve("config.json");
        new ObjectMapper().writeValue(config.toFile(), cfg);
        return config;
    }

    /** The plain-NEURON script as a process that builds the cell once and then runs simulations on request. */
    private static final class Reference implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader stdout;
        private final java.io.Writer stdin;
        private final double setupSeconds;

        private Reference(Process process) throws IOException {
            this.process = process;
            this.stdout = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.setupSeconds = next().get("setup_s").asDouble();
        }

        static Reference start(PythonEnvironment env, Path config) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(env.python().toString(),
                    env.bridgeDir().resolve("bench_generate_reference.py").toString(), config.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("NEURON_MODULE_OPTIONS", "-nogui");
            pb.environment().remove("LD_PRELOAD"); // libjsig is for the JVM only
            pb.environment().remove("PYTHONPATH"); // the reference imports nothing of the project
            return new Reference(pb.start());
        }

        /** Runs simulation {@code index}; returns its wall and CPU time in seconds ({@code run_s}, {@code cpu_s}). */
        JsonNode run(int index) throws IOException {
            stdin.write("run " + index + "\n");
            stdin.flush();
            return next();
        }

        /** The next JSON line the script prints (NEURON's own lines are skipped). */
        private JsonNode next() throws IOException {
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith("{")) {
                    return new ObjectMapper().readTree(line);
                }
            }
            throw new NeuroSurrogateException("the plain-NEURON reference ended early (see its messages above)");
        }

        @Override
        public void close() throws IOException {
            try {
                stdin.close();
                if (!process.waitFor(1, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double[] readDoubles(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[b.remaining() / Double.BYTES];
        b.asDoubleBuffer().get(values);
        return values;
    }
}
