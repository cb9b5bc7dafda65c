package org.neurosurrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurosurrogate.WithNDManager;

/** The event-driven, spike-only streaming step against the dense {@link StreamingPredictor}'s spike row. */
class SparseStreamingPredictorTest extends WithNDManager {
    static final TaskLayout LAYOUT = new TaskLayout(10); // 12 tasks
    static final int INPUTS = 20;
    static final int BATCH = 3;
    static final Hyper TCN = SurrogateNetTest.SMALL;
    static final Hyper LSTM = Hyper.builder().optTrunk(Hyper.Trunk.LSTM).optLstmUnits(8).optWarmUp(12)
            .optTowerUnits(5).optExperts(3).optExclusivity(0.67).build();

    SurrogateNet net(Arch arch, Hyper hyper) {
        SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, hyper);
        Engine.getInstance().setRandomSeed(7);
        net.initialize(manager, DataType.FLOAT32, new Shape(BATCH, INPUTS, 40));
        return net;
    }

    /** Sparse input (B, C, T) with weighted events, some of them stacked in one bin. */
    static float[] input(int frames, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[BATCH * INPUTS * frames];
        for (int i = 0; i < x.length / 8; i++) {
            x[rng.nextInt(x.length)] += rng.nextBoolean() ? 1f : 2.5f;
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void spikeLogitsEqualTheDenseStreamsSpikeRowWithTheTcnTrunk(Arch arch) {
        assertMatchesDense(net(arch, TCN));
    }

    @org.junit.jupiter.api.Test
    void aDilatedFirstConvolutionCarriesItsTapsToTheRightFrames() {
        assertMatchesDense(net(Arch.MH, Hyper.builder().optChannels(5, 3).optKernel(3).optDilations(3, 1)
                .optTowerUnits(4).build()), false, 2); // and the first layer on 2 threads
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void spikeLogitsEqualTheDenseStreamsSpikeRowWithTheRecurrentTrunk(Arch arch) {
        assertMatchesDense(net(arch, LSTM));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyTaskEqualsTheDenseStreamWithAllTasks(Arch arch) {
        assertMatchesDense(net(arch, arch == Arch.MH ? LSTM : TCN), true);
    }

    void assertMatchesDense(SurrogateNet net) {
        assertMatchesDense(net, false);
    }

    void assertMatchesDense(SurrogateNet net, boolean allTasks) {
        assertMatchesDense(net, allTasks, 1);
    }

    /** Steps of 1, 4 and 7 frames (the carry spans 2 frames in the first block) over 60 frames, twice (reset). */
    void assertMatchesDense(SurrogateNet net, boolean allTasks, int threads) {
        int frames = 60;
        float[] x = input(frames, 3);
        int spike = LAYOUT.spikeIndex();
        try (StreamingPredictor dense = new StreamingPredictor(net, manager, BATCH);
             SparseStreamingPredictor sparse = new SparseStreamingPredictor(net, manager, BATCH, threads, allTasks)) {
            long state = sparse.stateBytes();
            for (int round = 0; round < 2; round++) {
                int[] steps = {1, 4, 7};
                int t = 0;
                for (int i = 0; t < frames; i++) {
                    int d = Math.min(steps[i % 3], frames - t);
                    NDArray in = manager.create(x, new Shape(BATCH, INPUTS, frames)).get(
                            new NDIndex(":, :, {}:{}", t, t + d));
                    NDArray y = dense.step(in);
                    float[] want = (allTasks ? y : y.get(new NDIndex(":, {}, :", spike))).toFloatArray();
                    for (int b = 0; b < BATCH; b++) {
                        for (int c = 0; c < INPUTS; c++) {
                            for (int f = 0; f < d; f++) {
                                float v = x[(b * INPUTS + c) * frames + t + f];
                                if (v != 0) {
                                    sparse.add(b, c, f, v);
                                }
                            }
                        }
                    }
                    float[] got = sparse.step(d);
                    for (int j = 0; j < want.length; j++) {
                        assertEquals(want[j], got[j], 1e-4, net.arch() + " frame " + (t + j % d) + " cell " + j / d);
                    }
                    t += d;
                }
                assertEquals(state, sparse.stateBytes(), "the state does not grow with the run");
                dense.reset();
                sparse.reset();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void headsOfOneTaskEqualThatRowOfAllHeads(Arch arch) {
        SurrogateNet net = net(arch, TCN);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray f = manager.randomUniform(0, 1, new Shape(BATCH, (long) net.members() * net.features(), 9));
        NDArray all = net.heads(ps, f, false);
        for (int[] r : new int[][] {{11, 12}, {3, 7}, {0, 1}}) {
            NDArray part = net.heads(ps, f, false, r[0], r[1]);
            float d = part.sub(all.get(new NDIndex(":, {}:{}, :", r[0], r[1]))).abs().max().getFloat();
            assertTrue(d < 1e-5, arch + " tasks " + r[0] + ".." + r[1] + ": " + d);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void refusesEventsOutsideTheBatchChannelsOrStep(Arch arch) {
        try (SparseStreamingPredictor p = new SparseStreamingPredictor(net(arch, TCN), manager, BATCH, 1)) {
            assertThrows(IllegalArgumentException.class, () -> p.add(BATCH, 0, 0, 1f));
            assertThrows(IllegalArgumentException.class, () -> p.add(0, INPUTS, 0, 1f));
            p.add(0, 0, 5, 1f);
            assertThrows(IllegalArgumentException.class, () -> p.step(5));
        }
    }
}
