package org.neurosurrogate.data;

import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The spikes and recorded voltages of one network run as HDF5 (format {@value #FORMAT}, version {@value #VERSION}):
 * <pre>
 * /                       attributes: format, format_version, network, seed, duration_ms, interval_ms, kind
 *                                     ("hybrid" or "all-detailed"), populations (names, in gid order)
 * /spikes/times_ms        float64 [spikes]  every somatic spike, sorted by gid then time
 * /spikes/gids            int32   [spikes]
 * /cells/population       int32   [cells]   population index of each gid
 * /cells/surrogate        int32   [cells]   1 where the cell ran as its surrogate
 * /voltages/gid_N/segments float32 [time, segments]  recorded cell N at 1 ms (surrogate: predicted), mV
 * /voltages/gid_N/soma     float32 [time]
 * </pre>
 * Empty spike datasets follow {@link EmptyArrays}' convention (a {@code count} attribute).
 */
public final class NetworkRecordingFile {
    public static final String FORMAT = "neurosurrogate.network";
    public static final int VERSION = 1;

    /** What the file describes. */
    public record Header(String network, long seed, int durationMs, int intervalMs, String kind,
                         List<String> populations) {
    }

    private NetworkRecordingFile() {
    }

    /**
     * Writes atomically.
     *
     * @param spikeTimesMs per gid
     * @param voltages recorded gids: {segments time-major [T × S], soma [T]}
     */
    public static void write(Path target, Header header, double[][] spikeTimesMs, int[] population,
                             boolean[] surrogate, Map<Integer, float[][]> voltages) {
        Hdf5Write.atomically(target, out -> {
            out.putAttribute("format", FORMAT);
            out.putAttribute("format_version", VERSION);
            out.putAttribute("network", header.network());
            out.putAttribute("seed", header.seed());
            out.putAttribute("duration_ms", header.durationMs());
            out.putAttribute("interval_ms", header.intervalMs());
            out.putAttribute("kind", header.kind());
            out.putAttribute("populations", header.populations().toArray(String[]::new));
            int n = 0;
            for (double[] s : spikeTimesMs) {
                n += s.length;
            }
            double[] times = new double[n];
            int[] gids = new int[n];
            int k = 0;
            for (int g = 0; g < spikeTimesMs.length; g++) {
                for (double t : spikeTimesMs[g]) {
                    times[k] = t;
                    gids[k++] = g;
                }
            }
            WritableGroup spikes = out.putGroup("spikes");
            EmptyArrays.put(spikes, "times_ms", times);
            EmptyArrays.put(spikes, "gids", gids);
            WritableGroup cells = out.putGroup("cells");
            cells.putDataset("population", population);
            int[] sur = new int[surrogate.length];
            for (int g = 0; g < sur.length; g++) {
                sur[g] = surrogate[g] ? 1 : 0;
            }
            cells.putDataset("surrogate", sur);
            WritableGroup v = out.putGroup("voltages");
            for (Map.Entry<Integer, float[][]> e : voltages.entrySet()) {
                float[] seg = e.getValue()[0];
                float[] soma = e.getValue()[1];
                int steps = soma.length;
                int segments = steps == 0 ? 0 : seg.length / steps;
                float[][] m = new float[steps][segments];
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(seg, t * segments, m[t], 0, segments);
                }
                WritableGroup cell = v.putGroup("gid_" + e.getKey());
                cell.putDataset("segments", m);
                cell.putDataset("soma", soma);
            }
        });
    }
}
