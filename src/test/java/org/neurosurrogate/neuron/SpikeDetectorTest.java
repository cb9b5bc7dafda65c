package org.neurosurrogate.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SpikeDetectorTest {
    @Test
    void detectsStrictLocalMaximaAboveThreshold() {
        float[] v = {-70, -40, 20, -10, -60, -30, -26, -30, -20, 10, 10, -50};
        // peak at 2 (20 mV); -26 at 6 is below -25; the plateau 10,10 is not a strict maximum
        assertArrayEquals(new double[] {0.25}, SpikeDetector.detect(v, 0.125, -25), 1e-12);
    }

    @Test
    void flatTraceHasNoSpikes() {
        assertArrayEquals(new double[0], SpikeDetector.detect(new float[100], 0.125, -25));
    }
}
