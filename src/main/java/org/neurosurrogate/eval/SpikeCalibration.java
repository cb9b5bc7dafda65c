package org.neurosurrogate.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * The spike read-out chosen on held-out simulations: the probability threshold and refractory merge. The spike
 * head ranks bins well but, trained with positive bins weighted ×10 on a rare class, rarely crosses 0.5: a fixed
 * 0.5 recalls few spikes. Chosen on the validation split, never the test split; saved with the surrogate and used
 * by {@link Surrogate#predict}, evaluation and hybrid networks.
 *
 * <p>The rule: among the read-outs whose spike count is within {@value #RATE_TOLERANCE} of the true count, the one
 * with the best F1 of spike times matched within ±{@value #TOLERANCE_MS} ms ({@link SpikeTiming}); if none is, the
 * one whose count comes closest. A surrogate in a network must first fire at its cell's rate (what its targets
 * integrate); the F1-best read-out of a weak spike head fires far too rarely (a quarter of the rate on the L5PC),
 * so it is only recorded beside ({@link #f1Best}).
 *
 * @param refractoryMs spikes closer than this to the previous kept one are merged into it
 * @param f1Best the read-out with the best F1 regardless of rate (equal to this one where the rate allowed it)
 */
public record SpikeCalibration(double threshold, double refractoryMs, double precision, double recall, double f1,
                               long trueSpikes, long predictedSpikes, SpikeCalibration f1Best) {
    public static final double TOLERANCE_MS = 5;
    /** How far the chosen read-out's spike count may be from the true count (relative). */
    public static final double RATE_TOLERANCE = 0.1;
    static final double[] REFRACTORY_MS = {0, 2, 5, 10};

    /**
     * Chooses on whole simulations: their spike probabilities (1-ms bins), their true spike times, scored from
     * {@code fromMs} on (the warm-up is not scored). Thresholds 0.01, 0.02, ..., 0.99; ties keep the higher one.
     */
    public static SpikeCalibration choose(List<float[]> probabilities, List<double[]> trueSpikes, double fromMs) {
        SpikeCalibration f1Best = null;
        SpikeCalibration rateOk = null;
        SpikeCalibration closest = null;
        for (double refractory : REFRACTORY_MS) {
            for (int k = 99; k >= 1; k--) {
                double threshold = k / 100.0;
                SpikeTiming timing = new SpikeTiming(TOLERANCE_MS);
                for (int i = 0; i < probabilities.size(); i++) {
                    timing.add(Surrogate.spikeTimes(probabilities.get(i), threshold, refractory), trueSpikes.get(i),
                            fromMs);
                }
                double p = timing.precision();
                double r = timing.recall();
                double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
                SpikeCalibration c = new SpikeCalibration(threshold, refractory, p, r, f1, timing.actual(),
                        timing.predicted(), null);
                long off = Math.abs(c.predictedSpikes - c.trueSpikes);
                if (f1Best == null || f1 > f1Best.f1 + 1e-12) {
                    f1Best = c;
                }
                if (off <= RATE_TOLERANCE * c.trueSpikes && (rateOk == null || f1 > rateOk.f1 + 1e-12)) {
                    rateOk = c;
                }
                if (closest == null || off < Math.abs(closest.predictedSpikes - closest.trueSpikes)) {
                    closest = c;
                }
            }
        }
        SpikeCalibration chosen = rateOk != null ? rateOk : closest;
        return new SpikeCalibration(chosen.threshold, chosen.refractoryMs, chosen.precision, chosen.recall, chosen.f1,
                chosen.trueSpikes, chosen.predictedSpikes, f1Best);
    }

    /** The fields saved in surrogate.json. */
    public Map<String, Object> toMap(String split) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chosen_on", split);
        m.put("tolerance_ms", TOLERANCE_MS);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("true_spikes", trueSpikes);
        m.put("predicted_spikes", predictedSpikes);
        m.put("rule", "best F1 among read-outs within " + (int) (100 * RATE_TOLERANCE) + " % of the true spike count, "
                + "else the closest count");
        if (f1Best != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threshold", f1Best.threshold);
            f.put("refractory_ms", f1Best.refractoryMs);
            f.put("precision", f1Best.precision);
            f.put("recall", f1Best.recall);
            f.put("predicted_spikes", f1Best.predictedSpikes);
            m.put("f1_best", f);
        }
        return m;
    }
}
