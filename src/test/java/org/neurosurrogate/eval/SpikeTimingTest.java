package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpikeTimingTest {
    static final double[] PRED = {10, 20, 31, 50};
    static final double[] TRUE = {11, 25, 30, 33};

    @Test
    void withinTwoMillisecondsTwoOfFourMatch() {
        // 10-11 and 31-30 match; 20 has nothing within 2 ms; 50 and 25, 33 are left over
        SpikeTiming t = new SpikeTiming(2);
        t.add(PRED, TRUE);
        assertEquals(2, t.matched());
        assertEquals(0.5, t.precision(), 1e-12);
        assertEquals(0.5, t.recall(), 1e-12);
    }

    @Test
    void withinFiveMillisecondsThreeOfFourMatch() {
        SpikeTiming t = new SpikeTiming(5);
        t.add(PRED, TRUE);
        assertEquals(3, t.matched());
        assertEquals(0.75, t.precision(), 1e-12);
        assertEquals(0.75, t.recall(), 1e-12);
    }

    @Test
    void eachTrueSpikeMatchesAtMostOnePrediction() {
        SpikeTiming t = new SpikeTiming(5);
        t.add(new double[] {10, 11}, new double[] {10});
        assertEquals(0.5, t.precision(), 1e-12);
        assertEquals(1, t.recall(), 1e-12);
    }

    @Test
    void matchingIsMaximumNotClosestFirst() {
        // closest-first would pair 3-3 and strand 1; the maximum pairs 1-3 and 3-5
        assertEquals(2, SpikeTiming.matches(new double[] {3, 1}, new double[] {5, 3}, 2));
    }

    @Test
    void countsAccumulateOverSimulationsAndWarmUpIsDropped() {
        SpikeTiming t = new SpikeTiming(2);
        t.add(new double[] {100, 600}, new double[] {600}, 500);
        t.add(new double[] {700}, new double[] {900, 1000}, 500);
        assertEquals(2, t.predicted());
        assertEquals(3, t.actual());
        assertEquals(1, t.matched());
        assertEquals(1 / 3.0, t.recall(), 1e-12);
    }

    @Test
    void precisionIsUndefinedWithoutPredictions() {
        SpikeTiming t = new SpikeTiming(2);
        t.add(new double[0], new double[] {3});
        assertTrue(Double.isNaN(t.precision()));
        assertEquals(0, t.recall());
    }

    @Test
    void spikeTimesAreOnsetsOfRunsAboveThreshold() {
        float[] p = {0.6f, 0.7f, 0.1f, 0.2f, 0.9f, 0.5f, 0.4f, 0.5f};
        assertArrayEquals(new double[] {0, 4, 7}, SpikeTiming.spikeTimes(p, 0.5, 1.0));
    }
}
