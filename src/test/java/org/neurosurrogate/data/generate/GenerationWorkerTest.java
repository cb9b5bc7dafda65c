package org.neurosurrogate.data.generate;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;

class GenerationWorkerTest {
    private static SimulationResult result(float[] v) {
        return new SimulationResult(2, v, v.length / 2, new float[16], 0.125, new double[0],
                new SpikeTrains(new double[0], new int[0], v.length), 1);
    }

    @Test
    void nonFiniteVoltageRejectsTheSimulation() {
        String why = GenerationWorker.firstNonFinite(result(new float[] {-70, -70, Float.NaN, -70}));
        assertTrue(why != null && why.contains("t=1 ms, segment 0"), why);
        assertTrue(GenerationWorker.firstNonFinite(result(new float[] {-70, Float.POSITIVE_INFINITY})) != null);
    }

    @Test
    void finiteVoltagesPass() {
        assertNull(GenerationWorker.firstNonFinite(result(new float[] {-70, -65, -60, 20})));
    }
}
