package org.neurosurrogate.neuron.jep;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.CellMorphology;
import org.neurosurrogate.neuron.ModelFingerprint;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.RegionClassifier;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeDetector;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * One cell model, built inside an embedded NEURON and ready to simulate: mechanisms compiled (cached)
 * and loaded, hoc files loaded, the template instantiated, synapses placed on every recorded segment,
 * and recorders attached. {@link #run} may be called many times with different inputs.
 */
public final class CellSimulator implements AutoCloseable {
    /** Soma sampling for spike detection: 1/8 ms as in Beniaguev et al. (2021). */
    public static final double SOMA_INTERVAL_MS = 0.125;
    /** Segment voltages are sampled on a 1-ms grid, the surrogate's time step. */
    public static final double SEGMENT_INTERVAL_MS = 1.0;

    private final ModelSpec spec;
    private final NeuronSession session;
    private final CellMorphology morphology;
    private final String neuronVersion;
    private final String modelHash;
    private final Path mechanismLibrary;

    private CellSimulator(ModelSpec spec, NeuronSession session, CellMorphology morphology, String neuronVersion,
                          String modelHash, Path mechanismLibrary) {
        this.mechanismLibrary = mechanismLibrary;
        this.spec = spec;
        this.session = session;
        this.morphology = morphology;
        this.neuronVersion = neuronVersion;
        this.modelHash = modelHash;
    }

    /** The project's own synapse mechanisms, compiled together with every model's. */
    public static Path synapseModDir(PythonEnvironment env) {
        return env.home().resolve("mod").resolve("synapses");
    }

    /** Builds the cell in a new NEURON session, compiling mechanisms into the default cache if needed. */
    public static CellSimulator open(ModelSpec spec, PythonEnvironment env) {
        return open(spec, env, MechanismCompiler.defaultCacheRoot());
    }

    public static CellSimulator open(ModelSpec spec, PythonEnvironment env, Path mechanismCache) {
        List<Path> modDirs = new ArrayList<>(spec.modSources());
        modDirs.add(synapseModDir(env));
        // the network mechanisms too, so one process can simulate a cell and then run a network of it (one library)
        modDirs.add(NeuronNetwork.networkModDir(env));
        Path library = new MechanismCompiler(env, mechanismCache).compile(modDirs);
        String hash = ModelFingerprint.of(spec, List.of(synapseModDir(env)));
        NeuronSession session = NeuronSession.open(env);
        try {
            session.loadMechanisms(library);
            for (Path hoc : spec.hocFiles()) {
                session.loadHoc(hoc);
            }
            session.instantiate(spec.template(), spec.templateArgs(), spec.soma());
            CellMorphology morphology = describe(session, spec);
            session.placeSynapses(spec.synapses());
            session.record(SEGMENT_INTERVAL_MS, SOMA_INTERVAL_MS);
            return new CellSimulator(spec, session, morphology, session.neuronVersion(), hash, library);
        } catch (RuntimeException e) {
            session.close();
            if (e instanceof BridgeException b) {
                throw new NeuroSurrogateException("model " + spec.folder() + ": " + b.getMessage(), b);
            }
            throw e;
        }
    }

    private static CellMorphology describe(NeuronSession session, ModelSpec spec) {
        return morphologyOf(session.describe(spec.recordedLists()), spec);
    }

    /** The bridge's raw section and segment description as a morphology with its segment table. */
    static CellMorphology morphologyOf(Map<String, Map<String, List<Object>>> raw, ModelSpec spec) {
        Map<String, List<Object>> sec = raw.get("sections");
        Map<String, List<Object>> seg = raw.get("segments");
        String[] names = sec.get("name").stream().map(o -> CellMorphology.shortName((String) o)).toArray(String[]::new);
        int[] parent = ints(sec.get("parent"));
        double[] diam0 = doubles(sec.get("diam0"));
        List<List<String>> mechs = sec.get("mechanisms").stream()
                .map(o -> ((String) o).isEmpty() ? List.<String>of() : Arrays.asList(((String) o).split(",")))
                .toList();
        int[] sectionOfSegment = ints(seg.get("section"));
        String[] lists = seg.get("list").stream().map(String.class::cast).toArray(String[]::new);
        CellMorphology skeleton = new CellMorphology(names, parent, doubles(sec.get("length")), ints(sec.get("nseg")),
                diam0, mechs, null);
        Region[] regions;
        try {
            regions = RegionClassifier.classify(names, parent, diam0, skeleton.children(), sectionOfSegment, lists,
                    spec.trunkEnd());
        } catch (IllegalArgumentException e) {
            throw new NeuroSurrogateException(spec.folder().resolve(ModelSpec.FILE_NAME) + ": " + e.getMessage());
        }
        double[] cx = doubles(seg.get("cx"));
        double[] cy = doubles(seg.get("cy"));
        double[] cz = doubles(seg.get("cz"));
        double[][] centre = new double[cx.length][];
        for (int i = 0; i < cx.length; i++) {
            centre[i] = new double[] {cx[i], cy[i], cz[i]};
        }
        String[] segSection = Arrays.stream(sectionOfSegment).mapToObj(i -> names[i]).toArray(String[]::new);
        SegmentTable table = new SegmentTable(segSection, doubles(seg.get("x")), doubles(seg.get("distance")), regions,
                doubles(seg.get("diam")), doubles(seg.get("length")), centre);
        return new CellMorphology(names, parent, skeleton.sectionLength(), skeleton.nseg(), diam0, mechs, table);
    }

    private static int[] ints(List<Object> values) {
        return values.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    private static double[] doubles(List<Object> values) {
        return values.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    public ModelSpec spec() {
        return spec;
    }

    public CellMorphology morphology() {
        return morphology;
    }

    public SegmentTable segments() {
        return morphology.segments();
    }

    public String neuronVersion() {
        return neuronVersion;
    }

    /** Content hash of the model's files (see {@link ModelFingerprint}). */
    public String modelHash() {
        return modelHash;
    }

    /** The compiled mechanism library this cell was built with. */
    public Path mechanismLibrary() {
        return mechanismLibrary;
    }

    /** The session, for protocols that add electrodes or probes (validation, benchmarks). */
    public NeuronSession session() {
        return session;
    }

    /** Simulates {@code durationMs} under the given input spikes. */
    public SimulationResult run(SpikeTrains inputs, int durationMs, long seed) {
        check(inputs, durationMs);
        int segments = segments().size();
        FloatBuffer v = NeuronSession.directFloats(Math.multiplyExact(durationMs, segments));
        FloatBuffer soma = simulate(inputs, durationMs, seed, v);
        float[] voltages = new float[durationMs * segments];
        v.get(0, voltages);
        float[] somaTrace = new float[soma.capacity()];
        soma.get(0, somaTrace);
        double[] spikes = SpikeDetector.detect(somaTrace, SOMA_INTERVAL_MS, SpikeDetector.DEFAULT_THRESHOLD_MV);
        return new SimulationResult(durationMs, voltages, segments, somaTrace, SOMA_INTERVAL_MS, spikes, inputs, seed);
    }

    /**
     * A simulation's segment voltages in double precision, as NEURON computed them.
     *
     * @param voltages time-major, {@code durationMs × segments}, sampled every {@link #SEGMENT_INTERVAL_MS}
     * @param somaticSpikes the somatic spikes, detected as {@link #run} does
     */
    public record DoubleRun(double[] voltages, int somaticSpikes) {
    }

    /**
     * The same simulation as {@link #run} with the segment voltages in double precision: for comparisons finer than
     * float32 resolves (about 4e-6 mV at −65 mV), as {@code bench generate}'s against plain NEURON.
     */
    public DoubleRun runInDouble(SpikeTrains inputs, int durationMs, long seed) {
        check(inputs, durationMs);
        java.nio.DoubleBuffer v = java.nio.ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(durationMs,
                segments().size()), Double.BYTES)).order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
        FloatBuffer soma = simulate(inputs, durationMs, seed, v);
        double[] voltages = new double[v.capacity()];
        v.get(0, voltages);
        float[] somaTrace = new float[soma.capacity()];
        soma.get(0, somaTrace);
        return new DoubleRun(voltages,
                SpikeDetector.detect(somaTrace, SOMA_INTERVAL_MS, SpikeDetector.DEFAULT_THRESHOLD_MV).length);
    }

    private void check(SpikeTrains inputs, int durationMs) {
        if (durationMs <= 0) {
            throw new NeuroSurrogateException("duration must be > 0 ms, got " + durationMs);
        }
        if (inputs.channelCount() != segments().inputChannels()) {
            throw new NeuroSurrogateException("inputs have " + inputs.channelCount() + " channels, the model "
                    + spec.name() + " has " + segments().inputChannels());
        }
    }

    /** Runs the bridge into {@code v} (float or double, time × segment); returns the soma samples. */
    private FloatBuffer simulate(SpikeTrains inputs, int durationMs, long seed, java.nio.Buffer v) {
        session.setInputs(inputs.timesMs(), inputs.channels());
        if (spec.synapses().stochastic()) {
            session.seedSynapses(seed);
        }
        int somaSamples = (int) Math.round(durationMs / SOMA_INTERVAL_MS);
        FloatBuffer soma = NeuronSession.directFloats(somaSamples);
        session.run(durationMs, spec.dt(), spec.vInit(), spec.celsius(), v, durationMs, segments().size(), soma);
        return soma;
    }

    @Override
    public void close() {
        session.close();
    }
}
