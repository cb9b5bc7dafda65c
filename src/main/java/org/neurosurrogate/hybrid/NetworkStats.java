package org.neurosurrogate.hybrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/** Rates, binned population activity and spike coincidence: what summaries and validation report. */
public final class NetworkStats {
    /** Coincidence window for matching spikes of two runs (± ms). */
    public static final double COINCIDENCE_MS = 5;
    /** Bin width of population-rate traces (ms). */
    public static final int RATE_BIN_MS = 10;

    private NetworkStats() {
    }

    public static double rateHz(double[] spikes, int durationMs) {
        return spikes.length * 1000.0 / durationMs;
    }

    /** Mean rate (Hz) of the given gids, or NaN when there are none. */
    public static double meanRateHz(double[][] spikes, List<Integer> gids, int durationMs) {
        if (gids.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (int g : gids) {
            sum += rateHz(spikes[g], durationMs);
        }
        return sum / gids.size();
    }

    /** Population rate (Hz per cell) in {@value #RATE_BIN_MS}-ms bins. */
    public static double[] binnedRate(double[][] spikes, List<Integer> gids, int durationMs) {
        int bins = Math.max(1, durationMs / RATE_BIN_MS);
        double[] r = new double[bins];
        for (int g : gids) {
            for (double t : spikes[g]) {
                int b = (int) (t / RATE_BIN_MS);
                if (b >= 0 && b < bins) {
                    r[b] += 1;
                }
            }
        }
        double scale = gids.isEmpty() ? 0 : 1000.0 / RATE_BIN_MS / gids.size();
        for (int b = 0; b < bins; b++) {
            r[b] *= scale;
        }
        return r;
    }

    /** Pearson correlation of two traces; NaN when either is constant. */
    public static double correlation(double[] a, double[] b) {
        if (a.length < 2 || constant(a) || constant(b)) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(a, b);
    }

    private static boolean constant(double[] a) {
        for (double v : a) {
            if (v != a[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Greedy one-to-one matching of two sorted spike trains within ±{@value #COINCIDENCE_MS} ms: returns the
     * number of matched pairs.
     */
    public static int coincidences(double[] reference, double[] other) {
        int i = 0;
        int j = 0;
        int matched = 0;
        while (i < reference.length && j < other.length) {
            double d = other[j] - reference[i];
            if (Math.abs(d) <= COINCIDENCE_MS) {
                matched++;
                i++;
                j++;
            } else if (d < 0) {
                j++;
            } else {
                i++;
            }
        }
        return matched;
    }

    /** Gids of a population, split by kind: {"all", "detailed", "surrogate"}. */
    public static Map<String, List<Integer>> gidsByKind(NetworkPlan plan, int population) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        m.put("all", new ArrayList<>());
        m.put("detailed", new ArrayList<>());
        m.put("surrogate", new ArrayList<>());
        for (NetworkPlan.Cell c : plan.cells()) {
            if (c.population() == population) {
                m.get("all").add(c.gid());
                m.get(c.surrogate() ? "surrogate" : "detailed").add(c.gid());
            }
        }
        return m;
    }
}
