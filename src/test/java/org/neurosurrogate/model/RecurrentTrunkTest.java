package org.neurosurrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurosurrogate.WithNDManager;
import org.neurosurrogate.model.BatchPredictor.Events;
import org.neurosurrogate.model.BatchPredictor.FirstLayer;

/** The LSTM trunk under MH, MMoE and MMoEEx: window contract, gradients, streaming and chunked passes with state. */
class RecurrentTrunkTest extends WithNDManager {
    static final TaskLayout LAYOUT = new TaskLayout(10); // 12 tasks
    static final int INPUTS = 20;
    static final int BATCH = 2;
    static final int WARM_UP = 12;
    /** 8 units, warm-up 12 (R = 13), with the linear skip path and the local input path. */
    static final Hyper LSTM = Hyper.builder().optTrunk(Hyper.Trunk.LSTM).optLstmUnits(8).optWarmUp(WARM_UP)
            .optTowerUnits(5).optExperts(3).optExclusivity(0.67).optLocalInput(true).build();

    SurrogateNet net(Arch arch, int seed) {
        return net(arch, LSTM, seed);
    }

    SurrogateNet net(Arch arch, Hyper hyper, int seed) {
        SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, hyper);
        Engine.getInstance().setRandomSeed(seed);
        net.initialize(manager, DataType.FLOAT32, new Shape(BATCH, INPUTS, 40));
        // the local path starts at zero: give it values so that its streaming is checked too
        NDArray w = net.local().getParameters().valueAt(0).getArray();
        ParameterValues.overwrite(w, manager.randomNormal(w.getShape()).div(LocalInputFilter.GAIN).toFloatArray());
        return net;
    }

    NDArray forward(SurrogateNet net, NDArray x) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }

    NDArray input(long frames) {
        return manager.randomUniform(0, 1, new Shape(BATCH, INPUTS, frames)).lt(0.3).toType(DataType.FLOAT32, false);
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        return SurrogateNetTest.maxAbsDiff(a, b);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void outputDropsTheWarmUpAndIsCausal(Arch arch) {
        SurrogateNet net = net(arch, 1);
        assertTrue(net.isRecurrent());
        assertNull(net.trunk(), "no convolutional trunk beside the recurrent one");
        assertEquals(WARM_UP + 1, net.receptiveField());
        NDArray x = input(50);
        NDArray y = forward(net, x);
        assertEquals(new Shape(BATCH, 12, 50 - WARM_UP), y.getShape());
        assertEquals(y.getShape(), net.getOutputShapes(new Shape[] {x.getShape()})[0]);
        int t = 30;
        NDArray x2 = x.duplicate();
        x2.set(new NDIndex(":, :, {}:", t), 0.5f);
        NDArray y2 = forward(net, x2);
        int firstAffected = t - WARM_UP; // output j is for input frame j + R − 1
        assertEquals(0f, maxAbsDiff(y.get(new NDIndex(":, :, :{}", firstAffected)),
                y2.get(new NDIndex(":, :, :{}", firstAffected))));
        assertTrue(maxAbsDiff(y.get(new NDIndex(":, :, {}:", firstAffected)),
                y2.get(new NDIndex(":, :, {}:", firstAffected))) > 1e-4);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyParameterGetsAGradientInTraining(Arch arch) {
        SurrogateNetTest.assertEveryParameterGetsAGradient(net(arch, 2), input(40), manager);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void streamingCarriesTheStateAndEqualsTheWholeWindowAfterSilence(Arch arch) {
        streamsAsTheWholeWindow(net(arch, 3), arch);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void aReadoutNarrowsEachMembersFeaturesAndStreamsTheSame(Arch arch) {
        Hyper narrow = Hyper.builder().optTrunk(Hyper.Trunk.LSTM).optLstmUnits(8).optLstmFeatures(3)
                .optWarmUp(WARM_UP).optTowerUnits(5).optExperts(3).optExclusivity(0.67).optLocalInput(true).build();
        SurrogateNet net = net(arch, narrow, 6);
        assertEquals(3, net.features());
        int members = arch == Arch.MH ? 1 : 4;
        assertEquals(new Shape(BATCH, 12, 40 - WARM_UP), forward(net, input(40)).getShape());
        long readout = net.getParameters().stream().filter(p -> p.getKey().endsWith("readout"))
                .mapToLong(p -> p.getValue().getArray().size()).sum();
        assertEquals(members * 8L * 3, readout, "one (H × F) readout per member");
        streamsAsTheWholeWindow(net, arch);
    }

    private void streamsAsTheWholeWindow(SurrogateNet net, Arch arch) {
        int frames = 30;
        NDArray x = input(frames);
        NDArray padded = manager.zeros(new Shape(BATCH, INPUTS, WARM_UP)).concat(x, 2);
        NDArray whole = forward(net, padded);
        assertEquals(new Shape(BATCH, 12, frames), whole.getShape());
        SurrogateNetTest.assertStreamsAsWholeWindow(net, manager, x, whole, arch.toString());
    }

    @Test
    void aStreamingStepHoldsTheSameStateWhateverTheRunsLength() {
        SurrogateNet net = net(Arch.MMOE, 4);
        try (StreamingPredictor p = new StreamingPredictor(net, manager, BATCH)) {
            long start = p.stateBytes();
            assertTrue(start > 0);
            for (int t = 0; t < 500; t++) {
                try (NDManager step = manager.newSubManager()) {
                    p.step(step.zeros(new Shape(BATCH, INPUTS, 1)));
                }
                if (t == 10 || t == 499) {
                    assertEquals(start, p.stateBytes(), "state after " + (t + 1) + " steps");
                }
            }
            assertTrue(start >= 4L * 2 * 4 * 8 * BATCH, "h and c of 4 members × 8 units × 2 cells, at least");
        }
    }

    @ParameterizedTest
    @EnumSource(FirstLayer.class)
    void chunkedBatchPredictionCarriesTheStateAcrossChunks(FirstLayer layer) {
        for (Arch arch : Arch.values()) {
            SurrogateNet net = net(arch, 5);
            Events ev = BatchPredictorTest.events(3, 150, 0.05, 7);
            float[] x = new float[3 * INPUTS * 150];
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < ev.frame()[b].length; i++) {
                    x[(b * INPUTS + ev.channel()[b][i]) * 150 + ev.frame()[b][i]] = 1f;
                }
            }
            float[] expected = forward(net, manager.create(x, new Shape(3, INPUTS, 150))).toFloatArray();
            for (long budget : new long[] {1L << 30, 40_000}) {
                try (BatchPredictor bp = new BatchPredictor(net, layer, 2, budget)) {
                    float d = BatchPredictorTest.maxAbsDiff(bp.predict(manager, ev), expected);
                    assertTrue(d < 1e-4, arch + " budget " + budget + " (" + bp.lastChunks() + " chunks): " + d);
                    assertEquals(budget < 1e6, bp.lastChunks() > 1);
                }
            }
        }
    }
}
