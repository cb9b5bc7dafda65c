package org.neurosurrogate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {
    @Test
    void overwriteReplacesTheValuesAndKeepsTheArrayTrainable() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(2, 3));
            p.setRequiresGradient(true);
            ParameterValues.overwrite(p, new float[] {1, 2, 3, 4, 5, 6});
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, p.toFloatArray());
            assertTrue(p.hasGradient(), "a trainable parameter stays trainable");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.mul(p).sum());
            }
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, p.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void overwriteLeavesAConstantConstant() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray c = m.zeros(new Shape(2));
            ParameterValues.overwrite(c, new float[] {7, 8});
            assertArrayEquals(new float[] {7, 8}, c.toFloatArray());
            assertFalse(c.hasGradient());
        }
    }

    @Test
    void overwriteRefusesTheWrongCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray c = m.zeros(new Shape(2, 2));
            assertThrows(IllegalArgumentException.class, () -> ParameterValues.overwrite(c, new float[3]));
        }
    }
}
