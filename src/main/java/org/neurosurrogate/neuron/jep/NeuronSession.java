package org.neurosurrogate.neuron.jep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jep.DirectNDArray;
import jep.JepConfig;
import jep.JepException;
import jep.MainInterpreter;
import jep.NDArray;
import jep.SharedInterpreter;
import org.neurosurrogate.neuron.ModelSpec;

/**
 * One embedded NEURON, reached through JEP. Each method is one function of
 * {@code python-bridge/neurosurrogate_bridge.py}; Python exceptions come back as {@link
 * BridgeException}s naming the call. Must be used from the thread that opened it (a JEP rule), and
 * only one may be open per process (NEURON is a process-wide singleton).
 */
public final class NeuronSession implements AutoCloseable {
    private static final String MODULE = "nsb";
    private static boolean configured;

    private final SharedInterpreter python;

    private NeuronSession(SharedInterpreter python) {
        this.python = python;
    }

    /** Starts Python with the project's venv and bridge module on its path, and imports NEURON. */
    public static synchronized NeuronSession open(PythonEnvironment env) {
        if (!configured) {
            MainInterpreter.setJepLibraryPath(env.jepLibrary().toString());
            JepConfig config = new JepConfig()
                    .addIncludePaths(env.bridgeDir().toString(), env.sitePackages().toString())
                    .redirectStdout(System.out)
                    .redirectStdErr(System.err);
            SharedInterpreter.setConfig(config);
            configured = true;
        }
        SharedInterpreter interpreter = new SharedInterpreter();
        try {
            interpreter.exec("import neurosurrogate_bridge as " + MODULE);
        } catch (JepException e) {
            interpreter.close();
            throw new BridgeException("import neurosurrogate_bridge", pythonMessage(e), e);
        }
        return new NeuronSession(interpreter);
    }

    private Object call(String function, Object... args) {
        try {
            return python.invoke(MODULE + "." + function, args);
        } catch (JepException e) {
            throw new BridgeException(function, pythonMessage(e), e);
        }
    }

    /** JEP prefixes messages with the exception class as {@code <class 'NameError'>: ...}; keep the name. */
    static String pythonMessage(JepException e) {
        String msg = String.valueOf(e.getMessage());
        return msg.replaceFirst("^<class '(?:[\\w.]*\\.)?(\\w+)'>:\\s*", "$1: ");
    }

    public String neuronVersion() {
        return (String) call("neuron_version");
    }

    public void loadMechanisms(Path library) {
        call("load_mechanisms", library.toString());
    }

    public void loadHoc(Path file) {
        call("load_hoc", file.toString());
    }

    public void instantiate(String template, List<Object> args, String somaRef) {
        call("instantiate", template, args, somaRef);
    }

    /** Raw section and segment description; {@link CellDescriptions} turns it into a table. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, List<Object>>> describe(List<String> sectionLists) {
        return (Map<String, Map<String, List<Object>>>) call("describe", sectionLists);
    }

    public int placeSynapses(ModelSpec.SynapseSpec s) {
        return ((Number) call("place_synapses", s.excitatory(), s.excitatoryParams(), s.inhibitory(),
                s.inhibitoryParams(), s.excitatoryRandom(), s.inhibitoryRandom())).intValue();
    }

    /** Seeds every stochastic synapse's random stream from a simulation seed; returns how many there are. */
    public int seedSynapses(long seed) {
        return ((Number) call("seed_synapses", seed)).intValue();
    }

    public int setInputs(double[] timesMs, int[] channels) {
        return ((Number) call("set_inputs",
                new NDArray<>(timesMs, timesMs.length), new NDArray<>(channels, channels.length))).intValue();
    }

    public int record(double segmentIntervalMs, double somaIntervalMs) {
        return ((Number) call("record", segmentIntervalMs, somaIntervalMs)).intValue();
    }

