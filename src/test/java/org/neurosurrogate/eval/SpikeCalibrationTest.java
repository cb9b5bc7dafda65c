package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.surrogate.Surrogate;

class SpikeCalibrationTest {
    @Test
    void choosesTheThresholdThatRecoversSpikesAFixedHalfMisses() {
        // true spikes every 200 ms from 600 ms; the head peaks at 0.3 there, with an echo 3 ms later and noise ≤ 0.1
        SplittableRandom rng = new SplittableRandom(3);
        float[] p = new float[3000];
        for (int t = 0; t < p.length; t++) {
            p[t] = (float) (0.1 * rng.nextDouble());
        }
        double[] truth = new double[12];
        for (int i = 0; i < truth.length; i++) {
            int t = 600 + 200 * i;
            truth[i] = t + 0.3;
            p[t] = 0.3f;
            p[t + 3] = 0.3f;
        }
        SpikeCalibration c = SpikeCalibration.choose(List.of(p), List.of(truth), 500);
        assertEquals(0, Surrogate.spikeTimes(p, 0.5).length, "a fixed 0.5 finds nothing");
        assertTrue(c.threshold() > 0.1 && c.threshold() <= 0.3, "between the noise and the peaks: " + c.threshold());
        assertTrue(c.refractoryMs() >= 5, "the echo 3 ms later is merged: " + c.refractoryMs());
        assertEquals(1.0, c.recall());
        assertEquals(1.0, c.precision());
        assertEquals(12, c.trueSpikes());
        assertEquals(c.threshold(), c.f1Best().threshold(), "rate and timing agree here");
    }

    @Test
    void aWeakHeadIsReadOutAtItsCellsRateNotAtItsBestF1() {
        // 20 true spikes: 8 the head is sure of (0.6), 12 it ranks at 0.3; 12 wrong bins at 0.35 and 30 at 0.3
        float[] p = new float[6000];
        double[] truth = new double[20];
        for (int i = 0; i < 20; i++) {
            int t = 600 + 250 * i;
            truth[i] = t;
            p[t] = i < 8 ? 0.6f : 0.3f;
            p[t + 100] = i < 12 ? 0.35f : 0;
            p[t + 150] = 0.3f;
            p[t + 200] = i < 10 ? 0.3f : 0;
        }
        SpikeCalibration c = SpikeCalibration.choose(List.of(p), List.of(truth), 500);
        assertEquals(8, c.f1Best().predictedSpikes(), "F1 alone keeps the 8 sure ones (F1 0.57)");
        assertEquals(20, c.predictedSpikes(), "the chosen read-out fires at the true rate (F1 0.4)");
        assertTrue(c.threshold() >= 0.3 && c.threshold() < 0.35, "between the two levels: " + c.threshold());
    }
}
