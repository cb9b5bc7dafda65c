package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.model.TaskLayout;

class SurrogateLossTest {
    @Test
    void partsMatchHandComputation() {
        // S = 1: rows segment, soma, spike; B = 1, T = 2
        float[] pred = {1, 2, 0, -1, 3, -2};
        float[] target = {0, 2, 1, 1, 1, 0};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(pred, new Shape(1, 3, 2));
            NDArray y = m.create(target, new Shape(1, 3, 2));
            SurrogateLoss.Parts parts = new SurrogateLoss(new TaskLayout(1), 0.5, 4).parts(p, y);
            double mse = (1 + 0 + 1 + 4) / 4.0;
            // y = 1, x = 3: pos weight 4 · log(1 + e^−3); y = 0, x = −2: log(1 + e^−2)
            double bce = (4 * Math.log1p(Math.exp(-3)) + Math.log1p(Math.exp(-2))) / 2;
            assertEquals(mse, parts.voltageMse().getFloat(), 1e-6);
            assertEquals(bce, parts.spikeBce().getFloat(), 1e-6);
            assertEquals(mse + 0.5 * bce, parts.total().getFloat(), 1e-6);
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {0, 0, 0, 0, 1e4f, -1e4f}, new Shape(1, 3, 2));
            NDArray y = m.create(new float[] {0, 0, 0, 0, 0, 1}, new Shape(1, 3, 2));
            float bce = new SurrogateLoss(new TaskLayout(1), 1, 1).parts(p, y).spikeBce().getFloat();
            assertEquals(1e4, bce, 1); // both bins wrong by a logit of 1e4: mean 1e4, not infinity
        }
    }

    @Test
    void chunkTotalsSumToTheTotal() {
        chunkTotalsSumToTheTotal(1);
    }

    @Test
    void aWeightedSomaCountsItsRowThatManyTimesInWholeAndChunkedTotals() {
        chunkTotalsSumToTheTotal(5);
        TaskLayout layout = new TaskLayout(4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(1, 6, 2));
            NDArray y = m.zeros(new Shape(1, 6, 2));
            y.set(new ai.djl.ndarray.index.NDIndex(":, 4, :"), 1f); // soma off by 1, every segment exact
            float plain = new SurrogateLoss(layout, 1, 1).parts(p, y).voltageMse().getFloat();
            float weighted = new SurrogateLoss(layout, 1, 1, 5).parts(p, y).voltageMse().getFloat();
            assertEquals(1 / 5.0, plain, 1e-6, "one row of squared error 1 among 5 voltage rows");
            assertEquals(5 / 5.0, weighted, 1e-6, "the soma's row counted 5 times, still over 5 rows");
        }
    }

    private static void chunkTotalsSumToTheTotal(double somaWeight) {
        TaskLayout layout = new TaskLayout(4); // 6 tasks: 4 segments, soma, spike
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray p = m.randomNormal(new Shape(2, 6, 3));
            NDArray y = m.randomNormal(new Shape(2, 6, 3));
            y.set(new ai.djl.ndarray.index.NDIndex(":, 5, :"), y.get(":, 5, :").gt(0).toType(p.getDataType(), false));
            SurrogateLoss loss = new SurrogateLoss(layout, 0.7, 3, somaWeight);
            double total = loss.parts(p, y).total().getFloat();
            NDArray rowsP = p.transpose(1, 0, 2).reshape(6, 6);
            NDArray rowsY = y.transpose(1, 0, 2).reshape(6, 6);
            for (int chunk : new int[] {1, 2, 4, 6}) {
                double sum = 0;
                for (int from = 0; from < 6; from += chunk) {
                    int to = Math.min(6, from + chunk);
                    sum += loss.chunkTotal(rowsP.get(from + ":" + to), rowsY.get(from + ":" + to), from).getFloat();
                }
                assertEquals(total, sum, 1e-5, "chunks of " + chunk);
            }
        }
    }
}
