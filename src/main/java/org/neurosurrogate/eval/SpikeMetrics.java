package org.neurosurrogate.eval;

import java.util.Arrays;

/**
 * Somatic spike scores per 1 ms bin: ROC AUC, true-positive rate at a false-positive rate, the ROC curve.
 *
 * <p>Exact, not binned: every scored probability is kept (4 bytes per bin, so 10⁷ scored ms take 40 MB) and
 * sorted once. A histogram would merge the many negatives squeezed near probability 0, where the ranking
 * between them and missed spikes decides part of the AUC. Ties count one half, as in the Mann–Whitney U.
 */
public final class SpikeMetrics {
    private float[] pos = new float[1024];
    private float[] neg = new float[1024];
    private int np;
    private int nn;
    private boolean sorted;

    /** Adds every bin of one simulation; a label above 0.5 marks a spike in that bin. */
    public void add(float[] probability, float[] label) {
        add(probability, label, 0, probability.length);
    }

    /** Adds bins {@code from..to-1}; {@code from} drops the warm-up. */
    public void add(float[] probability, float[] label, int from, int to) {
        if (label.length != probability.length) {
            throw new IllegalArgumentException(probability.length + " probabilities, " + label.length + " labels");
        }
        if (from < 0 || to > probability.length || from > to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " outside 0.." + probability.length);
        }
        for (int i = from; i < to; i++) {
            float p = probability[i];
            if (Float.isNaN(p)) {
                throw new IllegalArgumentException("NaN probability at bin " + i);
            }
            if (label[i] > 0.5f) {
                if (np == pos.length) {
                    pos = Arrays.copyOf(pos, 2 * np);
                }
                pos[np++] = p;
            } else {
                if (nn == neg.length) {
                    neg = Arrays.copyOf(neg, 2 * nn);
                }
                neg[nn++] = p;
            }
        }
        sorted = false;
    }

    public int positives() {
        return np;
    }

    public int negatives() {
        return nn;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(pos, 0, np);
            Arrays.sort(neg, 0, nn);
            sorted = true;
        }
    }

    /** P(score of a spike bin > score of a non-spike bin) + ½ P(equal); NaN without both classes. */
    public double auc() {
        if (np == 0 || nn == 0) {
            return Double.NaN;
        }
        sort();
        // Walk both sorted arrays once: for each positive, the negatives below it and those equal to it.
        double wins = 0;
        int below = 0;
        for (int i = 0; i < np; i++) {
            float p = pos[i];
            while (below < nn && neg[below] < p) {
                below++;
            }
            int equal = below;
            while (equal < nn && neg[equal] == p) {
                equal++;
            }
            wins += below + 0.5 * (equal - below);
        }
        return wins / ((double) np * nn);
    }

    /** Receives ROC operating points from high threshold to low. */
    private interface PointSink {
        void accept(double fpr, double tpr, double threshold);
    }

    // One pass over both sorted arrays, one point per distinct threshold, so no (n)-sized curve is built
    // unless asked for.
    private void walk(PointSink sink) {
        sort();
        sink.accept(0, 0, Double.POSITIVE_INFINITY);
        int i = np - 1;
        int j = nn - 1;
        while (i >= 0 || j >= 0) {
            float t = Math.max(i >= 0 ? pos[i] : Float.NEGATIVE_INFINITY, j >= 0 ? neg[j] : Float.NEGATIVE_INFINITY);
            while (i >= 0 && pos[i] == t) {
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                j--;
            }
            sink.accept(nn == 0 ? 0 : (double) (nn - 1 - j) / nn, np == 0 ? 0 : (double) (np - 1 - i) / np, t);
        }
    }

    /**
     * ROC operating points for the rule "spike when probability ≥ threshold", one per distinct threshold from
     * high to low, starting at (0, 0) and ending at (1, 1): {@code {fpr[], tpr[], threshold[]}} (the first
     * threshold is +∞). Three doubles per distinct score: thin it ({@link #rocCurve(int)}) for plots.
     */
    public double[][] rocCurve() {
        return rocCurve(0);
    }

    /**
     * The ROC curve thinned for plotting: a point is kept when it lies at least {@code 1/maxPoints} (in
     * FPR + TPR) from the last kept one, so at most about {@code 2·maxPoints} points, spread along the curve
     * rather than over the many thresholds crowded where FPR barely moves; both ends are kept. 0 keeps all.
     */
    public double[][] rocCurve(int maxPoints) {
        double step = maxPoints > 0 ? 1.0 / maxPoints : 0;
        double[][] out = new double[3][16];
        int[] k = {0};
        double[] last = {Double.NaN, Double.NaN};
        walk((f, t, thr) -> {
            boolean end = f == 1 && t == 1;
            if (k[0] > 0 && !end && Math.abs(f - last[0]) + Math.abs(t - last[1]) < step) {
                return;
            }
            if (k[0] == out[0].length) {
                for (int a = 0; a < 3; a++) {
                    out[a] = Arrays.copyOf(out[a], 2 * k[0]);
                }
            }
            out[0][k[0]] = f;
            out[1][k[0]] = t;
            out[2][k[0]] = thr;
            last[0] = f;
            last[1] = t;
            k[0]++;
        });
        return new double[][] {Arrays.copyOf(out[0], k[0]), Arrays.copyOf(out[1], k[0]), Arrays.copyOf(out[2], k[0])};
    }

    /**
     * The highest true-positive rate among operating points whose false-positive rate is at most
     * {@code maxFpr}; no interpolation between thresholds (conservative). NaN without both classes.
     */
    public double tprAtFpr(double maxFpr) {
        if (np == 0 || nn == 0) {
            return Double.NaN;
        }
        double[] best = {0};
        walk((f, t, thr) -> {
            if (f <= maxFpr + 1e-12) {
                best[0] = Math.max(best[0], t);
            }
        });
        return best[0];
    }

    /** {@link #tprAtFpr} at {@link Conventions#FPR_TARGET} (1 %). */
    public double tprAt1PctFpr() {
        return tprAtFpr(Conventions.FPR_TARGET);
    }
}
