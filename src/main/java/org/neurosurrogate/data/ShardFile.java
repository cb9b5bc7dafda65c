package org.neurosurrogate.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.List;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;

/**
 * One shard of a dataset: K whole simulations of equal duration T, format {@value #FORMAT} version
 * {@value #VERSION}. Datasets are indexed by simulation k within the shard:
 * <pre>
 * /                       attributes: format, format_version, model_hash, first_simulation, count,
 *                                     duration_ms, segments
 * /simulation_index       int32   [K]        global simulation index of each simulation
 * /seed                   int64   [K]        seed of each simulation's inputs
 * /voltages               float32 [K, T, S]  recorded segment voltages on the 1-ms grid, mV
 *                                            (uncompressed chunks of one simulation × 100 ms × S)
 * /soma_v                 float32 [K, T]     soma voltage on the 1-ms grid, mV
 * /spike_times_ms         float64 [n]        somatic spikes of all simulations, concatenated
 * /spike_offsets          int64   [K+1]      simulation k's spikes are [offsets[k], offsets[k+1])
 * /input_time_ms          int32   [m]        input spikes (whole ms) of all simulations, concatenated
 * /input_channel          int32   [m]
 * /input_offsets          int64   [K+1]
 * /segments/...           the segment table, as in {@link SimulationFile}
 * </pre>
 * Input times are whole milliseconds: the surrogate's input resolution. A concatenated dataset with no
 * element holds one padding element (jHDF cannot write empty datasets); the offsets say what is real.
 */
public final class ShardFile {
    public static final String FORMAT = "neurosurrogate.shard";
    public static final int VERSION = 1;
    static final int CHUNK_MS = 100;

    private ShardFile() {
    }

    /** File name of shard {@code index}. */
    public static String fileName(int index) {
        return String.format("shard-%05d.h5", index);
    }

    /** The index in a shard's file name, or null if {@code name} is not one (a temporary file, a log). */
    public static Integer indexOf(String name) {
        if (!name.matches("shard-\\d{5,}\\.h5")) {
            return null;
        }
        return Integer.valueOf(name.substring(6, name.length() - 3));
    }

    /** Writes K simulations atomically; they must share duration and segment count. */
    public static void write(Path target, String modelHash, int firstSimulation, List<SimulationResult> sims,
                             int[] simulationIndex, SegmentTable segments) {
        int t = sims.get(0).durationMs();
        // Uncompressed 100-ms chunks: training reads random windows, and inflating chunks made window
        // reads ~10x slower (measured: 87 vs 1083 windows/s of 300 ms x 639 segments).
        write(target, modelHash, firstSimulation, sims, simulationIndex, segments, DatasetCreationOptions.builder()
                .chunkDimensions(1, Math.min(CHUNK_MS, t), segments.size()).build());
    }

