package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;

class TrainingStepTest {
    static final TaskLayout LAYOUT = new TaskLayout(6); // 8 tasks
    static final int INPUTS = 12;
    // No dropout: the chunked and whole-graph passes must see the same trunk.
    static final Hyper SMALL = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4)
            .optTowerUnits(5).optExperts(3).optExclusivity(0.67).optDropout(0).build();

    /** The task-chunked backward gives the whole-graph gradients, chunks straddling the soma/spike rows included. */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void chunkedBackwardGivesTheWholeGraphGradients(Arch arch) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, SMALL);
            net.initialize(m, DataType.FLOAT32, new Shape(3, INPUTS, 40));
            NDArray x = m.randomUniform(0, 1, new Shape(3, INPUTS, 40)).lt(0.2).toType(DataType.FLOAT32, false);
            long frames = net.outputFrames(40);
            NDArray y = m.randomNormal(new Shape(3, LAYOUT.tasks(), frames));
            y.set(new ai.djl.ndarray.index.NDIndex(":, 7, :"), y.get(":, 7, :").gt(1).toType(DataType.FLOAT32,
                    false));
            SurrogateLoss loss = new SurrogateLoss(LAYOUT, 0.5, 4);
            TrainingStep step = new TrainingStep(net, loss, SurrogateTrainer.optimizer(
                    TrainConfig.builder(arch).build(), 0), m, 3);
            float whole;
            List<float[]> expected;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.zeroGradients();
                whole = step.backward(gc, new NDList(x, y), false);
                expected = gradients(net);
            }
            float chunked;
            List<float[]> actual;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.zeroGradients();
                chunked = step.backward(gc, new NDList(x, y), true);
                actual = gradients(net);
            }
            assertEquals(whole, chunked, 1e-5);
            double largest = 0;
            for (int i = 0; i < expected.size(); i++) {
                for (int j = 0; j < expected.get(i).length; j++) {
                    assertEquals(expected.get(i)[j], actual.get(i)[j], 1e-5, "parameter " + i + " element " + j);
                    largest = Math.max(largest, Math.abs(expected.get(i)[j]));
                }
            }
            assertTrue(largest > 1e-3, "gradients should not all vanish: " + largest);
        }
    }

    /** After a step the gradients are cleared, so the next step's backward does not add onto this one's. */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void aStepLeavesNoGradientBehind(Arch arch) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(12);
            SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, SMALL);
            net.initialize(m, DataType.FLOAT32, new Shape(2, INPUTS, 30));
            NDArray x = m.randomUniform(0, 1, new Shape(2, INPUTS, 30)).lt(0.2).toType(DataType.FLOAT32, false);
            NDArray y = m.randomNormal(new Shape(2, LAYOUT.tasks(), net.outputFrames(30))).clip(0, 1);
            TrainingStep step = new TrainingStep(net, new SurrogateLoss(LAYOUT, 0.5, 4),
                    SurrogateTrainer.optimizer(TrainConfig.builder(arch).build(), 0), m, 3);
            assertTrue(Float.isFinite(step.run(new NDList(x, y))));
            for (float[] g : gradients(net)) {
                for (float v : g) {
                    assertEquals(0f, v, 0f);
                }
            }
        }
    }

    private static List<float[]> gradients(SurrogateNet net) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return out;
    }
}
