package org.neurosurrogate.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mean and standard deviation of each voltage target (rows 0..S-1: segments, row S: soma; see {@link Window})
 * over a set of simulations (the training split), from simulation time {@code fromMs} on. The spike row has
 * no statistics: it stays 0/1.
 *
 * <p>Computed streaming: each simulation is read in blocks of one voltage chunk ({@value ShardFile#CHUNK_MS}
 * ms, so every chunk is decoded once), a block's mean and sum of squared deviations are computed in doubles
 * and merged into the running totals (Chan et al.'s pairwise update), which stays accurate for long series
 * whose mean is far from zero. {@code std} is the population standard deviation.
 *
 * <p>The soma row may be clipped from above before its statistics and before z-scoring ({@code somaClipMv}),
 * as Beniaguev et al. (2021) do: the spike head carries the spikes, so the soma's voltage target is the
 * subthreshold voltage, and action potentials (≈ 100 mV excursions in 1–2 ms) do not dominate its loss. The
 * evaluation scores the soma clipped at the same value (eval.Conventions).
 *
 * @param mean per row, mV
 * @param std per row, mV
 * @param count time steps per row that went into the statistics
 * @param fromMs first simulation time included
 * @param somaClipMv ceiling of the soma row, mV; NaN: not clipped
 */
public record NormalisationStats(double[] mean, double[] std, long count, int fromMs, double somaClipMv) {
    /** The soma ceiling of the published convention (Beniaguev et al. 2021; Spieler et al. 2024), mV. */
    public static final double SOMA_CLIP_MV = -55;

    public NormalisationStats {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
    }

    /** Statistics without a soma ceiling. */
    public NormalisationStats(double[] mean, double[] std, long count, int fromMs) {
        this(mean, std, count, fromMs, Double.NaN);
    }

    /** Statistics over {@code simulations}, from the sampler's burn-in ({@value BalancedWindowSampler#BURN_IN_MS} ms) on. */
    public static NormalisationStats compute(WindowSource reader, int[] simulations) {
        return compute(reader, simulations, BalancedWindowSampler.BURN_IN_MS);
    }

    /** Statistics without a soma ceiling. */
    public static NormalisationStats compute(WindowSource reader, int[] simulations, int fromMs) {
        return compute(reader, simulations, fromMs, Double.NaN);
    }

    /** Statistics with the soma row clipped at {@code somaClipMv} (NaN: not clipped). */
    public static NormalisationStats compute(WindowSource reader, int[] simulations, int fromMs, double somaClipMv) {
        int rows = reader.segments() + 1;
        int duration = reader.durationMs();
        if (fromMs < 0 || fromMs >= duration) {
            throw new IllegalArgumentException("fromMs " + fromMs + " outside the " + duration + "-ms simulations");
        }
        double[] mean = new double[rows];
        double[] m2 = new double[rows];
        long n = 0;
        for (int sim : simulations) {
            for (int from = fromMs; from < duration; ) {
                int to = Math.min(duration, (from / ShardFile.CHUNK_MS + 1) * ShardFile.CHUNK_MS);
                int len = to - from;
                float[] targets = reader.readTargets(sim, from, len);
                clipSoma(targets, rows - 1, len, somaClipMv);
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (int t = 0; t < len; t++) {
                        sum += targets[r * len + t];
                    }
                    double blockMean = sum / len;
                    double blockM2 = 0;
                    for (int t = 0; t < len; t++) {
                        double d = targets[r * len + t] - blockMean;
                        blockM2 += d * d;
                    }
                    double delta = blockMean - mean[r];
                    long total = n + len;
                    mean[r] += delta * len / total;
                    m2[r] += blockM2 + delta * delta * ((double) n * len / total);
                }
                n += len;
                from = to;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no simulations to compute statistics over");
        }
        double[] std = new double[rows];
        for (int r = 0; r < rows; r++) {
            std[r] = Math.sqrt(m2[r] / n);
        }
        return new NormalisationStats(mean, std, n, fromMs, somaClipMv);
    }

    /** Whether the soma row is clipped before z-scoring. */
    public boolean clipsSoma() {
        return !Double.isNaN(somaClipMv);
    }

    /** Sets row {@code somaRow} (of length {@code len}) of {@code targets} to at most {@code ceiling}; NaN: no-op. */
    private static void clipSoma(float[] targets, int somaRow, int len, double ceiling) {
        if (Double.isNaN(ceiling)) {
            return;
        }
        float c = (float) ceiling;
        for (int t = somaRow * len; t < (somaRow + 1) * len; t++) {
            targets[t] = Math.min(targets[t], c);
        }
    }

    /** Number of normalised rows (S + 1). */
    public int rows() {
        return mean.length;
    }

    /**
     * The window with z-scored voltage rows, (v - mean) / std (a constant row, std 0, is only centred), the soma
     * clipped first where these statistics clip it.
     */
    public Window apply(Window w) {
        if (w.segments() + 1 != rows()) {
            throw new IllegalArgumentException("window has " + w.segments() + " segments, statistics "
                    + (rows() - 1));
        }
        int len = w.lengthMs();
        float[] in = w.targets();
        float[] out = in.clone(); // the spike row stays as it is
        clipSoma(out, rows() - 1, len, somaClipMv);
        for (int r = 0; r < rows(); r++) {
            double scale = std[r] > 0 ? 1 / std[r] : 1;
            for (int t = r * len; t < (r + 1) * len; t++) {
                out[t] = (float) ((out[t] - mean[r]) * scale);
            }
        }
        return w.withTargets(out);
    }

    /** Back from z-scores to mV for one row. */
    public double toMillivolts(int row, double z) {
        return mean[row] + z * (std[row] > 0 ? std[row] : 1);
    }

    /** Same statistics: equal arrays (by value), count, start and clip (NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NormalisationStats n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std)
                && count == n.count && fromMs == n.fromMs && Double.compare(somaClipMv, n.somaClipMv) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(mean), Arrays.hashCode(std), count, fromMs, somaClipMv);
    }

    /** JSON-ready form: {@code from_ms, count, soma_clip_mv} (only when clipped){@code , mean, std}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_ms", fromMs);
        m.put("count", count);
        if (clipsSoma()) {
            m.put("soma_clip_mv", somaClipMv);
        }
        m.put("mean", mean.clone());
        m.put("std", std.clone());
        return m;
    }

    /**
     * Inverse of {@link #toMap()}; accepts arrays or the lists a JSON parser makes of them. Without
     * {@code soma_clip_mv} (as saved before it existed) the soma is not clipped.
     */
    public static NormalisationStats fromMap(Map<String, ?> m) {
        Object clip = m.get("soma_clip_mv");
        if (clip != null && !(clip instanceof Number)) {
            throw new IllegalArgumentException("normalisation statistics: 'soma_clip_mv' is not a number");
        }
        return new NormalisationStats(doubles(m.get("mean"), "mean"), doubles(m.get("std"), "std"),
                ((Number) required(m, "count")).longValue(), ((Number) required(m, "from_ms")).intValue(),
                clip == null ? Double.NaN : ((Number) clip).doubleValue());
    }

    private static Object required(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("normalisation statistics lack '" + key + "'");
        }
        return v;
    }

    private static double[] doubles(Object v, String key) {
        if (v instanceof double[] a) {
            return a.clone();
        }
        if (v instanceof List<?> list) {
            return list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        throw new IllegalArgumentException("normalisation statistics: '" + key + "' is not a list of numbers");
    }
}
