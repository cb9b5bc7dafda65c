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
    }

    @Test
    void theRefractoryMergeDropsSpikesTooCloseToTheKeptOne() {
        float[] p = {0, 0.9f, 0, 0.9f, 0, 0, 0, 0.9f, 0};
        assertArrayEquals(new double[] {1, 3, 7}, Surrogate.spikeTimes(p, 0.5, 0));
        assertArrayEquals(new double[] {1, 7}, Surrogate.spikeTimes(p, 0.5, 5));
    }
}