    public int addPointProcess(String mechanism, String sectionRef, double x, Map<String, Double> params) {
        return ((Number) call("add_point_process", mechanism, sectionRef, x, params)).intValue();
    }

    public int recordPoint(String sectionRef, double x, double intervalMs) {
        return ((Number) call("record_point", sectionRef, x, intervalMs)).intValue();
    }

    /**
     * Removes every point process and probe added by {@link #addPointProcess} and {@link #recordPoint},
     * so the next protocol starts clean; their indices restart at 0. Returns how many were removed.
     */
    public int clearProtocol() {
        return ((Number) call("clear_protocol")).intValue();
    }

    /** Path distances (um) of the section's 0 and 1 ends from soma(0.5), and its mid diameter. */
    @SuppressWarnings("unchecked")
    public double[] sectionDistanceRange(String sectionRef) {
        List<Number> r = (List<Number>) call("section_distance_range", sectionRef);
        return new double[] {r.get(0).doubleValue(), r.get(1).doubleValue(), r.get(2).doubleValue()};
    }

    /**
     * Runs from initialisation to {@code tstopMs} with fixed step {@code dtMs}. The recorded segment
     * voltages land in {@code voltages} (time-major, {@code timeSteps × segments}; a direct float or double buffer)
     * and soma samples in {@code soma}; either may be null.
     */
    public void run(double tstopMs, double dtMs, double vInit, double celsius,
                    java.nio.Buffer voltages, int timeSteps, int segments, FloatBuffer soma) {
        Object v = voltages == null ? null : new DirectNDArray<>(voltages, timeSteps, segments);
        Object s = soma == null ? null : new DirectNDArray<>(soma, soma.capacity());
        call("run", tstopMs, dtMs, vInit, celsius, v, s);
    }

    /** The samples of a probe made by {@link #recordPoint}. */
    public float[] probe(int index, int maxSamples) {
        FloatBuffer out = directFloats(maxSamples);
        int n = ((Number) call("probe", index, new DirectNDArray<>(out, maxSamples))).intValue();
        float[] result = new float[n];
        out.get(0, result);
        return result;
    }

    // ---- networks (see NeuronNetwork) ----

    @SuppressWarnings("unchecked")
    int[] netMpiInit() {
        List<Number> r = (List<Number>) call("net_mpi_init");
        return new int[] {r.get(0).intValue(), r.get(1).intValue()};
    }

    @SuppressWarnings("unchecked")
    Object[] netGatherSpikes(double[] times, int[] gids) {
        List<Object> r = (List<Object>) call("net_gather_spikes", new NDArray<>(times, times.length),
                new NDArray<>(gids, gids.length));
        return new Object[] {doubles(r.get(0)), longs(r.get(1))};
    }

    @SuppressWarnings("unchecked")
    List<Object> netGatherVoltages(int[] gids, List<float[]> segments, List<float[]> somas) {
        List<Object> seg = segments.stream().map(a -> (Object) new NDArray<>(a, a.length)).toList();
        List<Object> soma = somas.stream().map(a -> (Object) new NDArray<>(a, a.length)).toList();
        return (List<Object>) call("net_gather_voltages", new NDArray<>(gids, gids.length), seg, soma);
    }

    @SuppressWarnings("unchecked")
    double[] netMax(double[] values) {
        return ((List<Number>) call("net_max", new NDArray<>(values, values.length))).stream()
                .mapToDouble(Number::doubleValue).toArray();
    }

    void netFinishMpi(int status) {
        call("net_finish_mpi", status);
    }

    static double[] doubles(Object o) {
        return o instanceof NDArray<?> a ? (double[]) a.getData() : new double[0];
    }

    static long[] longs(Object o) {
        return o instanceof NDArray<?> a ? (long[]) a.getData() : new long[0];
    }

    static float[] floats(Object o) {
        return o instanceof NDArray<?> a ? (float[]) a.getData() : new float[0];
    }

