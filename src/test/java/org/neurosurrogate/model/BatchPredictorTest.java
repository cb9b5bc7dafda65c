package org.neurosurrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurosurrogate.WithNDManager;
import org.neurosurrogate.model.BatchPredictor.Events;
import org.neurosurrogate.model.BatchPredictor.FirstLayer;

/** Dense and sparse first layers, chunked or not, give the whole-window forward pass. */
class BatchPredictorTest extends WithNDManager {
    static final TaskLayout LAYOUT = new TaskLayout(10); // 12 tasks
    static final int INPUTS = 20;
    static final int BATCH = 3;
    /** Kernel 3, dilations 1, 2, 4: R = 29. */
    static final Hyper SMALL = SurrogateNetTest.SMALL;

    SurrogateNet net(Arch arch, Hyper hyper) {
        SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, hyper);
        Engine.getInstance().setRandomSeed(3);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, INPUTS, net.receptiveField()));
        return net;
    }

    /** Random events, about {@code p} of all (frame, channel) bins, ascending frames, no duplicates. */
    static Events events(int batch, int frames, double p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] f = new int[batch][];
        int[][] c = new int[batch][];
        for (int b = 0; b < batch; b++) {
            List<int[]> ev = new ArrayList<>();
            for (int t = 0; t < frames; t++) {
                for (int ch = 0; ch < INPUTS; ch++) {
                    if (rng.nextDouble() < p) {
                        ev.add(new int[] {t, ch});
                    }
                }
            }
            f[b] = ev.stream().mapToInt(e -> e[0]).toArray();
            c[b] = ev.stream().mapToInt(e -> e[1]).toArray();
        }
        return new Events(frames, f, c);
    }

    /** The network's own whole-window forward pass on the dense input. */
    float[] reference(SurrogateNet net, Events ev) {
        float[] x = new float[ev.batch() * INPUTS * ev.frames()];
        for (int b = 0; b < ev.batch(); b++) {
            for (int i = 0; i < ev.frame()[b].length; i++) {
                x[(b * INPUTS + ev.channel()[b][i]) * ev.frames() + ev.frame()[b][i]] = 1f;
            }
        }
        return net.forward(new ParameterStore(manager, false),
                new NDList(manager.create(x, new Shape(ev.batch(), INPUTS, ev.frames()))), false)
                .singletonOrThrow().toFloatArray();
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void denseAndSparseFirstLayersGiveTheWholeWindowForwardPass(Arch arch) {
        SurrogateNet net = net(arch, SMALL);
        for (double p : new double[] {0.005, 0.1}) {
            Events ev = events(BATCH, 150, p, 7);
            float[] expected = reference(net, ev);
            for (FirstLayer layer : FirstLayer.values()) {
                for (long budget : new long[] {1L << 30, 60_000}) { // one chunk, then many overlapping chunks
                    try (BatchPredictor bp = new BatchPredictor(net, layer, 2, budget)) {
                        float[] got = bp.predict(manager, ev);
                        float d = maxAbsDiff(got, expected);
                        assertTrue(d < 1e-4, arch + " " + layer + " p=" + p + " budget " + budget + " ("
                                + bp.lastChunks() + " chunks): max |diff| = " + d);
                        if (budget < 1e6) {
                            assertTrue(bp.lastChunks() > 1, "the small budget should cut the window into chunks");
                        } else {
                            assertEquals(1, bp.lastChunks());
                        }
                        // a second call reuses the buffers and must not see the first call's inputs
                        Events other = events(BATCH, 150, p, 8);
                        assertTrue(maxAbsDiff(bp.predict(manager, other), reference(net, other)) < 1e-4);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FirstLayer.class)
    void aLocalInputPathIsComputedFromTheEventsAsTheWholeWindowForwardPassDoes(FirstLayer layer) {
        SurrogateNet net = net(Arch.MMOE, Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4)
                .optTowerUnits(5).optExperts(3).optLocalInput(true).build());
        NDArray w = net.local().getParameters().valueAt(0).getArray();
        // taps ~ N(0, 1)
        ParameterValues.overwrite(w, manager.randomNormal(w.getShape()).div(LocalInputFilter.GAIN).toFloatArray());
        Events ev = events(BATCH, 150, 0.05, 9);
        for (long budget : new long[] {1L << 30, 60_000}) {
            try (BatchPredictor bp = new BatchPredictor(net, layer, 2, budget)) {
                float d = maxAbsDiff(bp.predict(manager, ev), reference(net, ev));
                assertTrue(d < 1e-4, layer + " budget " + budget + ": max |diff| = " + d);
            }
        }
    }

    @Test
    void sparseFirstLayerHandlesADilatedFirstBlockAndOneCell() {
        Hyper dilated = Hyper.builder().optChannels(5, 4).optKernel(4).optDilations(3, 1).optTowerUnits(3)
                .optExperts(2).build();
        for (Arch arch : Arch.values()) {
            SurrogateNet net = net(arch, dilated);
            Events ev = events(1, 80, 0.05, 11);
            try (BatchPredictor bp = new BatchPredictor(net, FirstLayer.SPARSE, 1, 1L << 30)) {
                float d = maxAbsDiff(bp.predict(manager, ev), reference(net, ev));
                assertTrue(d < 1e-4, arch + ": max |diff| = " + d);
            }
        }
    }

    @Test
    void silenceGivesTheRestingOutputAndBadEventsAreRefused() {
        SurrogateNet net = net(Arch.MMOE, SMALL);
        Events silent = new Events(40, new int[2][0], new int[2][0]);
        try (BatchPredictor bp = new BatchPredictor(net, FirstLayer.SPARSE, 2, 1L << 30)) {
            assertTrue(maxAbsDiff(bp.predict(manager, silent), reference(net, silent)) < 1e-5);
            assertThrows(IllegalArgumentException.class, () -> bp.predict(manager,
                    new Events(net.receptiveField() - 1, new int[1][0], new int[1][0])));
        }
        assertThrows(IllegalArgumentException.class, () -> new Events(10, new int[][] {{3, 2}},
                new int[][] {{0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> new Events(10, new int[][] {{10}}, new int[][] {{0}}));
    }
}
