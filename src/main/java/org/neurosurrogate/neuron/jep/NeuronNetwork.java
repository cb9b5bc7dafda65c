package org.neurosurrogate.neuron.jep;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.CellMorphology;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SpikeDetector;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * A network of cells inside one embedded NEURON (one MPI rank): detailed cells built from their models' hoc
 * templates, surrogate cells as {@code NsSurrogateCell}s ({@code mod/network}), connections as NetCons between
 * gids through NEURON's ParallelContext, which does all event delivery and spike exchange. This class only
 * builds and advances; which cell is what, and what the surrogates compute, is decided above it.
 */
public final class NeuronNetwork implements AutoCloseable {
    /** The project's network mechanisms (the surrogate stand-in), compiled with every network's models. */
    public static Path networkModDir(PythonEnvironment env) {
        return env.home().resolve("mod").resolve("network");
    }

    /**
     * The events delivered to this rank's surrogate cells in one interval, binned: event i went to inbox slot
     * {@code slots[i]}, input channel {@code channels[i]}, in the interval's 1-ms frame {@code frames[i]}, with its
     * connection's weight; sorted by slot.
     */
    public record Inbox(int[] slots, int[] channels, int[] frames, float[] weights) {
        public int size() {
            return slots.length;
        }
    }

    /** Spikes of this rank's cells: times (ms) and gids, in NEURON's recording order. */
    public record Spikes(double[] timesMs, int[] gids) {
    }

    private final NeuronSession session;
    private final int rank;
    private final int ranks;
    private final Path mechanismLibrary;

    private NeuronNetwork(NeuronSession session, int rank, int ranks, Path mechanismLibrary) {
        this.session = session;
        this.rank = rank;
        this.ranks = ranks;
        this.mechanismLibrary = mechanismLibrary;
    }

