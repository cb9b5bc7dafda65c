package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.WithNDManager;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.model.TaskLayout;

/** The linear baseline starts at the per-segment mean and improves on it where inputs predict the targets. */
class LinearCausalFilterTest extends WithNDManager {
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    static final TaskLayout LAYOUT = new TaskLayout(TinyData.S);
    static final int R = 13;

    @TempDir
    Path tmp;

    static double spikeRate(DatasetReader reader) {
        return Baselines.spikeRate(reader, TinyData.TRAIN, TinyData.BURN_IN);
    }

    @Test
    void untrainedFilterScoresExactlyTheMeanBaseline() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            TrainConfig cfg = TinyData.config(Arch.MH).build();
            TrainingData data = TinyData.data(reader, cfg, R);
            SurrogateLoss loss = new SurrogateLoss(LAYOUT, 1, 10);
            double rate = spikeRate(reader);
            assertTrue(rate > 0, "the tiny cell spikes");
            LinearCausalFilter f = Baselines.linearFilter(2 * TinyData.S, LAYOUT, R, rate);
            Engine.getInstance().setRandomSeed(7);
            f.initialize(manager, DataType.FLOAT32, new Shape(4, 2 * TinyData.S, 40));
            Metrics linear = SurrogateTrainer.evaluate(SurrogateTrainer.inference(f, manager), data.validation(),
                    data.stats(), R, loss, 4, manager);
            Metrics mean = SurrogateTrainer.evaluate(Baselines.mean(LAYOUT, rate, R), data.validation(), data.stats(),
                    R, loss, 4, manager);
            assertEquals(mean.total(), linear.total(), 1e-5);
            assertEquals(mean.voltageMse(), linear.voltageMse(), 1e-5);
            assertEquals(mean.spikeBce(), linear.spikeBce(), 1e-5);
        }
    }

    @Test
    void aFewStepsBeatTheMeanWhereInputsLinearlyPredictTheTargets() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            // TinyData's voltages are exponentially filtered sums of the inputs: a linear causal filter fits them.
            TrainConfig cfg = TinyData.config(Arch.MH).optMaxSteps(20).optEvalEvery(20).optLr(3e-2).build();
            TrainingData data = TinyData.data(reader, cfg, R);
            SurrogateLoss loss = new SurrogateLoss(LAYOUT, 1, 10);
            double rate = spikeRate(reader);
            Metrics mean = SurrogateTrainer.evaluate(Baselines.mean(LAYOUT, rate, R), data.validation(), data.stats(),
                    R, loss, 4, manager);
            LinearCausalFilter f = Baselines.linearFilter(2 * TinyData.S, LAYOUT, R, rate);
            SurrogateTrainer.FitResult r = SurrogateTrainer.fit(f, R, 2 * TinyData.S, LAYOUT, cfg, data,
                    tmp.resolve("ckpt"), QUIET, manager);
            Metrics trained = SurrogateTrainer.evaluate(SurrogateTrainer.inference(f, manager), data.validation(),
                    data.stats(), R, loss, 4, manager);
            assertEquals(20, r.steps());
            assertEquals(20, r.bestStep(), "the trained filter beats its start (the mean)");
            assertTrue(trained.voltageMse() < 0.9 * mean.voltageMse(), mean + " -> " + trained);
            assertTrue(trained.total() < 0.9 * mean.total(), mean + " -> " + trained);
        }
    }

    @Test
    void sameSeedGivesTheSameFilter() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            TrainConfig cfg = TinyData.config(Arch.MH).optMaxSteps(5).build();
            TrainingData data = TinyData.data(reader, cfg, R);
            double rate = spikeRate(reader);
            LinearCausalFilter a = Baselines.linearFilter(2 * TinyData.S, LAYOUT, R, rate);
            LinearCausalFilter b = Baselines.linearFilter(2 * TinyData.S, LAYOUT, R, rate);
            SurrogateTrainer.fit(a, R, 2 * TinyData.S, LAYOUT, cfg, data, tmp.resolve("a"), QUIET, manager);
            SurrogateTrainer.fit(b, R, 2 * TinyData.S, LAYOUT, cfg, data, tmp.resolve("b"), QUIET, manager);
            List<float[]> pa = SurrogateTrainer.parameterValues(a);
            List<float[]> pb = SurrogateTrainer.parameterValues(b);
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                assertArrayEquals(pa.get(i), pb.get(i));
            }
        }
    }
}
