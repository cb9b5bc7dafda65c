package org.neurosurrogate.eval;

import java.util.Arrays;

/**
 * Per-row RMSE, explained variance and Pearson r of predicted against true voltages, accumulated over any
 * number of blocks (rows = segments, or the soma as a single row).
 *
 * <p>Sums are kept in double, shifted by each row's first true value: voltages sit near −70 mV while their
 * variance may be a few mV², and the shift keeps {@code Σx² − (Σx)²/n} from cancelling.
 */
public final class VoltageMetrics {
    private final int rows;
    private final long[] n;
    private final double[] shift;
    private final double[] st;
    private final double[] stt;
    private final double[] sp;
    private final double[] spp;
    private final double[] stp;

    public VoltageMetrics(int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive: " + rows);
        }
        this.rows = rows;
        n = new long[rows];
        shift = new double[rows];
        st = new double[rows];
        stt = new double[rows];
        sp = new double[rows];
        spp = new double[rows];
        stp = new double[rows];
    }

    public int rows() {
        return rows;
    }

    /** Adds a whole block, layout {@code [rows, steps]}. */
    public void add(float[] truth, float[] pred, int rows, int steps) {
        add(truth, pred, rows, steps, 0);
    }

    /**
     * Adds steps {@code from..steps-1} of every row of a block, layout {@code [rows, steps]}; {@code from}
     * drops the warm-up of a simulation that starts at step 0.
     */
    public void add(float[] truth, float[] pred, int rows, int steps, int from) {
        if (rows != this.rows) {
            throw new IllegalArgumentException("block has " + rows + " rows, metrics " + this.rows);
        }
        if (truth.length != (long) rows * steps || pred.length != truth.length) {
            throw new IllegalArgumentException("arrays of " + truth.length + " and " + pred.length
                    + " values for " + rows + " x " + steps);
        }
        if (from < 0 || from > steps) {
            throw new IllegalArgumentException("from " + from + " outside 0.." + steps);
        }
        for (int r = 0; r < rows; r++) {
            int base = r * steps;
            if (n[r] == 0 && from < steps) {
                shift[r] = truth[base + from];
            }
            double k = shift[r];
            double a = 0;
            double aa = 0;
            double b = 0;
            double bb = 0;
            double ab = 0;
            for (int t = base + from; t < base + steps; t++) {
                double x = truth[t] - k;
                double y = pred[t] - k;
                a += x;
                aa += x * x;
                b += y;
                bb += y * y;
                ab += x * y;
            }
            n[r] += steps - from;
            st[r] += a;
            stt[r] += aa;
            sp[r] += b;
            spp[r] += bb;
            stp[r] += ab;
        }
    }

    /** Values scored in a row. */
    public long count(int row) {
        return n[row];
    }

    /** Root-mean-square error, mV. */
    public double rmse(int row) {
        double mse = (stt[row] - 2 * stp[row] + spp[row]) / n[row];
        return Math.sqrt(Math.max(0, mse));
    }

    /** 1 − Var(pred − truth) / Var(truth): a constant offset is not penalised (NaN for a flat truth). */
    public double explainedVariance(int row) {
        double m = n[row];
        double se = sp[row] - st[row];
        double see = stt[row] - 2 * stp[row] + spp[row];
        double varErr = see / m - (se / m) * (se / m);
        double varTruth = stt[row] / m - (st[row] / m) * (st[row] / m);
        return varTruth > 0 ? 1 - Math.max(0, varErr) / varTruth : Double.NaN;
    }

    /** Pearson correlation of truth and prediction (NaN when either is flat). */
    public double pearson(int row) {
        double m = n[row];
        double ctt = stt[row] - st[row] * st[row] / m;
        double cpp = spp[row] - sp[row] * sp[row] / m;
        double ctp = stp[row] - st[row] * sp[row] / m;
        if (ctt <= 0 || cpp <= 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, ctp / Math.sqrt(ctt * cpp)));
    }

    public double[] rmse() {
        return each(this::rmse);
    }

    public double[] explainedVariance() {
        return each(this::explainedVariance);
    }

    public double[] pearson() {
        return each(this::pearson);
    }

    private double[] each(java.util.function.IntToDoubleFunction f) {
        double[] out = new double[rows];
        Arrays.setAll(out, f::applyAsDouble);
        return out;
    }

    /** A copy with every value above {@link Conventions#SOMA_CLIP_MV} set to it; apply to truth and prediction. */
    public static float[] clipSoma(float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(out[i], Conventions.SOMA_CLIP_MV);
        }
        return out;
    }
}