    /**
     * Compiles (cached) and loads the mechanisms of every model together with the project's synapses and
     * network mechanisms, loads every model's hoc files, and starts an empty network.
     */
    public static NeuronNetwork open(List<ModelSpec> models, PythonEnvironment env) {
        Set<Path> modDirs = new LinkedHashSet<>();
        for (ModelSpec m : models) {
            modDirs.addAll(m.modSources());
        }
        modDirs.add(CellSimulator.synapseModDir(env));
        modDirs.add(networkModDir(env));
        Path library = new MechanismCompiler(env, MechanismCompiler.defaultCacheRoot()).compile(new ArrayList<>(modDirs));
        NeuronSession session = NeuronSession.open(env);
        try {
            session.netMpiInit();
            session.loadMechanisms(library);
            for (ModelSpec m : models) {
                for (Path hoc : m.hocFiles()) {
                    try {
                        session.loadHoc(hoc);
                    } catch (BridgeException e) {
                        throw new NeuroSurrogateException("model " + m.folder() + ": " + e.getMessage(), e);
                    }
                }
            }
            int[] r = session.netOpen();
            return new NeuronNetwork(session, r[0], r[1], library);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Forgets the network built so far (cells, gids, connections, spikes): the next run starts empty. */
    public void reset() {
        session.netOpen();
    }

    /** Every rank's spikes (all ranks call this together; without MPI, this rank's). */
    public Spikes gatherSpikes(double[] timesMs, int[] gids) {
        Object[] r = session.netGatherSpikes(timesMs, gids);
        long[] g = (long[]) r[1];
        int[] out = new int[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = Math.toIntExact(g[i]);
        }
        return new Spikes((double[]) r[0], out);
    }

    /** Every rank's recorded traces by gid: {segments, soma} (all ranks call this together). */
    public Map<Integer, float[][]> gatherVoltages(Map<Integer, float[][]> mine) {
        int[] gids = mine.keySet().stream().mapToInt(Integer::intValue).toArray();
        List<float[]> seg = new ArrayList<>();
        List<float[]> soma = new ArrayList<>();
        for (int g : gids) {
            seg.add(mine.get(g)[0]);
            soma.add(mine.get(g)[1]);
        }
        List<Object> r = session.netGatherVoltages(gids, seg, soma);
        long[] all = NeuronSession.longs(r.get(0));
        List<?> segs = (List<?>) r.get(1);
        List<?> somas = (List<?>) r.get(2);
        Map<Integer, float[][]> out = new TreeMap<>();
        for (int i = 0; i < all.length; i++) {
            out.put(Math.toIntExact(all[i]), new float[][] {NeuronSession.floats(segs.get(i)),
                NeuronSession.floats(somas.get(i))});
        }
        return out;
    }

    /** Element-wise maximum over ranks (all ranks call this together). */
    public double[] maxOverRanks(double[] values) {
        return session.netMax(values);
    }

    /**
     * Under MPI, ends this rank's process with {@code status} after MPI_Finalize (mpirun then sees a clean exit);
     * returns without doing anything otherwise. Flush Java's output first.
     */
    public void finishMpi(int status) {
        if (ranks > 1) {
            session.netFinishMpi(status);
        }
    }

    public int rank() {
        return rank;
    }

    public int ranks() {
        return ranks;
    }

    public Path mechanismLibrary() {
        return mechanismLibrary;
    }

    /** Builds a detailed cell of {@code spec} as {@code gid}, firing when its soma crosses the spike threshold. */
    public int addDetailed(int gid, ModelSpec spec) {
        try {
            return session.netAddDetailed(gid, spec.template(), spec.templateArgs(), spec.soma(), spec.recordedLists(),
                    spec.synapses(), SpikeDetector.DEFAULT_THRESHOLD_MV);
        } catch (BridgeException e) {
            throw new NeuroSurrogateException("model " + spec.folder() + ": " + e.getMessage(), e);
        }
    }

    /** The morphology and segment table of a model, from an instance built and dropped at once. */
    public CellMorphology describeModel(ModelSpec spec) {
        try {
            return CellSimulator.morphologyOf(session.netDescribeModel(spec.template(), spec.templateArgs(), spec.soma(),
                    spec.recordedLists()), spec);
        } catch (BridgeException e) {
            throw new NeuroSurrogateException("model " + spec.folder() + ": " + e.getMessage(), e);
        }
    }

    /** The morphology and segment table of a detailed cell already built on this rank. */
    public CellMorphology describe(int gid, ModelSpec spec) {
        return CellSimulator.morphologyOf(session.netDescribe(gid, spec.recordedLists()), spec);
    }

    /** A surrogate cell as {@code gid}; its received events carry {@code slot}. */
    public void addSurrogate(int gid, int slot) {
        session.netAddSurrogate(gid, slot);
    }

    /** NetCons into this rank's cells: {@code channels} follow the input-channel contract of each target. */
    public int connect(int[] sources, int[] targets, int[] channels, double[] weights, double[] delaysMs) {
        return session.netConnect(sources, targets, channels, weights, delaysMs);
    }

    /** Background input spikes of a detailed cell, queued at initialisation. */
    public void setBackground(int gid, SpikeTrains inputs) {
        session.netSetBackground(gid, inputs.timesMs(), inputs.channels());
    }

    /** Records a detailed cell's segments at 1 ms and its soma at {@link CellSimulator#SOMA_INTERVAL_MS}. */
    public void record(int gid) {
        session.netRecord(gid, CellSimulator.SEGMENT_INTERVAL_MS, CellSimulator.SOMA_INTERVAL_MS);
    }

    /** Initialises at fixed step; returns NEURON's spike-exchange interval (ms). */
    public double init(double dtMs, double vInit, double celsius, double maxStepMs) {
        return session.netInit(dtMs, vInit, celsius, maxStepMs);
    }

    /**
     * Integrates the interval [{@code t0Ms}, {@code t0Ms + frames}); returns the events delivered to this rank's
     * surrogate cells meanwhile, binned into its 1-ms frames (one delivered at the interval's very end belongs to
     * the next interval's first frame and comes with the next call).
     */
    public Inbox advance(int t0Ms, int frames) {
        Object[] r = session.netAdvance(t0Ms + frames, t0Ms, frames);
        return new Inbox((int[]) r[0], (int[]) r[1], (int[]) r[2], (float[]) r[3]);
    }

    /** Makes each surrogate gid fire at its time (not before NEURON's present time). */
    public void emit(int[] gids, double[] timesMs) {
        if (gids.length > 0) {
            session.netEmit(gids, timesMs);
        }
    }

    public Spikes spikes() {
        Object[] r = session.netSpikes();
        long[] g = (long[]) r[1];
        int[] gids = new int[g.length];
        for (int i = 0; i < g.length; i++) {
            gids[i] = Math.toIntExact(g[i]);
        }
        return new Spikes((double[]) r[0], gids);
    }

    /**
     * A recorded detailed cell's traces: {@code voltages} time-major {@code [durationMs × segments]} at 1 ms, and
     * the soma at {@link CellSimulator#SOMA_INTERVAL_MS}.
     */
    public float[][] voltages(int gid, int durationMs, int segments) {
        FloatBuffer v = NeuronSession.directFloats(Math.multiplyExact(durationMs, segments));
        int somaSamples = (int) Math.round(durationMs / CellSimulator.SOMA_INTERVAL_MS);
        FloatBuffer soma = NeuronSession.directFloats(somaSamples);
        session.netVoltages(gid, v, durationMs, segments, soma);
        float[] vv = new float[durationMs * segments];
        v.get(0, vv);
        float[] ss = new float[somaSamples];
        soma.get(0, ss);
        return new float[][] {vv, ss};
    }

    @Override
    public void close() {
        session.close();
    }
}