    /** Starts an empty network in this NEURON; returns {rank, ranks}. */
    @SuppressWarnings("unchecked")
    int[] netOpen() {
        List<Number> r = (List<Number>) call("net_open");
        return new int[] {r.get(0).intValue(), r.get(1).intValue()};
    }

    int netAddDetailed(int gid, String template, List<Object> args, String somaRef, List<String> lists,
                       ModelSpec.SynapseSpec synapses, double thresholdMv) {
        return ((Number) call("net_add_detailed", gid, template, args, somaRef, lists, synapses.excitatory(),
                synapses.excitatoryParams(), synapses.inhibitory(), synapses.inhibitoryParams(), thresholdMv,
                synapses.excitatoryRandom(), synapses.inhibitoryRandom()))
                .intValue();
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, List<Object>>> netDescribeModel(String template, List<Object> args, String somaRef,
                                                            List<String> lists) {
        return (Map<String, Map<String, List<Object>>>) call("net_describe_model", template, args, somaRef, lists);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, List<Object>>> netDescribe(int gid, List<String> lists) {
        return (Map<String, Map<String, List<Object>>>) call("net_describe", gid, lists);
    }

    void netAddSurrogate(int gid, int slot) {
        call("net_add_surrogate", gid, slot);
    }

    int netConnect(int[] sources, int[] targets, int[] channels, double[] weights, double[] delays) {
        int n = sources.length;
        return ((Number) call("net_connect", new NDArray<>(sources, n), new NDArray<>(targets, n),
                new NDArray<>(channels, n), new NDArray<>(weights, n), new NDArray<>(delays, n))).intValue();
    }

    void netSetBackground(int gid, double[] timesMs, int[] channels) {
        call("net_set_background", gid, new NDArray<>(timesMs, timesMs.length),
                new NDArray<>(channels, channels.length));
    }

    void netRecord(int gid, double segmentIntervalMs, double somaIntervalMs) {
        call("net_record", gid, segmentIntervalMs, somaIntervalMs);
    }

    double netInit(double dtMs, double vInit, double celsius, double maxStepMs) {
        return ((Number) call("net_init", dtMs, vInit, celsius, maxStepMs)).doubleValue();
    }

    /** Integrates to {@code tstopMs}; returns the surrogate inbox as rows of (t, slot, channel, weight). */
    /** {slots, channels, frames (int[]), weights (float[])}: see the bridge's {@code net_advance}. */
    Object[] netAdvance(double tstopMs, int t0Ms, int frames) {
        List<Object> r = (List<Object>) call("net_advance", tstopMs, t0Ms, frames);
        return new Object[] {ints(r.get(0)), ints(r.get(1)), ints(r.get(2)),
            r.get(3) instanceof NDArray<?> a ? (float[]) a.getData() : new float[0]};
    }

    private static int[] ints(Object o) {
        return o instanceof NDArray<?> a ? (int[]) a.getData() : new int[0];
    }

    void netEmit(int[] gids, double[] timesMs) {
        call("net_emit", new NDArray<>(gids, gids.length), new NDArray<>(timesMs, timesMs.length));
    }

    /** This rank's spikes so far: times (ms) and gids, in the order NEURON recorded them. */
    @SuppressWarnings("unchecked")
    Object[] netSpikes() {
        List<Object> r = (List<Object>) call("net_spikes");
        double[] t = r.get(0) instanceof NDArray<?> a ? (double[]) a.getData() : new double[0];
        long[] g = r.get(1) instanceof NDArray<?> b ? (long[]) b.getData() : new long[0];
        return new Object[] {t, g};
    }

    void netVoltages(int gid, FloatBuffer voltages, int timeSteps, int segments, FloatBuffer soma) {
        call("net_voltages", gid, new DirectNDArray<>(voltages, timeSteps, segments),
                new DirectNDArray<>(soma, soma.capacity()));
    }

    /** A native-order direct buffer that Python can fill in place. */
    public static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        python.close();
    }
}
