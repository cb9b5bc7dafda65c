package org.neurosurrogate.eval;

import java.util.Arrays;

/**
 * Spike-timing agreement: predicted spikes matched one-to-one to true spikes no more than a tolerance apart,
 * counted over many simulations. Precision = matched / predicted, recall = matched / true.
 *
 * <p>Matching walks both sorted lists and pairs each predicted spike with the earliest unmatched true spike
 * within tolerance; on a line with a symmetric window this greedy finds a maximum matching.
 */
public final class SpikeTiming {
    private final double tolerance;
    private long matched;
    private long predicted;
    private long actual;

    public SpikeTiming(double toleranceMs) {
        if (!(toleranceMs >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0: " + toleranceMs);
        }
        this.tolerance = toleranceMs;
    }

    public double toleranceMs() {
        return tolerance;
    }

    /** Adds one simulation's spike times, ms (any order). */
    public void add(double[] predictedMs, double[] trueMs) {
        matched += matches(predictedMs, trueMs, tolerance);
        predicted += predictedMs.length;
        actual += trueMs.length;
    }

    /** Adds the spikes at or after {@code fromMs} only (drops the warm-up). */
    public void add(double[] predictedMs, double[] trueMs, double fromMs) {
        add(Arrays.stream(predictedMs).filter(t -> t >= fromMs).toArray(),
                Arrays.stream(trueMs).filter(t -> t >= fromMs).toArray());
    }

    /** Size of a maximum one-to-one matching with |predicted − true| ≤ tolerance. */
    public static int matches(double[] predictedMs, double[] trueMs, double toleranceMs) {
        double[] p = predictedMs.clone();
        double[] t = trueMs.clone();
        Arrays.sort(p);
        Arrays.sort(t);
        int m = 0;
        int j = 0;
        for (double x : p) {
            while (j < t.length && t[j] < x - toleranceMs) {
                j++; // too early for this and every later prediction
            }
            if (j < t.length && t[j] <= x + toleranceMs) {
                m++;
                j++;
            }
        }
        return m;
    }

    public long matched() {
        return matched;
    }

    public long predicted() {
        return predicted;
    }

    public long actual() {
        return actual;
    }

    /** Matched / predicted; NaN when nothing was predicted. */
    public double precision() {
        return predicted == 0 ? Double.NaN : (double) matched / predicted;
    }

    /** Matched / true; NaN when there were no true spikes. */
    public double recall() {
        return actual == 0 ? Double.NaN : (double) matched / actual;
    }

    /**
     * Predicted spike times from a per-ms probability trace: the first bin of every run at or above the
     * threshold, at {@code (index) * dtMs}.
     */
    public static double[] spikeTimes(float[] probability, double threshold, double dtMs) {
        double[] out = new double[probability.length];
        int k = 0;
        for (int i = 0; i < probability.length; i++) {
            if (probability[i] >= threshold && (i == 0 || probability[i - 1] < threshold)) {
                out[k++] = i * dtMs;
            }
        }
        return Arrays.copyOf(out, k);
    }
}
