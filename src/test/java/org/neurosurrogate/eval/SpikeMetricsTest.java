package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpikeMetricsTest {

    private static SpikeMetrics of(float[] pos, float[] neg) {
        float[] p = new float[pos.length + neg.length];
        float[] l = new float[p.length];
        for (int i = 0; i < pos.length; i++) {
            p[i] = pos[i];
            l[i] = 1;
        }
        System.arraycopy(neg, 0, p, pos.length, neg.length);
        SpikeMetrics m = new SpikeMetrics();
        m.add(p, l);
        return m;
    }

    @Test
    void perfectRankingHasAucOne() {
        assertEquals(1, of(new float[] {0.9f, 0.8f}, new float[] {0.1f, 0.2f, 0.3f}).auc(), 1e-12);
    }

    @Test
    void reversedRankingHasAucZero() {
        assertEquals(0, of(new float[] {0.1f, 0.2f}, new float[] {0.9f, 0.8f, 0.7f}).auc(), 1e-12);
    }

    @Test
    void allTiedScoresHaveAucOneHalf() {
        assertEquals(0.5, of(new float[] {0.3f, 0.3f}, new float[] {0.3f, 0.3f, 0.3f}).auc(), 1e-12);
    }

    @Test
    void smallExampleWithATieMatchesHandCount() {
        // positives vs negatives: 0.9 beats 4, 0.6 beats 3, 0.4 beats 2 and ties 1 -> 9.5 of 12 pairs
        SpikeMetrics m = of(new float[] {0.9f, 0.6f, 0.4f}, new float[] {0.7f, 0.4f, 0.2f, 0.1f});
        assertEquals(9.5 / 12, m.auc(), 1e-12);
        assertEquals(3, m.positives());
        assertEquals(4, m.negatives());
    }

    @Test
    void aucEqualsPairCountingOnRandomScoresWithTies() {
        Random rnd = new Random(3);
        float[] pos = new float[300];
        float[] neg = new float[2000];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = Math.round(rnd.nextFloat() * 20) / 20f + 0.1f;
        }
        for (int i = 0; i < neg.length; i++) {
            neg[i] = Math.round(rnd.nextFloat() * 20) / 20f;
        }
        double wins = 0;
        for (float a : pos) {
            for (float b : neg) {
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        assertEquals(wins / (pos.length * (double) neg.length), of(pos, neg).auc(), 1e-12);
    }

    @Test
    void rocCurveRunsFromOriginToOneOneAndItsAreaIsTheAuc() {
        SpikeMetrics m = of(new float[] {0.9f, 0.6f, 0.4f}, new float[] {0.7f, 0.4f, 0.2f, 0.1f});
        double[][] c = m.rocCurve();
        int n = c[0].length;
        assertEquals(0, c[0][0]);
        assertEquals(0, c[1][0]);
        assertEquals(1, c[0][n - 1]);
        assertEquals(1, c[1][n - 1]);
        double area = 0;
        for (int k = 1; k < n; k++) {
            assertTrue(c[0][k] >= c[0][k - 1] && c[1][k] >= c[1][k - 1], "monotone");
            area += (c[0][k] - c[0][k - 1]) * (c[1][k] + c[1][k - 1]) / 2;
        }
        assertEquals(m.auc(), area, 1e-12);
        assertEquals(6 + 1, n, "one point per distinct score plus the origin");
    }

    @Test
    void thinnedRocCurveKeepsBothEnds() {
        Random rnd = new Random(1);
        float[] pos = new float[500];
        float[] neg = new float[5000];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = rnd.nextFloat();
        }
        for (int i = 0; i < neg.length; i++) {
            neg[i] = rnd.nextFloat() * 0.8f;
        }
        SpikeMetrics m = of(pos, neg);
        double[][] c = m.rocCurve(200);
        int n = c[0].length;
        assertTrue(n <= 2 * 200 + 2 && n >= 100, n + " points");
        assertTrue(m.rocCurve()[0].length > 1000);
        assertEquals(0, c[0][0]);
        assertEquals(0, c[1][0]);
        assertEquals(1, c[0][n - 1]);
        assertEquals(1, c[1][n - 1]);
    }

    @Test
    void tprAtOnePercentFprTakesTheBestThresholdWithinTheBudget() {
        // 100 negatives at 0.00..0.99; spikes: 4 at 0.999, 3 at 0.98, 3 at 0.5.
        // threshold 0.99 -> FPR 1 %, TPR 0.4; threshold 0.98 -> FPR 2 %, TPR 0.7
        float[] neg = new float[100];
        for (int i = 0; i < 100; i++) {
            neg[i] = i / 100f;
        }
        float[] pos = {0.999f, 0.999f, 0.999f, 0.999f, 0.98f, 0.98f, 0.98f, 0.5f, 0.5f, 0.5f};
        SpikeMetrics m = of(pos, neg);
        assertEquals(0.4, m.tprAt1PctFpr(), 1e-12);
        assertEquals(0.7, m.tprAtFpr(0.02), 1e-12);
        assertEquals(1.0, m.tprAtFpr(1.0), 1e-12);
    }

    @Test
    void rangeAddsOnlyTheScoredBins() {
        SpikeMetrics m = new SpikeMetrics();
        // bins 0..1 (warm-up) would reverse the ranking
        m.add(new float[] {0.9f, 0.1f, 0.2f, 0.8f}, new float[] {0, 1, 0, 1}, 2, 4);
        assertEquals(1, m.auc(), 1e-12);
        assertEquals(1, m.positives());
        assertEquals(1, m.negatives());
    }

    @Test
    void aucIsUndefinedWithoutBothClasses() {
        assertTrue(Double.isNaN(of(new float[0], new float[] {0.1f}).auc()));
        assertTrue(Double.isNaN(of(new float[] {0.1f}, new float[0]).tprAt1PctFpr()));
    }

    @Test
    void growsPastItsInitialCapacity() {
        SpikeMetrics m = new SpikeMetrics();
        float[] p = new float[5000];
        float[] l = new float[5000];
        for (int i = 0; i < p.length; i++) {
            p[i] = i / 5000f;
            l[i] = i >= 4000 ? 1 : 0;
        }
        m.add(p, l);
        assertEquals(1, m.auc(), 1e-12);
        assertEquals(1000, m.positives());
    }
}
