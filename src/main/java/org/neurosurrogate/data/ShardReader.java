package org.neurosurrogate.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * Random access to the simulations of one shard ({@link ShardFile} layout) without loading it: a window
 * reads only the voltage chunks it overlaps. Spike times and offsets are read at open (they are small);
 * a simulation's input events are read on first use and kept for the {@value #EVENT_CACHE} most recently
 * used simulations, because one simulation's events (~0.7 MB) are read once, windows of it many times.
 *
 * <p>Opening checks everything a later read relies on (header, shapes, offsets, file length against the
 * length the HDF5 superblock records), so a truncated or foreign file fails here with a
 * {@link DataFormatException} that names it, not in the middle of training. Simulations are addressed by
 * {@code k}, their position in the shard; {@link #simulationIndex(int)} gives the global index.
 *
 * <p>Reads may run on several threads at once (jHDF reads through positional file access).
 */
public final class ShardReader implements AutoCloseable {
    static final int EVENT_CACHE = 16;

    private final Path file;
    private final HdfFile hdf;
    private final Dataset voltages;
    private final Dataset somaV;
    private final Dataset inputTime;
    private final Dataset inputChannel;
    private final String modelHash;
    private final int count;
    private final int durationMs;
    private final int segments;
    private final int[] simulationIndex;
    private final long[] seeds;
    private final double[][] spikeTimes;
    private final long[] inputOffsets;
    private final SegmentTable segmentTable;
    private final Map<Integer, int[][]> events = new LinkedHashMap<>(EVENT_CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[][]> eldest) {
            return size() > EVENT_CACHE;
        }
    };

    private ShardReader(Path file, HdfFile hdf, String expectedModelHash) {
        this.file = file;
        this.hdf = hdf;
        long eof = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
        if (hdf.size() < eof) {
            throw bad("truncated: " + hdf.size() + " bytes, the HDF5 header records " + eof);
        }
        String format = (String) attribute("format");
        int version = intAttribute("format_version");
        if (!ShardFile.FORMAT.equals(format) || version != ShardFile.VERSION) {
            throw bad("format " + format + " v" + version + ", expected " + ShardFile.FORMAT + " v" + ShardFile.VERSION);
        }
        modelHash = (String) attribute("model_hash");
        if (expectedModelHash != null && !expectedModelHash.equals(modelHash)) {
            throw bad("made from another model (hash " + modelHash + ", expected " + expectedModelHash + ")");
        }
        count = intAttribute("count");
        durationMs = intAttribute("duration_ms");
        segments = intAttribute("segments");
        voltages = dataset("voltages", float.class, count, durationMs, segments);
        somaV = dataset("soma_v", float.class, count, durationMs);
        simulationIndex = (int[]) dataset("simulation_index", int.class, count).getData();
        seeds = (long[]) dataset("seed", long.class, count).getData();
        long[] spikeOffsets = (long[]) dataset("spike_offsets", long.class, count + 1).getData();
        Dataset spikeData = dataset("spike_times_ms", double.class, -1);
        double[] allSpikes = (double[]) spikeData.getData();
        checkOffsets("spike_offsets", spikeOffsets, elements(spikeData));
        spikeTimes = new double[count][];
        for (int k = 0; k < count; k++) {
            spikeTimes[k] = Arrays.copyOfRange(allSpikes, (int) spikeOffsets[k], (int) spikeOffsets[k + 1]);
        }
        inputOffsets = (long[]) dataset("input_offsets", long.class, count + 1).getData();
        inputTime = dataset("input_time_ms", int.class, -1);
        inputChannel = dataset("input_channel", int.class, -1);
        if (elements(inputTime) != elements(inputChannel)) {
            throw bad("input_time_ms and input_channel differ in length");
        }
        checkOffsets("input_offsets", inputOffsets, elements(inputTime));
        segmentTable = readSegments();
    }

    /** Opens a shard of any model. */
    public static ShardReader open(Path file) {
        return open(file, null);
    }

    /** Opens a shard, requiring it to be made from the model with hash {@code modelHash} (null: any). */
    public static ShardReader open(Path file, String modelHash) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "no such file");
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new DataFormatException(file, "not a readable HDF5 file (" + e.getMessage() + ")");
        }
        try {
            return new ShardReader(file, hdf, modelHash);
        } catch (RuntimeException e) {
            hdf.close();
            if (e instanceof DataFormatException) {
                throw e;
            }
            throw new DataFormatException(file, "unreadable (" + e + ")");
        }
    }

    public Path file() {
        return file;
    }

    public String modelHash() {
        return modelHash;
    }

    /** Number of simulations K in the shard. */
    public int count() {
        return count;
    }

    public int durationMs() {
        return durationMs;
    }

    public int segments() {
        return segments;
    }

    public int inputChannels() {
        return 2 * segments;
    }

    public SegmentTable segmentTable() {
        return segmentTable;
    }

    /** Global simulation index of simulation {@code k} of this shard. */
    public int simulationIndex(int k) {
        return simulationIndex[k];
    }

    public int[] simulationIndices() {
        return simulationIndex.clone();
    }

    public long seed(int k) {
        return seeds[k];
    }

    /** Somatic spike times of simulation {@code k}, ms. */
    public double[] spikeTimesMs(int k) {
        return spikeTimes[k].clone();
    }

    /** Input spikes of simulation {@code k} (whole ms), sorted by time then channel. */
    public SpikeTrains inputs(int k) {
        int[][] ev = events(k);
        return new SpikeTrains(Arrays.stream(ev[0]).asDoubleStream().toArray(), ev[1].clone(), inputChannels());
    }

    /** Window {@code [startMs, startMs + lengthMs)} of simulation {@code k}; see {@link Window} for the layout. */
    public Window readWindow(int k, int startMs, int lengthMs) {
        checkRange(k, startMs, lengthMs);
        return new Window(simulationIndex[k], startMs, lengthMs, segments, readInputs(k, startMs, lengthMs),
                readTargets(k, startMs, lengthMs));
    }

    /** Simulation k whole, in memory (targets dense, inputs sparse). */
    public LoadedSimulation load(int k) {
        return new LoadedSimulation(simulationIndex[k], durationMs, segments, readTargets(k, 0, durationMs),
                spikeTimesMs(k), inputs(k));
    }

    /** Dense inputs [2S, L], channel-major. */
    float[] readInputs(int k, int startMs, int lengthMs) {
        int[][] ev = events(k);
        int[] times = ev[0];
        int[] channels = ev[1];
        float[] out = new float[inputChannels() * lengthMs];
        int end = startMs + lengthMs;
        for (int e = firstAtOrAfter(times, startMs); e < times.length && times[e] < end; e++) {
            int c = channels[e];
            if (c < 0 || c >= inputChannels() || times[e] < startMs) {
                throw bad("input events of simulation " + simulationIndex[k] + " are damaged (channel " + c
                        + " at " + times[e] + " ms; channels 0.." + (inputChannels() - 1) + ", sorted by time)");
            }
            out[c * lengthMs + times[e] - startMs] = 1f;
        }
        return out;
    }

    /** Targets [S + 2, L], channel-major: segment voltages, soma voltage, spike bins. */
    float[] readTargets(int k, int startMs, int lengthMs) {
        int s = segments;
        float[] out = new float[(s + 2) * lengthMs];
        float[][] v = read3(voltages, k, startMs, lengthMs);
        for (int t = 0; t < lengthMs; t++) {
            float[] row = v[t];
            for (int j = 0; j < s; j++) {
                out[j * lengthMs + t] = row[j];
            }
        }
        float[] soma = ((float[][]) read(somaV, new long[] {k, startMs}, new int[] {1, lengthMs}))[0];
        System.arraycopy(soma, 0, out, s * lengthMs, lengthMs);
        int spikeBase = (s + 1) * lengthMs;
        for (double ts : spikeTimes[k]) {
            int bin = (int) Math.floor(ts);
            if (bin >= startMs && bin < startMs + lengthMs) {
                out[spikeBase + bin - startMs] = 1f;
            }
        }
        return out;
    }

    private float[][] read3(Dataset d, int k, int startMs, int lengthMs) {
        return ((float[][][]) read(d, new long[] {k, startMs, 0}, new int[] {1, lengthMs, segments}))[0];
    }

    private Object read(Dataset d, long[] offset, int[] shape) {
        try {
            return d.getData(offset, shape);
        } catch (RuntimeException e) {
            // damaged chunk data surfaces here as jHDF or inflater errors of several kinds
            throw bad("cannot read " + d.getPath() + " at " + Arrays.toString(offset) + " (" + e + ")");
        }
    }

    private void checkRange(int k, int startMs, int lengthMs) {
        if (k < 0 || k >= count || lengthMs < 1 || startMs < 0 || startMs + lengthMs > durationMs) {
            throw new IllegalArgumentException("window of simulation " + k + " [" + startMs + ", "
                    + (startMs + lengthMs) + ") ms outside " + count + " simulations × " + durationMs + " ms of "
                    + file);
        }
    }

    private int[][] events(int k) {
        synchronized (events) {
            int[][] cached = events.get(k);
            if (cached != null) {
                return cached;
            }
        }
        int from = (int) inputOffsets[k];
        int n = (int) (inputOffsets[k + 1] - from);
        int[][] ev = n == 0 ? new int[][] {new int[0], new int[0]}
                : new int[][] {(int[]) read(inputTime, new long[] {from}, new int[] {n}),
                        (int[]) read(inputChannel, new long[] {from}, new int[] {n})};
        synchronized (events) {
            events.put(k, ev);
        }
        return ev;
    }

    private static int firstAtOrAfter(int[] sorted, int value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private SegmentTable readSegments() {
        String[] section = (String[]) dataset("segments/section", String.class, segments).getData();
        String[] labels = (String[]) dataset("segments/region", String.class, segments).getData();
        Region[] region = new Region[segments];
        for (int i = 0; i < segments; i++) {
            try {
                region[i] = Region.fromLabel(labels[i]);
            } catch (IllegalArgumentException e) {
                throw bad("segment " + i + ": " + e.getMessage());
            }
        }
        return new SegmentTable(section,
                (double[]) dataset("segments/x", double.class, segments).getData(),
                (double[]) dataset("segments/distance_um", double.class, segments).getData(), region,
                (double[]) dataset("segments/diam_um", double.class, segments).getData(),
                (double[]) dataset("segments/length_um", double.class, segments).getData(),
                (double[][]) dataset("segments/centre_um", double.class, segments, 3).getData());
    }

    private void checkOffsets(String name, long[] offsets, long total) {
        if (offsets[0] != 0 || offsets[count] != total) {
            throw bad(name + " span [" + offsets[0] + ", " + offsets[count] + "), expected [0, " + total + ")");
        }
        for (int k = 0; k < count; k++) {
            if (offsets[k + 1] < offsets[k]) {
                throw bad(name + " decrease at simulation " + k);
            }
        }
    }

    /**
     * Real elements of a concatenated dataset: its length, or its {@code count} attribute where the writer
     * padded an empty dataset with one element (jHDF cannot write empty ones).
     */
    private long elements(Dataset d) {
        long length = d.getDimensions()[0];
        var count = d.getAttribute("count");
        if (count == null) {
            return length;
        }
        if (!(count.getData() instanceof Number n) || n.longValue() < 0 || n.longValue() > length) {
            throw bad(d.getPath() + " count attribute " + count.getData() + " does not fit its " + length + " elements");
        }
        return n.longValue();
    }

    /** The dataset at {@code path} with element type {@code type} and shape {@code dims} (-1: any length). */
    private Dataset dataset(String path, Class<?> type, int... dims) {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (HdfException e) {
            throw bad("missing dataset /" + path);
        }
        if (!(node instanceof Dataset d)) {
            throw bad("/" + path + " is not a dataset");
        }
        int[] actual = d.getDimensions();
        boolean shapeOk = actual.length == dims.length;
        for (int i = 0; shapeOk && i < dims.length; i++) {
            shapeOk = dims[i] < 0 || dims[i] == actual[i];
        }
        if (!shapeOk || d.getJavaType() != type) {
            throw bad("/" + path + " is " + d.getJavaType().getSimpleName() + " " + Arrays.toString(actual)
                    + ", expected " + type.getSimpleName() + " " + Arrays.toString(dims).replace("-1", "n"));
        }
        return d;
    }

    private Object attribute(String name) {
        var a = hdf.getAttribute(name);
        if (a == null) {
            throw bad("missing root attribute " + name);
        }
        return a.getData();
    }

    private int intAttribute(String name) {
        Object v = attribute(name);
        if (!(v instanceof Number n)) {
            throw bad("root attribute " + name + " is not a number");
        }
        return n.intValue();
    }

    private DataFormatException bad(String problem) {
        return new DataFormatException(file, problem);
    }

    @Override
    public void close() {
        hdf.close();
    }
}
