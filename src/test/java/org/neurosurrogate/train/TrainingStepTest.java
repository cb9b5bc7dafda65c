package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.LocalInputFilter;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;

class TrainingStepTest {
    static final TaskLayout LAYOUT = new TaskLayout(6); // 8 tasks
    static final int INPUTS = 12;
    // No dropout: the chunked and whole-graph passes must see the same trunk.
    static final Hyper SMALL = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4)
            .optTowerUnits(5).optExperts(3).optExclusivity(0.67).optDropout(0).build();

    /**
     * The task-chunked backward gives the whole-graph gradients, chunks straddling the soma/spike rows included,
     * with the trunk's first layer dense or computed from the input's nonzero entries ({@code SparseFirstLayer}).
     */
    @ParameterizedTest
    @CsvSource({"MH, 0", "MH, 1", "MMOE, 0", "MMOE, 1", "MMOEEX, 0", "MMOEEX, 1"})
    void chunkedBackwardGivesTheWholeGraphGradients(Arch arch, double maxSparseDensity) {
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = net(m, arch, 11, 3, 40);
            NDArray x = inputs(m, 3, 40);
            NDArray y = m.randomNormal(new Shape(3, LAYOUT.tasks(), net.outputFrames(40)));
            y.set(new ai.djl.ndarray.index.NDIndex(":, 7, :"), y.get(":, 7, :").gt(1).toType(DataType.FLOAT32,
                    false));
            TrainingStep step = step(m, net, arch, maxSparseDensity);
            Backward whole = backward(m, net, step, new NDList(x, y), false);
            Backward chunked = backward(m, net, step, new NDList(x, y), true);
            assertEquals(whole.loss(), chunked.loss(), 1e-5);
            double largest = 0;
            for (int i = 0; i < whole.gradients().size(); i++) {
                float[] expected = whole.gradients().get(i);
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], chunked.gradients().get(i)[j], 1e-5, "parameter " + i + " element " + j);
                    largest = Math.max(largest, Math.abs(expected[j]));
                }
            }
            assertTrue(largest > 1e-3, "gradients should not all vanish: " + largest);
        }
    }

    /** The same with the per-segment local input path (its taps set off zero, where they start). */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void chunkedBackwardWithTheLocalInputPathGivesTheWholeGraphGradients(Arch arch) {
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = net(m, arch, 12, 3, 40, Hyper.builder().optChannels(6, 4, 3).optKernel(3)
                    .optDilations(1, 2, 4).optTowerUnits(5).optExperts(3).optExclusivity(0.67).optDropout(0)
                    .optLocalInput(true).build());
            NDArray w = net.local().getParameters().valueAt(0).getArray();
            // taps ~ N(0, 1), set as the product does (NDArray.set(Buffer) prints a libtorch deprecation warning)
            org.neurosurrogate.model.ParameterValues.overwrite(w,
                    m.randomNormal(w.getShape()).div(LocalInputFilter.GAIN).toFloatArray());
            NDArray x = inputs(m, 3, 40);
            NDArray y = m.randomNormal(new Shape(3, LAYOUT.tasks(), net.outputFrames(40)));
            TrainingStep step = step(m, net, arch, 1);
            Backward whole = backward(m, net, step, new NDList(x, y), false);
            Backward chunked = backward(m, net, step, new NDList(x, y), true);
            assertEquals(whole.loss(), chunked.loss(), 1e-4);
            for (int i = 0; i < whole.gradients().size(); i++) {
                assertArrayEquals(whole.gradients().get(i), chunked.gradients().get(i), 1e-4f, "parameter " + i);
            }
            float largest = 0;
            for (float v : chunked.gradients().get(whole.gradients().size() - 1)) { // the last block's: the taps
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest > 1e-4, "the taps should get gradients: " + largest);
        }
    }

    /** After a step the gradients are cleared, so the next step's backward does not add onto this one's. */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void aStepLeavesNoGradientBehind(Arch arch) {
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = net(m, arch, 12, 2, 30);
            NDArray x = inputs(m, 2, 30);
            NDArray y = m.randomNormal(new Shape(2, LAYOUT.tasks(), net.outputFrames(30))).clip(0, 1);
            assertTrue(Float.isFinite(step(m, net, arch).run(new NDList(x, y))));
            for (float[] g : gradients(net)) {
                for (float v : g) {
                    assertEquals(0f, v, 0f);
                }
            }
        }
    }

    /**
     * A step's intermediates belong to the batch's manager: after the first step (which creates the optimizer's
     * state) a step leaves nothing behind in the manager that holds the parameters. In DJL a result belongs to its
     * first operand's manager, so an op that starts from a parameter would leak there.
     */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void aStepLeavesNothingInTheParametersManager(Arch arch) {
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = net(m, arch, 14, 2, 30);
            TrainingStep step = step(m, net, arch);
            int[] counts = new int[3];
            for (int i = 0; i < counts.length; i++) {
                try (NDManager batch = m.newSubManager()) {
                    NDArray x = inputs(batch, 2, 30);
                    NDArray y = batch.randomNormal(new Shape(2, LAYOUT.tasks(), net.outputFrames(30))).clip(0, 1);
                    assertTrue(Float.isFinite(step.run(new NDList(x, y))));
                }
                counts[i] = m.getManagedArrays().size();
            }
            assertEquals(counts[1], counts[0], "arrays left in the parameters' manager by step 2");
            assertEquals(counts[2], counts[1], "arrays left in the parameters' manager by step 3");
        }
    }

    /** A frozen skip path (as train keeps the trained linear filter) does not move while the rest trains. */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void aFrozenSkipPathStaysPutWhileTheTowersTrain(Arch arch) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(13);
            SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, SMALL);
            net.freezeSkip();
            net.initialize(m, DataType.FLOAT32, new Shape(2, INPUTS, 30));
            assertFalse(net.skipTrains());
            List<float[]> skipBefore = values(net.skip().getParameters());
            float[] towerBefore = net.towers().getParameters().get("outputWeight").getArray().toFloatArray();
            NDArray x = inputs(m, 2, 30);
            NDArray y = m.randomNormal(new Shape(2, LAYOUT.tasks(), net.outputFrames(30))).clip(0, 1);
            TrainingStep step = step(m, net, arch);
            for (int i = 0; i < 2; i++) {
                assertTrue(Float.isFinite(step.run(new NDList(x, y))));
            }
            List<float[]> skipAfter = values(net.skip().getParameters());
            for (int i = 0; i < skipBefore.size(); i++) {
                assertArrayEquals(skipBefore.get(i), skipAfter.get(i), "skip parameter " + i);
            }
            assertFalse(Arrays.equals(towerBefore,
                    net.towers().getParameters().get("outputWeight").getArray().toFloatArray()));
        }
    }

    private static List<float[]> values(ai.djl.util.PairList<String, Parameter> params) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : params) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private record Backward(float loss, List<float[]> gradients) {
    }

    private static Backward backward(NDManager m, SurrogateNet net, TrainingStep step, NDList xy, boolean chunked) {
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
            gc.zeroGradients();
            float loss = step.backward(gc, xy, chunked);
            return new Backward(loss, gradients(net));
        }
    }

    private static SurrogateNet net(NDManager m, Arch arch, int seed, int batch, int window) {
        return net(m, arch, seed, batch, window, SMALL);
    }

    private static SurrogateNet net(NDManager m, Arch arch, int seed, int batch, int window, Hyper hyper) {
        Engine.getInstance().setRandomSeed(seed);
        SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, hyper);
        net.initialize(m, DataType.FLOAT32, new Shape(batch, INPUTS, window));
        return net;
    }

    private static NDArray inputs(NDManager m, int batch, int window) {
        return m.randomUniform(0, 1, new Shape(batch, INPUTS, window)).lt(0.2).toType(DataType.FLOAT32, false);
    }

    /** At most 3 tasks per chunk, so the 8 tasks run as chunks 0–2, 3–5 and 6–7 (soma and spike rows). */
    private static TrainingStep step(NDManager m, SurrogateNet net, Arch arch) {
        return step(m, net, arch, 1);
    }

    private static TrainingStep step(NDManager m, SurrogateNet net, Arch arch, double maxSparseDensity) {
        return new TrainingStep(net, new SurrogateLoss(LAYOUT, 0.5, 4),
                SurrogateTrainer.optimizer(TrainConfig.builder(arch).build(), 0), m, 3, maxSparseDensity);
    }

    private static List<float[]> gradients(SurrogateNet net) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return out;
    }
}
