package org.neurosurrogate.neuron;

import java.util.ArrayList;
import java.util.List;

/**
 * Somatic spike detection as in Beniaguev et al. (2021): sample k of a finely sampled soma trace is a
 * spike when it is a strict local maximum above a threshold (−25 mV). The time is that sample's time.
 */
public final class SpikeDetector {
    public static final double DEFAULT_THRESHOLD_MV = -25.0;

    private SpikeDetector() {
    }

    public static double[] detect(float[] soma, double intervalMs, double thresholdMv) {
        List<Double> times = new ArrayList<>();
        for (int k = 1; k + 1 < soma.length; k++) {
            if (soma[k] > thresholdMv && soma[k] - soma[k - 1] > 0 && soma[k + 1] - soma[k] < 0) {
                times.add(k * intervalMs);
            }
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
