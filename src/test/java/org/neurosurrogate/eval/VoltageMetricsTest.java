package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.Test;

class VoltageMetricsTest {

    @Test
    void matchesHandComputedValuesOnFourSteps() {
        // err = [0,0,0,1]: MSE 1/4; Var(truth) = 1.25, Var(err) = 0.1875; r = 6.5 / sqrt(5 * 8.75)
        VoltageMetrics m = new VoltageMetrics(1);
        m.add(new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 5}, 1, 4);
        assertEquals(0.5, m.rmse(0), 1e-12);
        assertEquals(0.85, m.explainedVariance(0), 1e-12);
        assertEquals(6.5 / Math.sqrt(43.75), m.pearson(0), 1e-12);
        assertEquals(4, m.count(0));
    }

    @Test
    void perfectPredictionGivesZeroErrorAndUnitScores() {
        float[] v = {-70, -65, -40, 10, -75, -71};
        VoltageMetrics m = new VoltageMetrics(2);
        m.add(v, v.clone(), 2, 3);
        assertArrayEquals(new double[] {0, 0}, m.rmse(), 1e-6);
        assertArrayEquals(new double[] {1, 1}, m.explainedVariance(), 1e-9);
        assertArrayEquals(new double[] {1, 1}, m.pearson(), 1e-9);
    }

    @Test
    void constantOffsetCostsRmseButNotExplainedVarianceOrCorrelation() {
        float[] t = {-70, -68, -66, -71};
        float[] p = {-67, -65, -63, -68};
        VoltageMetrics m = new VoltageMetrics(1);
        m.add(t, p, 1, 4);
        assertEquals(3, m.rmse(0), 1e-9);
        assertEquals(1, m.explainedVariance(0), 1e-9);
        assertEquals(1, m.pearson(0), 1e-9);
    }

    @Test
    void rowsOfAChannelMajorBlockAreScoredSeparately() {
        // row 0 perfect, row 1 off by 2 everywhere
        float[] t = {1, 2, 3, 10, 20, 30};
        float[] p = {1, 2, 3, 12, 22, 32};
        VoltageMetrics m = new VoltageMetrics(2);
        m.add(t, p, 2, 3);
        assertEquals(0, m.rmse(0), 1e-9);
        assertEquals(2, m.rmse(1), 1e-9);
    }

    @Test
    void streamingOverBlocksEqualsOneBlockAndAgreesWithCommonsMath() {
        Random rnd = new Random(7);
        int steps = 5000;
        float[] t = new float[steps];
        float[] p = new float[steps];
        double[] td = new double[steps];
        double[] pd = new double[steps];
        for (int i = 0; i < steps; i++) {
            // small fluctuations on a large resting offset: the case where unshifted sums cancel
            t[i] = (float) (-70 + 0.01 * Math.sin(i / 30.0) + 0.001 * rnd.nextGaussian());
            p[i] = (float) (t[i] + 0.002 * rnd.nextGaussian());
            td[i] = t[i];
            pd[i] = p[i];
        }
        VoltageMetrics whole = new VoltageMetrics(1);
        whole.add(t, p, 1, steps);
        VoltageMetrics parts = new VoltageMetrics(1);
        int cut = 1234;
        parts.add(java.util.Arrays.copyOfRange(t, 0, cut), java.util.Arrays.copyOfRange(p, 0, cut), 1, cut);
        parts.add(java.util.Arrays.copyOfRange(t, cut, steps), java.util.Arrays.copyOfRange(p, cut, steps), 1,
                steps - cut);
        double r = new PearsonsCorrelation().correlation(td, pd);
        assertEquals(r, whole.pearson(0), 1e-6);
        assertEquals(whole.pearson(0), parts.pearson(0), 1e-9);
        assertEquals(whole.rmse(0), parts.rmse(0), 1e-12);
        assertEquals(whole.explainedVariance(0), parts.explainedVariance(0), 1e-9);
        double mse = 0;
        for (int i = 0; i < steps; i++) {
            mse += (pd[i] - td[i]) * (pd[i] - td[i]);
        }
        assertEquals(Math.sqrt(mse / steps), whole.rmse(0), 1e-9);
    }

    @Test
    void fromDropsTheLeadingStepsOfEveryRow() {
        // the first two steps of each row are wildly wrong and must not count
        float[] t = {0, 0, 1, 2, 0, 0, 5, 6};
        float[] p = {99, 99, 1, 2, -99, -99, 5, 7};
        VoltageMetrics m = new VoltageMetrics(2);
        m.add(t, p, 2, 4, 2);
        assertEquals(0, m.rmse(0), 1e-12);
        assertEquals(Math.sqrt(0.5), m.rmse(1), 1e-12);
        assertEquals(2, m.count(1));
    }

    @Test
    void flatTruthHasUndefinedExplainedVarianceAndCorrelation() {
        VoltageMetrics m = new VoltageMetrics(1);
        m.add(new float[] {-55, -55, -55}, new float[] {-56, -55, -54}, 1, 3);
        assertTrue(Double.isNaN(m.explainedVariance(0)));
        assertTrue(Double.isNaN(m.pearson(0)));
        assertEquals(Math.sqrt(2 / 3.0), m.rmse(0), 1e-12);
    }

    @Test
    void somaClippingCapsValuesAboveMinus55AndLeavesTheRest() {
        float[] v = {-70, -55, -54.9f, 20};
        assertArrayEquals(new float[] {-70, -55, -55, -55}, VoltageMetrics.clipSoma(v));
        assertEquals(20, v[3], "input untouched");
    }

    @Test
    void clippedSpikesNoLongerCountAsSomaError() {
        // truth spikes to +30, the prediction stays at threshold: after clipping both, no error
        float[] t = VoltageMetrics.clipSoma(new float[] {-70, -60, 30, -65});
        float[] p = VoltageMetrics.clipSoma(new float[] {-70, -60, -50, -65});
        VoltageMetrics m = new VoltageMetrics(1);
        m.add(t, p, 1, 4);
        assertEquals(0, m.rmse(0), 1e-12);
    }

    @Test
    void rejectsBlocksOfTheWrongShape() {
        VoltageMetrics m = new VoltageMetrics(2);
        assertThrows(IllegalArgumentException.class, () -> m.add(new float[6], new float[6], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> m.add(new float[6], new float[5], 2, 3));
    }
}
