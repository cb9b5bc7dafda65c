package org.neurosurrogate.hybrid;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.Progress;
import org.neurosurrogate.neuron.BackgroundStream;
import org.neurosurrogate.neuron.ModelFingerprint;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.NeuronNetwork;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * Runs a network plan in NEURON with its surrogate cells computed by their surrogates.
 *
 * <p>Synchronisation. NEURON advances in intervals of Δ ms ({@link NetworkPlan#intervalMs}). After each
 * interval [T, T + Δ): (1) the events NEURON delivered to the surrogates' {@code NsSurrogateCell}s during it are
 * drained and put into 1-ms input bins of their cells (channel from the connection, value its weight), next to
 * the cells' own background spikes; (2) all surrogate cells of a surrogate run one batched streaming step over
 * the Δ frames — with K = 2 ({@link NetworkPlan#lagIntervals}) on a thread of its own while NEURON integrates the
 * next interval, so the two costs overlap; (3) each spike predicted at time s ∈ [T, T + Δ) is handed back to
 * NEURON as an event at s + K·Δ on the cell's {@code NsSurrogateCell}, which fires then, and every NetCon leaving a
 * surrogate is K·Δ shorter than its connection's delay d, so the spike reaches each target at exactly s + d — as
 * it would from a detailed cell — provided s + K·Δ is not in NEURON's past (it is not: NEURON stands at T + K·Δ
 * when the spike is handed over, and s ≥ T + 0.5) and d − K·Δ ≥ dt (checked by the plan). Events into surrogates
 * need no such margin: NEURON delivers them at their exact time and they are read after the interval in which
 * they arrive. K changes when the surrogates compute, not what: K = 1 and K = 2 give the same spikes.
 */
public final class HybridRunner {
    /** NEURON's maximum spike-exchange interval (its actual one is the smallest NetCon delay from a gid). */
    static final double MAX_STEP_MS = 10;
    /**
     * A surrogate cell's background is drawn this many ms ahead: the protocol's generator reads its rates of every
     * channel (about 0.2 MB per cell) once per chunk, not once per 2-ms interval (measured at 1000 cells: 18 ms of
     * drawing per cell and simulated second when each interval drew its own, 8 ms for one cell alone).
     */
    static final int BACKGROUND_CHUNK_MS = 25;

    private HybridRunner() {
    }

    /** The models of the spec's populations, in first-use order without repeats. */
    static List<ModelSpec> models(NetworkSpec spec) {
        List<ModelSpec> out = new ArrayList<>();
        for (NetworkSpec.Population p : spec.populations()) {
            if (!out.contains(p.spec())) {
                out.add(p.spec());
            }
        }
        return out;
    }

    /** Loads each population's surrogate (null where a population has none). */
    public static List<Surrogate> loadSurrogates(NetworkSpec spec) {
        List<Surrogate> out = new ArrayList<>();
        Map<java.nio.file.Path, Surrogate> byPath = new HashMap<>();
        for (NetworkSpec.Population p : spec.populations()) {
            if (p.surrogate() == null) {
                out.add(null);
                continue;
            }
            Surrogate s = byPath.get(p.surrogate().path());
            if (s == null) {
                try {
                    s = Surrogate.load(p.surrogate().path());
                } catch (java.io.IOException e) {
                    throw new NeuroSurrogateException(p.surrogate().path() + ": cannot read the surrogate ("
                            + e.getMessage() + ")", e);
                }
                byPath.put(p.surrogate().path(), s);
            }
            out.add(s);
        }
        return out;
    }

    /**
     * Refuses a surrogate made for another cell model: a different model fingerprint (when the surrogate saved
     * one) or a different segment table.
     */
    static void checkSurrogateFits(NetworkSpec spec, int population, Surrogate s, SegmentTable table,
                                   PythonEnvironment env) {
        NetworkSpec.Population p = spec.populations().get(population);
        Object saved = s.info().get("model_hash");
        String hash = ModelFingerprint.of(p.spec(), List.of(CellSimulator.synapseModDir(env)));
        String where = spec.file() + ": populations[" + population + "] ('" + p.name() + "'): surrogate "
                + p.surrogate().path();
        if (saved != null && !hash.equals(saved)) {
            throw new NeuroSurrogateException(where + " was trained on another cell model (fingerprint " + saved
                    + ", model " + p.model() + " has " + hash + "): train one on this model");
        }
        try {
            s.checkCompatible(table);
        } catch (NeuroSurrogateException e) {
            throw new NeuroSurrogateException(where + " does not fit model " + p.model() + ": " + e.getMessage());
        }
    }

    static double threshold(NetworkSpec.Population p, Surrogate s) {
        if (!Double.isNaN(p.surrogate().spikeThreshold())) {
            return p.surrogate().spikeThreshold();
        }
        return s.spikeThreshold();
    }

    /**
     * Builds and runs the network on this process's rank.
     *
     * @param surrogates per population, from {@link #loadSurrogates} (when {@code allDetailed} only checked: the
     *     reference must be the network the hybrid run will be)
     * @param allDetailed every cell a detailed NEURON cell (the reference for validation)
     */
    public static HybridResult run(NetworkSpec spec, List<Surrogate> surrogates, boolean allDetailed,
                                   PythonEnvironment env, PrintStream out) {
        try (NeuronNetwork net = open(spec, env)) {
            return run(net, spec, surrogates, allDetailed, env, out);
        }
    }

    /** Each population's segment table, as NEURON builds its model. */
    static List<SegmentTable> tables(NeuronNetwork net, NetworkSpec spec) {
        Map<ModelSpec, SegmentTable> byModel = new LinkedHashMap<>();
        List<SegmentTable> tables = new ArrayList<>();
        for (NetworkSpec.Population p : spec.populations()) {
            tables.add(byModel.computeIfAbsent(p.spec(), m -> net.describeModel(m).segments()));
        }
        return tables;
    }

    /** A NEURON (one per process) with every mechanism and hoc file the spec's models need. */
    public static NeuronNetwork open(NetworkSpec spec, PythonEnvironment env) {
        return NeuronNetwork.open(models(spec), env);
    }

    /**
     * As {@link #run(NetworkSpec, List, boolean, PythonEnvironment, PrintStream)} in an open NEURON, which may
     * serve several runs one after the other. Under MPI every rank calls this; every rank gets the whole result.
     */
    public static HybridResult run(NeuronNetwork net, NetworkSpec spec, List<Surrogate> surrogates,
                                   boolean allDetailed, PythonEnvironment env, PrintStream out) {
        long t0 = System.nanoTime();
        net.reset();
        List<SegmentTable> tables = tables(net, spec);
        // the hybrid network's checks even for its all-detailed reference, which runs first: a surrogate that
        // does not fit or a delay too short is refused before minutes of NEURON, not after
        for (int p = 0; p < spec.populations().size(); p++) {
            if (surrogates.get(p) != null) {
                checkSurrogateFits(spec, p, surrogates.get(p), tables.get(p), env);
            }
        }
        NetworkPlan hybridPlan = NetworkPlan.of(spec, tables, false);
        NetworkPlan plan = allDetailed ? NetworkPlan.of(spec, tables, true) : hybridPlan;
        if (net.ranks() > plan.cells().size()) {
            throw new NeuroSurrogateException(spec.file() + ": " + net.ranks() + " MPI ranks for "
                    + plan.cells().size() + " cells: run with at most " + plan.cells().size() + " ranks");
        }
        try {
            return new Run(plan, surrogates, net, out).execute(t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NeuroSurrogateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** One run's state on this rank. */
    private static final class Run {
        private final NetworkPlan plan;
        private final NeuronNetwork net;
        private final PrintStream out;
        private final int interval;
        private final List<SurrogateBatch> batches = new ArrayList<>();
        private final Map<Integer, int[]> slotOfGid = new HashMap<>(); // gid -> {batch, slot}
        private final Map<Integer, BackgroundStream> surrogateBackground = new HashMap<>();
        /**
         * Per batch and slot: the cell's background input, streamed interval by interval (or null): the same spikes
         * as a detailed cell's, with a state that does not grow with the run.
         */
        private BackgroundStream[][] background;
        private final Map<Integer, List<Double>> surrogateSpikes = new HashMap<>();
        private final Set<Integer> recorded;
        private final List<NetworkPlan.Cell> mine;

        Run(NetworkPlan plan, List<Surrogate> surrogates, NeuronNetwork net, PrintStream out) {
            this.plan = plan;
            this.net = net;
            this.out = out;
            this.interval = plan.intervalMs();
            this.recorded = Set.copyOf(plan.spec().recordVoltages());
            this.mine = plan.cellsOfRank(net.rank(), net.ranks());
            build(surrogates);
        }

        private void build(List<Surrogate> surrogates) {
            NetworkSpec spec = plan.spec();
            Map<Integer, List<Integer>> gidsOfPopulation = new LinkedHashMap<>();
            for (NetworkPlan.Cell c : mine) {
                NetworkSpec.Population pop = spec.populations().get(c.population());
                SegmentTable table = plan.tables().get(c.population());
                if (c.surrogate()) {
                    gidsOfPopulation.computeIfAbsent(c.population(), k -> new ArrayList<>()).add(c.gid());
                    surrogateBackground.put(c.gid(), backgroundStream(pop, table, c.gid()));
                    surrogateSpikes.put(c.gid(), new ArrayList<>());
                } else {
                    int n = net.addDetailed(c.gid(), pop.spec());
                    if (n != table.size()) {
                        throw new NeuroSurrogateException("cell " + c.gid() + " of population " + pop.name() + " has "
                                + n + " recorded segments, its model's table " + table.size());
                    }
                    SpikeTrains bg = background(pop, table, c.gid());
                    if (bg != null) {
                        net.setBackground(c.gid(), bg);
                    }
                    if (recorded.contains(c.gid())) {
                        net.record(c.gid());
                    }
                }
            }
            // one batch per population with surrogates (cells of a population share one surrogate)
            for (Map.Entry<Integer, List<Integer>> e : gidsOfPopulation.entrySet()) {
                NetworkSpec.Population pop = spec.populations().get(e.getKey());
                Surrogate s = surrogates.get(e.getKey());
                int[] gids = e.getValue().stream().mapToInt(Integer::intValue).toArray();
                boolean[] rec = new boolean[gids.length];
                int batchIndex = batches.size();
                for (int slot = 0; slot < gids.length; slot++) {
                    rec[slot] = recorded.contains(gids[slot]);
                    slotOfGid.put(gids[slot], new int[] {batchIndex, slot});
                }
                batches.add(new SurrogateBatch(s, gids, threshold(pop, s), interval, rec, spec.durationMs(),
                        sparseThreads()));
            }
            background = new BackgroundStream[batches.size()][];
            for (int b = 0; b < batches.size(); b++) {
                SurrogateBatch batch = batches.get(b);
                background[b] = new BackgroundStream[batch.size()];
                for (int slot = 0; slot < batch.size(); slot++) {
                    background[b][slot] = surrogateBackground.remove(batch.gid(slot));
                }
            }
            // inbox slots are global over this rank's batches: batch b's slot k is sum(sizes before b) + k
            int[] slotBase = slotBases();
            for (Map.Entry<Integer, int[]> e : slotOfGid.entrySet()) {
                net.addSurrogate(e.getKey(), slotBase[e.getValue()[0]] + e.getValue()[1]);
            }
            connect();
        }

        private int[] slotBases() {
            int[] base = new int[batches.size() + 1];
            for (int b = 0; b < batches.size(); b++) {
                base[b + 1] = base[b] + batches.get(b).size();
            }
            return base;
        }

        /** A surrogate cell's background: the trains {@link #background} gives, streamed. */
        private BackgroundStream backgroundStream(NetworkSpec.Population pop, SegmentTable table, int gid) {
            NetworkSpec.Background b = pop.background();
            if (b == null) {
                return null;
            }
            long seed = plan.backgroundSeed(gid);
            int duration = plan.spec().durationMs();
            return (b.protocol() != null ? b.protocol().stream(table, duration, seed)
                    : b.poisson().stream(table, duration, seed)).ahead(BACKGROUND_CHUNK_MS);
        }

        private SpikeTrains background(NetworkSpec.Population pop, SegmentTable table, int gid) {
            NetworkSpec.Background b = pop.background();
            if (b == null) {
                return null;
            }
            long seed = plan.backgroundSeed(gid);
            int duration = plan.spec().durationMs();
            return b.protocol() != null ? b.protocol().generate(table, duration, seed)
                    : b.poisson().generate(table, duration, seed);
        }

        private void connect() {
            Map<Integer, NetworkPlan.Cell> local = mine.stream()
                    .collect(Collectors.toMap(NetworkPlan.Cell::gid, c -> c));
            List<NetworkPlan.Connection> into = plan.connections().stream()
                    .filter(c -> local.containsKey(c.target())).toList();
            int n = into.size();
            int[] src = new int[n];
            int[] tgt = new int[n];
            int[] ch = new int[n];
            double[] w = new double[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                NetworkPlan.Connection c = into.get(i);
                src[i] = c.source();
                tgt[i] = c.target();
                ch[i] = c.channel();
                w[i] = c.weight();
                // a surrogate's spike is sent Δ late (see the class comment), so its NetCons are Δ shorter
                d[i] = plan.cells().get(c.source()).surrogate()
                        ? c.delayMs() - (double) plan.lagIntervals() * interval : c.delayMs();
            }
            if (n > 0) {
                net.connect(src, tgt, ch, w, d);
            }
        }

        /** One batched step of every surrogate batch: the spikes (gid, time) and how long it took. */
        private record StepOut(List<double[]> spikes, long nanos) {
        }

        private StepOut stepAll(int t, int frames) {
            long a = System.nanoTime();
            addBackground(t, frames);
            List<double[]> spikes = new ArrayList<>();
            for (SurrogateBatch batch : batches) {
                for (SurrogateBatch.Spike s : batch.step(t, frames)) {
                    spikes.add(new double[] {batch.gid(s.slot()), s.timeMs()});
                }
            }
            return new StepOut(spikes, System.nanoTime() - a);
        }

        /** Records a step's spikes and hands them to NEURON, each to fire K·Δ after its time. */
        private void emit(StepOut o, boolean send) {
            int[] gids = new int[o.spikes().size()];
            double[] times = new double[gids.length];
            for (int i = 0; i < gids.length; i++) {
                gids[i] = (int) o.spikes().get(i)[0];
                times[i] = o.spikes().get(i)[1] + (double) plan.lagIntervals() * interval;
                surrogateSpikes.get(gids[i]).add(o.spikes().get(i)[1]);
            }
            if (send) {
                net.emit(gids, times);
            }
        }

        HybridResult execute(long t0) throws InterruptedException, ExecutionException {
            NetworkSpec spec = plan.spec();
            ModelSpec first = spec.populations().get(0).spec();
            double exchangeInterval = net.init(plan.dtMs(), first.vInit(), first.celsius(), MAX_STEP_MS);
            double setupS = (System.nanoTime() - t0) / 1e9;
            long neuronNs = 0;
            long surrogateNs = 0;
            long exchangeNs = 0;
            long waitNs = 0;
            int duration = spec.durationMs();
            int[] slotBase = slotBases();
            boolean overlap = plan.lagIntervals() == 2 && !batches.isEmpty();
            // K = 2: the step of interval k runs on this thread while NEURON (on the caller's, JEP's) integrates k + 1
            ExecutorService stepper = overlap ? Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "surrogate-steps");
                th.setDaemon(true);
                return th;
            }) : null;
            Future<StepOut> pending = null;
            long loopStart = System.nanoTime();
            try (Progress progress = Progress.start("network", duration, "ms", out, 10)) {
                for (int t = 0; t < duration; t += interval) {
                    int frames = Math.min(interval, duration - t);
                    long a = System.nanoTime();
                    NeuronNetwork.Inbox events = net.advance(t, frames);
                    long b = System.nanoTime();
                    neuronNs += b - a;
                    if (!batches.isEmpty()) {
                        if (overlap) {
                            long waited = 0;
                            if (pending != null) {
                                StepOut o = pending.get(); // the previous interval's step, run beside NEURON
                                waited = System.nanoTime() - b;
                                surrogateNs += o.nanos();
                                emit(o, true);
                            }
                            fillInputs(events, t, frames, slotBase);
                            int t1 = t;
                            pending = stepper.submit(() -> stepAll(t1, frames));
                            waitNs += waited;
                            exchangeNs += System.nanoTime() - b - waited;
                        } else {
                            fillInputs(events, t, frames, slotBase);
                            long c = System.nanoTime();
                            StepOut o = stepAll(t, frames);
                            surrogateNs += o.nanos();
                            long d = System.nanoTime();
                            emit(o, true);
                            exchangeNs += (c - b) + (System.nanoTime() - d);
                        }
                    }
                    progress.step(frames, String.format(java.util.Locale.ROOT, "%.3g simulated s per wall s",
                            (t + frames) / 1000.0 / ((System.nanoTime() - loopStart) / 1e9)));
                }
                if (pending != null) {
                    long w0 = System.nanoTime();
                    StepOut o = pending.get(); // the last interval: its spikes fall after the end, none to send
                    waitNs += System.nanoTime() - w0;
                    surrogateNs += o.nanos();
                    emit(o, false);
                }
            } finally {
                if (stepper != null) {
                    stepper.shutdownNow();
                }
            }
            double loopS = (System.nanoTime() - loopStart) / 1e9;
            return collect(neuronNs / 1e9, surrogateNs / 1e9, exchangeNs / 1e9, waitNs / 1e9, setupS, loopS,
                    exchangeInterval);
        }

        /**
         * Puts this interval's received events (binned and sorted by slot by the bridge) into the batches' inputs:
         * each batch takes its run of slots.
         */
        private void fillInputs(NeuronNetwork.Inbox events, int t, int frames, int[] slotBase) {
            int[] slots = events.slots();
            int e = 0;
            for (int b = 0; b < batches.size(); b++) {
                int from = e;
                while (e < slots.length && slots[e] < slotBase[b + 1]) {
                    e++;
                }
                if (from < e && slots[from] < slotBase[b]) {
                    throw new IllegalStateException("inbox slot " + slots[from] + " is no surrogate of this rank");
                }
                batches.get(b).addAll(slots, events.channels(), events.frames(), events.weights(), from, e,
                        slotBase[b]);
            }
            if (e < slots.length) {
                throw new IllegalStateException("inbox slot " + slots[e] + " is no surrogate of this rank");
            }
        }

        /**
         * The surrogate cells' own background spikes of the interval [t, t + frames), into their input bins. With
         * more than one thread the cells' streams are drawn in parallel (each into its own buffer), then added.
         */
        private void addBackground(int t, int frames) {
            int threads = sparseThreads();
            for (int b = 0; b < batches.size(); b++) {
                SurrogateBatch batch = batches.get(b);
                BackgroundStream[] streams = background[b];
                if (threads == 1) {
                    for (int slot = 0; slot < batch.size(); slot++) {
                        if (streams[slot] != null) {
                            int s = slot;
                            streams[slot].next(t + frames, (ms, channel) -> batch.add(s, channel, ms - t, 1f));
                        }
                    }
                    continue;
                }
                int[][] drawn = new int[batch.size()][];
                java.util.stream.IntStream.range(0, threads).parallel().forEach(part -> {
                    for (int slot = part; slot < streams.length; slot += threads) {
                        if (streams[slot] != null) {
                            int[][] buf = {new int[64]};
                            int[] n = {0};
                            streams[slot].next(t + frames, (ms, channel) -> {
                                if (n[0] + 2 > buf[0].length) {
                                    buf[0] = Arrays.copyOf(buf[0], 2 * buf[0].length);
                                }
                                buf[0][n[0]++] = ms - t;
                                buf[0][n[0]++] = channel;
                            });
                            drawn[slot] = Arrays.copyOf(buf[0], n[0]);
                        }
                    }
                });
                for (int slot = 0; slot < drawn.length; slot++) {
                    int[] e = drawn[slot];
                    for (int i = 0; e != null && i < e.length; i += 2) {
                        batch.add(slot, e[i + 1], e[i], 1f);
                    }
                }
            }
        }

        /** Java threads of the sparse first layer: libtorch's (see {@code --threads}). */
        private static int sparseThreads() {
            return Math.max(1, Integer.getInteger("ai.djl.pytorch.num_threads", 1));
        }

        private HybridResult collect(double neuronS, double surrogateS, double exchangeS, double waitS, double setupS,
                                     double loopS, double exchangeInterval) {
            int cells = plan.cells().size();
            List<List<Double>> spikes = new ArrayList<>();
            for (int g = 0; g < cells; g++) {
                spikes.add(new ArrayList<>());
            }
            NeuronNetwork.Spikes recordedSpikes = net.spikes();
            for (int i = 0; i < recordedSpikes.gids().length; i++) {
                int gid = recordedSpikes.gids()[i];
                if (!plan.cells().get(gid).surrogate()) {
                    spikes.get(gid).add(recordedSpikes.timesMs()[i]);
                }
            }
            surrogateSpikes.forEach((gid, times) -> spikes.get(gid).addAll(times));
            // every rank's spikes, so each rank (and rank 0, which writes) holds the whole network's
            List<Double> mineT = new ArrayList<>();
            List<Integer> mineG = new ArrayList<>();
            for (NetworkPlan.Cell c : mine) {
                for (double t : spikes.get(c.gid())) {
                    mineT.add(t);
                    mineG.add(c.gid());
                }
            }
            NeuronNetwork.Spikes all = net.gatherSpikes(mineT.stream().mapToDouble(Double::doubleValue).toArray(),
                    mineG.stream().mapToInt(Integer::intValue).toArray());
            spikes.forEach(List::clear);
            for (int i = 0; i < all.gids().length; i++) {
                spikes.get(all.gids()[i]).add(all.timesMs()[i]);
            }
            double[][] times = new double[cells][];
            for (int g = 0; g < cells; g++) {
                times[g] = spikes.get(g).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            }
            Map<Integer, float[][]> voltages = new LinkedHashMap<>();
            int duration = plan.spec().durationMs();
            int[] rankOf = plan.rankOfCells(net.ranks());
            for (int gid : plan.spec().recordVoltages()) {
                NetworkPlan.Cell c = plan.cells().get(gid);
                if (rankOf[c.gid()] != net.rank()) {
                    continue;
                }
                if (c.surrogate()) {
                    int[] bs = slotOfGid.get(gid);
                    voltages.put(gid, batches.get(bs[0]).recording(bs[1]));
                } else {
                    int segments = plan.tables().get(c.population()).size();
                    float[][] v = net.voltages(gid, duration, segments);
                    float[] soma = new float[duration];
                    int per = (int) Math.round(1.0 / CellSimulator.SOMA_INTERVAL_MS);
                    for (int t = 0; t < duration; t++) {
                        soma[t] = v[1][Math.min(v[1].length - 1, t * per)];
                    }
                    voltages.put(gid, new float[][] {v[0], soma});
                }
            }
            for (SurrogateBatch b : batches) {
                b.close();
            }
            Map<Integer, float[][]> allVoltages = net.gatherVoltages(voltages);
            double[] wall = net.maxOverRanks(new double[] {neuronS, surrogateS, exchangeS, waitS, setupS, loopS});
            return new HybridResult(plan, times, allVoltages, wall[0], wall[1], wall[2], wall[3], wall[4], wall[5],
                    exchangeInterval, net.ranks());
        }
    }

    /** Spike counts per gid as a compact string, for logs and tests. */
    static String describeSpikes(double[][] spikes) {
        return Arrays.stream(spikes).map(s -> Integer.toString(s.length)).collect(Collectors.joining(","));
    }
}
