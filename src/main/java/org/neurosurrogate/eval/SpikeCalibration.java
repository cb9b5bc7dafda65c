package org.neurosurrogate.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * The spike read-out chosen on held-out simulations: the probability threshold and refractory merge that give the
 * best F1 of spike times matched within ±{@value #TOLERANCE_MS} ms ({@link SpikeTiming}). The spike head ranks bins
 * well but, trained with positive bins weighted ×10 on a rare class, rarely crosses 0.5: a fixed 0.5 recalls few
 * spikes. Chosen on the validation split, never the test split; saved with the surrogate and used by
 * {@link Surrogate#predict}, evaluation and hybrid networks.
 *
 * @param refractoryMs spikes closer than this to the previous kept one are merged into it
 */
public record SpikeCalibration(double threshold, double refractoryMs, double precision, double recall, double f1,
                               long trueSpikes, long predictedSpikes) {
    public static final double TOLERANCE_MS = 5;
    static final double[] REFRACTORY_MS = {0, 2, 5, 10};

    /**
     * Chooses on whole simulations: their spike probabilities (1-ms bins), their true spike times, scored from
     * {@code fromMs} on (the warm-up is not scored). Thresholds 0.02, 0.04, ..., 0.98; ties keep the higher one.
     */
    public static SpikeCalibration choose(List<float[]> probabilities, List<double[]> trueSpikes, double fromMs) {
        SpikeCalibration best = null;
        for (double refractory : REFRACTORY_MS) {
            for (int k = 49; k >= 1; k--) {
                double threshold = k / 50.0;
                SpikeTiming timing = new SpikeTiming(TOLERANCE_MS);
                for (int i = 0; i < probabilities.size(); i++) {
                    timing.add(Surrogate.spikeTimes(probabilities.get(i), threshold, refractory), trueSpikes.get(i),
                            fromMs);
                }
                double p = timing.precision();
                double r = timing.recall();
                double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
                if (best == null || f1 > best.f1 + 1e-12) {
                    best = new SpikeCalibration(threshold, refractory, p, r, f1, timing.actual(), timing.predicted());
                }
            }
        }
        return best;
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
        return m;
    }
}