    /** As {@link #write(Path, String, int, List, int[], SegmentTable)} with other voltage storage (tests). */
    static void write(Path target, String modelHash, int firstSimulation, List<SimulationResult> sims,
                      int[] simulationIndex, SegmentTable segments, DatasetCreationOptions voltageStorage) {
        int k = sims.size();
        int t = sims.get(0).durationMs();
        int s = segments.size();
        float[][][] voltages = new float[k][][];
        float[][] soma = new float[k][];
        long[] seeds = new long[k];
        long[] spikeOffsets = new long[k + 1];
        long[] inputOffsets = new long[k + 1];
        for (int i = 0; i < k; i++) {
            SimulationResult r = sims.get(i);
            if (r.durationMs() != t || r.segments() != s) {
                throw new IllegalArgumentException("simulations of one shard must share duration and segments");
            }
            voltages[i] = r.voltageMatrix();
            soma[i] = r.somaPerMs();
            seeds[i] = r.seed();
            spikeOffsets[i + 1] = spikeOffsets[i] + r.spikeTimesMs().length;
            inputOffsets[i + 1] = inputOffsets[i] + r.inputs().size();
        }
        double[] spikes = new double[(int) spikeOffsets[k]];
        int[] inTime = new int[(int) inputOffsets[k]];
        int[] inChannel = new int[inTime.length];
        for (int i = 0; i < k; i++) {
            SimulationResult r = sims.get(i);
            System.arraycopy(r.spikeTimesMs(), 0, spikes, (int) spikeOffsets[i], r.spikeTimesMs().length);
            double[] times = r.inputs().timesMs();
            for (int e = 0; e < times.length; e++) {
                if (times[e] != Math.rint(times[e])) {
                    throw new IllegalArgumentException("dataset input times must be whole ms, got " + times[e]);
                }
                inTime[(int) inputOffsets[i] + e] = (int) times[e];
            }
            System.arraycopy(r.inputs().channels(), 0, inChannel, (int) inputOffsets[i], times.length);
        }
        long needed = 4L * k * t * s + 4L * k * t + 8L * (inTime.length + spikes.length) + 65_536;
        AtomicFile.checkSpace(target, needed);
        Hdf5Write.atomically(target, out -> {
            out.putAttribute("format", FORMAT);
            out.putAttribute("format_version", VERSION);
            out.putAttribute("model_hash", modelHash);
            out.putAttribute("first_simulation", firstSimulation);
            out.putAttribute("count", k);
            out.putAttribute("duration_ms", t);
            out.putAttribute("segments", s);
            out.putDataset("simulation_index", simulationIndex);
            out.putDataset("seed", seeds);
            out.putDataset("voltages", voltages, voltageStorage);
            out.putDataset("soma_v", soma);
            EmptyArrays.put(out, "spike_times_ms", spikes);
            out.putDataset("spike_offsets", spikeOffsets);
            EmptyArrays.put(out, "input_time_ms", inTime);
            EmptyArrays.put(out, "input_channel", inChannel);
            out.putDataset("input_offsets", inputOffsets);
            SimulationFile.writeSegments(out.putGroup("segments"), segments);
        });
    }

    /** Checks a shard's header; returns its simulation count. Corrupt or foreign files raise a named error. */
    public static int checkHeader(Path file, String modelHash) {
        try (HdfFile f = new HdfFile(file)) {
            String format = (String) f.getAttribute("format").getData();
            int version = ((Number) f.getAttribute("format_version").getData()).intValue();
            if (!FORMAT.equals(format) || version != VERSION) {
                throw new DataFormatException(file, "format " + format + " v" + version + ", expected " + FORMAT
                        + " v" + VERSION);
            }
            if (modelHash != null && !modelHash.equals(f.getAttribute("model_hash").getData())) {
                throw new DataFormatException(file, "made from another model (hash differs)");
            }
            Dataset v = f.getDatasetByPath("voltages");
            int count = ((Number) f.getAttribute("count").getData()).intValue();
            if (v.getDimensions()[0] != count) {
                throw new DataFormatException(file, "voltages hold " + v.getDimensions()[0] + " simulations, header says "
                        + count);
            }
            return count;
        } catch (HdfException | NullPointerException | ClassCastException e) {
            throw new DataFormatException(file, "unreadable (" + e.getMessage() + ")");
        }
    }

    /** Simulation indices and per-simulation spike counts of a shard, from its offsets (small reads). */
    public record Summary(int[] simulations, int[] somaticSpikes, long[] inputSpikes) {
    }

    public static Summary summary(Path file, String modelHash) {
        checkHeader(file, modelHash);
        try (HdfFile f = new HdfFile(file)) {
            int[] sims = (int[]) f.getDatasetByPath("simulation_index").getData();
            long[] so = (long[]) f.getDatasetByPath("spike_offsets").getData();
            long[] io = (long[]) f.getDatasetByPath("input_offsets").getData();
            int[] spikes = new int[sims.length];
            long[] inputs = new long[sims.length];
            for (int i = 0; i < sims.length; i++) {
                spikes[i] = (int) (so[i + 1] - so[i]);
                inputs[i] = io[i + 1] - io[i];
            }
            return new Summary(sims, spikes, inputs);
        } catch (HdfException | ClassCastException | ArrayIndexOutOfBoundsException e) {
            throw new DataFormatException(file, "unreadable (" + e.getMessage() + ")");
        }
    }
}
