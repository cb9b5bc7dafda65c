package org.neurosurrogate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurosurrogate.WithNDManager;

class SurrogateNetTest extends WithNDManager {
    static final TaskLayout LAYOUT = new TaskLayout(10); // 12 tasks
    static final int INPUTS = 20;
    static final int BATCH = 2;
    static final int FRAMES = 64;
    /** R = 1 + 2·(3 − 1)·(1 + 2 + 4) = 29. */
    static final Hyper SMALL = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4)
            .optTowerUnits(5).optExperts(3).optExclusivity(0.67).build();

    SurrogateNet net(Arch arch, Hyper hyper, int seed) {
        SurrogateNet net = SurrogateNet.create(arch, LAYOUT, INPUTS, hyper);
        Engine.getInstance().setRandomSeed(seed);
        net.initialize(manager, DataType.FLOAT32, new Shape(BATCH, INPUTS, FRAMES));
        return net;
    }

    NDArray forward(SurrogateNet net, NDArray x) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }

    NDArray input(long frames) {
        return manager.randomUniform(0, 1, new Shape(BATCH, INPUTS, frames)).lt(0.3).toType(DataType.FLOAT32, false);
    }

    /**
     * Streams {@code x} (B, C, T) through a {@link StreamingPredictor} in steps of 1 and of 5 frames, twice each (the
     * second time after {@code reset()}), and checks every stream against {@code whole} within 1e-4.
     */
    static void assertStreamsAsWholeWindow(SurrogateNet net, NDManager manager, NDArray x, NDArray whole,
            String what) {
        long frames = x.getShape().get(2);
        for (int delta : new int[] {1, 5}) {
            try (StreamingPredictor p = new StreamingPredictor(net, manager, (int) x.getShape().get(0))) {
                for (int round = 0; round < 2; round++) {
                    List<NDArray> parts = new ArrayList<>();
                    for (int t = 0; t < frames; t += delta) {
                        parts.add(p.step(x.get(new NDIndex(":, :, {}:{}", t, t + delta))));
                    }
                    NDArray streamed = parts.get(0);
                    for (int i = 1; i < parts.size(); i++) {
                        streamed = streamed.concat(parts.get(i), 2);
                    }
                    float d = maxAbsDiff(streamed, whole);
                    assertTrue(d < 1e-4, what + " Δ=" + delta + ": max |streamed − whole| = " + d);
                    p.reset();
                }
            }
        }
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void receptiveFieldIsOnePlusTwiceKernelSpanTimesDilations() {
        assertEquals(29, SurrogateNet.create(Arch.MH, LAYOUT, INPUTS, SMALL).receptiveField());
        assertEquals(127, SurrogateNet.create(Arch.MMOE, new TaskLayout(639), 1278, Hyper.defaults())
                .receptiveField());
    }

    @Test
    void taskLayoutPutsSomaThenSpikeAfterSegments() {
        TaskLayout l = new TaskLayout(639);
        assertEquals(641, l.tasks());
        assertEquals(639, l.somaIndex());
        assertEquals(640, l.spikeIndex());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void outputIsBatchByTasksByFramesPastTheReceptiveField(Arch arch) {
        SurrogateNet net = net(arch, SMALL, 1);
        NDArray y = forward(net, input(FRAMES));
        assertEquals(new Shape(BATCH, 12, FRAMES - 29 + 1), y.getShape());
        assertEquals(y.getShape(), net.getOutputShapes(new Shape[] {new Shape(BATCH, INPUTS, FRAMES)})[0]);
        assertTrue(Float.isFinite(y.abs().sum().getFloat()));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void changingInputAtStepTLeavesEarlierOutputsUnchanged(Arch arch) {
        SurrogateNet net = net(arch, SMALL, 2);
        NDArray x = input(FRAMES);
        int t = 45;
        NDArray x2 = x.duplicate();
        x2.set(new NDIndex(":, :, {}:", t), 5f);
        NDArray y = forward(net, x);
        NDArray y2 = forward(net, x2);
        int firstAffected = t - 29 + 1; // output j predicts input step j + R − 1
        NDIndex before = new NDIndex(":, :, :{}", firstAffected);
        NDIndex after = new NDIndex(":, :, {}:", firstAffected);
        assertEquals(0f, maxAbsDiff(y.get(before), y2.get(before)));
        assertTrue(maxAbsDiff(y.get(after), y2.get(after)) > 1e-4);
    }

    @Test
    void batchedTowersMatchPerTaskReference() {
        int tasks = 5;
        int f = 3;
        int h = 4;
        int n = 7;
        TaskTowers towers = new TaskTowers(tasks, f, h, 2L * n * h); // chunks of 2, 2, 1 tasks
        Engine.getInstance().setRandomSeed(3);
        towers.initialize(manager, DataType.FLOAT32, new Shape(tasks, n, f));
        for (Pair<String, Parameter> p : towers.getParameters()) { // biases start at 0: make them matter
            p.getValue().getArray().addi(manager.randomNormal(p.getValue().getArray().getShape()).mul(0.5));
        }
        NDArray w1 = towers.getParameters().get("inputWeight").getArray();
        NDArray b1 = towers.getParameters().get("inputBias").getArray();
        NDArray w2 = towers.getParameters().get("hiddenWeight").getArray();
        NDArray b2 = towers.getParameters().get("hiddenBias").getArray();
        NDArray w3 = towers.getParameters().get("outputWeight").getArray();
        NDArray b3 = towers.getParameters().get("outputBias").getArray();
        for (boolean shared : new boolean[] {false, true}) {
            NDArray x = manager.randomNormal(new Shape(shared ? 1 : tasks, n, f));
            NDArray y = towers.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(tasks, n), y.getShape());
            for (int j = 0; j < tasks; j++) {
                NDArray xj = x.get(shared ? 0 : j);
                NDArray a = elu(xj.matMul(w1.get(j)).add(b1.get(j)));
                a = elu(a.matMul(w2.get(j)).add(b2.get(j)));
                NDArray ref = a.matMul(w3.get(j)).add(b3.get(j)).squeeze(1);
                assertTrue(maxAbsDiff(y.get(j), ref) < 1e-5, "task " + j + (shared ? " (shared input)" : ""));
            }
        }
    }

    private static NDArray elu(NDArray z) {
        return z.gt(0).toType(DataType.FLOAT32, false).mul(z)
                .add(z.lte(0).toType(DataType.FLOAT32, false).mul(z.minimum(0).exp().sub(1)));
    }

    @Test
    void mmoeexTaskIgnoresExpertsReservedForOtherGroupsWhateverTheWeights() {
        int[] group = new int[LAYOUT.tasks()];
        for (int j = 0; j < group.length; j++) {
            group[j] = j < 6 ? 0 : 1;
        }
        Hyper hyper = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4).optTowerUnits(5)
                .optExperts(3).optExclusivity(0.67).optTaskGroup(group).build();
        SurrogateNet net = net(Arch.MMOEEX, hyper, 4);
        // Weights that training could reach: large gate weights that favour every expert somewhere.
        NDArray gateWeight = net.gate().getParameters().get("weight").getArray();
        gateWeight.muli(3);
        NDArray x = input(FRAMES);
        NDArray y = forward(net, x);
        // Perturb expert 0 (reserved for group 0): its last block's conv2 bias, member 0's channels.
        NDArray bias = lastConvBias(net);
        bias.set(new NDIndex(":{}", net.trunk().features()), 3f);
        NDArray y2 = forward(net, x);
        NDArray diff = y.sub(y2).abs().max(new int[] {2}).max(new int[] {0});
        for (int j = 0; j < group.length; j++) {
            float d = diff.getFloat(j);
            if (group[j] == 0) {
                assertTrue(d > 0, "task " + j + " of group 0 should see expert 0");
            } else {
                assertEquals(0f, d, "task " + j + " of group 1 must not see expert 0");
            }
        }
    }

    @Test
    void mmoeWithoutMaskLetsEveryTaskSeeEveryExpert() {
        SurrogateNet net = net(Arch.MMOE, SMALL, 4);
        NDArray x = input(FRAMES);
        NDArray y = forward(net, x);
        lastConvBias(net).set(new NDIndex(":{}", net.trunk().features()), 3f);
        NDArray diff = forward(net, x).sub(y).abs().max(new int[] {2}).max(new int[] {0});
        assertTrue(diff.min().getFloat() > 1e-6);
    }

    private static NDArray lastConvBias(SurrogateNet net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getKey().matches(".*block2_\\d+conv2_bias")) { // DJL prefixes child names with their order
                return p.getValue().getArray();
            }
        }
        List<String> names = new ArrayList<>(net.getParameters().keys());
        throw new AssertionError("no last conv bias among " + names);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyParameterGetsAGradientInTraining(Arch arch) {
        assertEveryParameterGetsAGradient(net(arch, SMALL, 5), input(FRAMES), manager);
    }

    /** One training-mode forward and backward of mean(y²) on {@code x}: every parameter gets a nonzero gradient. */
    static void assertEveryParameterGetsAGradient(SurrogateNet net, NDArray x, NDManager manager) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            gc.backward(y.square().mean());
        }
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            assertTrue(g.abs().sum().getFloat() > 0, p.getKey() + " has no gradient");
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void streamingInChunksOfOneOrFiveEqualsWholeWindow(Arch arch) {
        SurrogateNet net = net(arch, SMALL, 6);
        int frames = 30;
        NDArray x = input(frames);
        NDArray padded = manager.zeros(new Shape(BATCH, INPUTS, 29 - 1)).concat(x, 2);
        NDArray whole = forward(net, padded);
        assertEquals(new Shape(BATCH, 12, frames), whole.getShape());
        assertStreamsAsWholeWindow(net, manager, x, whole, arch.toString());
    }

    /** SMALL with the local input path, its taps set to random values (it starts at zero). */
    SurrogateNet netWithLocalPath(Arch arch, int seed) {
        SurrogateNet net = net(arch, Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4)
                .optTowerUnits(5).optExperts(3).optExclusivity(0.67).optLocalInput(true).build(), seed);
        NDArray w = net.local().getParameters().valueAt(0).getArray();
        assertEquals(0f, w.abs().max().getFloat(), "the local path starts at zero");
        // taps ~ N(0, 1)
        ParameterValues.overwrite(w, manager.randomNormal(w.getShape()).div(LocalInputFilter.GAIN).toFloatArray());
        return net;
    }

    @Test
    void localInputPathAddsEachSegmentsOwnFilteredSynapsesToItsVoltageRowOnly() {
        SurrogateNet net = netWithLocalPath(Arch.MH, 12);
        NDArray w = net.local().getParameters().valueAt(0).getArray();
        float[] taps = w.toFloatArray(); // (2S, 1, R)
        NDArray x = input(FRAMES);
        NDArray with = forward(net, x);
        ParameterValues.overwrite(w, new float[taps.length]);
        NDArray without = forward(net, x);
        float[] diff = with.sub(without).toFloatArray(); // (B, tasks, T')
        float[] in = x.toFloatArray();
        int r = 29;
        int out = FRAMES - r + 1;
        int s = LAYOUT.segments();
        for (int b = 0; b < BATCH; b++) {
            for (int row = 0; row < LAYOUT.tasks(); row++) {
                for (int j = 0; j < out; j++) {
                    double expected = 0;
                    if (row < s) {
                        for (int c : new int[] {row, s + row}) { // the segment's excitatory and inhibitory channels
                            for (int k = 0; k < r; k++) {
                                expected += LocalInputFilter.GAIN * taps[c * r + k]
                                        * in[(b * INPUTS + c) * FRAMES + j + k];
                            }
                        }
                    }
                    assertEquals(expected, diff[(b * LAYOUT.tasks() + row) * out + j], 1e-4,
                            "cell " + b + " row " + row + " frame " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void streamingWithTheLocalInputPathEqualsWholeWindowAndItsTapsGetGradients(Arch arch) {
        SurrogateNet net = netWithLocalPath(arch, 13);
        int frames = 30;
        NDArray x = input(frames);
        NDArray whole = forward(net, manager.zeros(new Shape(BATCH, INPUTS, 29 - 1)).concat(x, 2));
        try (StreamingPredictor p = new StreamingPredictor(net, manager, BATCH)) {
            NDArray streamed = p.step(x.get(new NDIndex(":, :, 0:7")));
            for (int t = 7; t < frames; t += 1) {
                streamed = streamed.concat(p.step(x.get(new NDIndex(":, :, {}:{}", t, t + 1))), 2);
            }
            float d = maxAbsDiff(streamed, whole);
            assertTrue(d < 1e-4, arch + ": max |streamed − whole| = " + d);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(net.forward(new ParameterStore(manager, false), new NDList(input(FRAMES)), true)
                    .singletonOrThrow().square().mean());
        }
        assertTrue(net.local().getParameters().valueAt(0).getArray().getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void localInputPathIsRefusedWithoutTwoChannelsPerSegment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurrogateNet.create(Arch.MH,
                LAYOUT, INPUTS + 1, Hyper.builder().optLocalInput(true).build()));
        assertTrue(e.getMessage().contains("2 input channels per segment"), e.getMessage());
    }

    @Test
    void sameSeedGivesSameInitialWeightsAndAnotherSeedDoesNot() {
        List<NDArray> a = weights(net(Arch.MMOEEX, SMALL, 42));
        List<NDArray> b = weights(net(Arch.MMOEEX, SMALL, 42));
        List<NDArray> c = weights(net(Arch.MMOEEX, SMALL, 43));
        boolean anyDifferent = false;
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray());
            anyDifferent |= maxAbsDiff(a.get(i), c.get(i)) > 0;
        }
        assertTrue(anyDifferent);
    }

    private static List<NDArray> weights(SurrogateNet net) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.add(p.getValue().getArray());
        }
        return out;
    }

    @Test
    void parameterCountMatchesTheArchitecture() {
        // MH trunk: per block conv1 + conv2 + 1×1 projection (all channel counts change), with biases.
        long trunk = (20 * 6 * 3 + 6) + (6 * 6 * 3 + 6) + (20 * 6 + 6)
                + (6 * 4 * 3 + 4) + (4 * 4 * 3 + 4) + (6 * 4 + 4)
                + (4 * 3 * 3 + 3) + (3 * 3 * 3 + 3) + (4 * 3 + 3);
        long towers = 12L * (3 * 5 + 5 + 5 * 5 + 5 + 5 + 1);
        // Linear skip path of rank K = 8 and receptive field 29: C → K, K → K over 29 taps, K → tasks with bias.
        long skip = 8L * 20 + 8 * 8 * 29 + (12 * 8 + 12);
        assertEquals(trunk + towers + skip, net(Arch.MH, SMALL, 1).parameterCount());
        // MMoE: 3 experts + compressor, each the size of the MH trunk; gates F → tasks·E.
        long gate = 3L * 12 * 3 + 12 * 3;
        assertEquals(4 * trunk + gate + towers + skip, net(Arch.MMOE, SMALL, 1).parameterCount());
        assertEquals(4 * trunk + gate + towers + skip, net(Arch.MMOEEX, SMALL, 1).parameterCount());
        Hyper plain = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4).optTowerUnits(5)
                .optExperts(3).optLinearSkip(false).build();
        assertEquals(trunk + towers, net(Arch.MH, plain, 1).parameterCount());
    }

    /** A filter over the test's inputs and tasks with random (seeded) weights, standing for a trained one. */
    LinearCausalFilter randomFilter(int receptiveField) {
        LinearCausalFilter filter = new LinearCausalFilter(INPUTS, LAYOUT.tasks(), receptiveField);
        Engine.getInstance().setRandomSeed(11);
        filter.initialize(manager, DataType.FLOAT32, new Shape(BATCH, INPUTS, FRAMES));
        return filter;
    }

    NDArray run(LinearCausalFilter filter, NDArray x) {
        return filter.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }

    @Test
    void startFromATrainedFilterMakesTheNetworkComputeExactlyThatFilter() {
        for (Arch arch : Arch.values()) {
            SurrogateNet net = net(arch, SMALL, 3);
            LinearCausalFilter filter = randomFilter(net.receptiveField());
            NDArray x = input(FRAMES);
            NDArray expected = run(filter, x);
            assertTrue(maxAbsDiff(forward(net, x), expected) > 1e-3, arch + ": differs before the start");
            net.startFrom(filter);
            assertTrue(maxAbsDiff(forward(net, x), expected) < 1e-5, arch.name());
        }
        SurrogateNet other = net(Arch.MH, SMALL, 3);
        LinearCausalFilter wrong = new LinearCausalFilter(INPUTS, LAYOUT.tasks(), 7);
        wrong.initialize(manager, DataType.FLOAT32, new Shape(BATCH, INPUTS, FRAMES));
        assertThrows(IllegalArgumentException.class, () -> other.startFrom(wrong));
    }

    @Test
    void startFromWithSpikeOnlySkipGivesTheFilterToTheSpikeLogitAndLeavesTheVoltagesToTheTowers() {
        Hyper spikeOnly = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4).optTowerUnits(5)
                .optExperts(3).optExclusivity(0.67).optSkipTasks(Hyper.SkipTasks.SPIKE).build();
        Hyper plain = Hyper.builder().optChannels(6, 4, 3).optKernel(3).optDilations(1, 2, 4).optTowerUnits(5)
                .optExperts(3).optExclusivity(0.67).optLinearSkip(false).build();
        int spike = LAYOUT.spikeIndex();
        NDIndex voltages = new NDIndex(":, :{}, :", spike);
        NDIndex spikeRow = new NDIndex(":, {}, :", spike);
        for (Arch arch : Arch.values()) {
            SurrogateNet net = net(arch, spikeOnly, 3);
            LinearCausalFilter filter = randomFilter(net.receptiveField());
            NDArray x = input(FRAMES);
            NDArray fromFilter = run(filter, x);
            NDArray towersAlone = forward(net(arch, plain, 3), x); // same seed: the same trunk and towers
            net.startFrom(filter);
            NDArray y = forward(net, x);
            assertTrue(maxAbsDiff(y.get(spikeRow), fromFilter.get(spikeRow)) < 1e-5, arch + ": spike logit");
            assertTrue(maxAbsDiff(y.get(voltages), towersAlone.get(voltages)) < 1e-5, arch + ": voltages");
            assertTrue(maxAbsDiff(y.get(voltages), fromFilter.get(voltages)) > 1e-3, arch + ": not the filter's");
        }
    }

    @Test
    void builderRejectsInconsistentHyperParametersNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hyper.builder().optChannels(8, 8).optDilations(1, 2, 4).build());
        assertTrue(e.getMessage().startsWith("dilations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SurrogateNet.create(Arch.MMOEEX, LAYOUT, INPUTS, Hyper.builder().optExclusivity(0).build()));
        assertTrue(e.getMessage().contains("exclusivity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExpertTcn.builder().build());
        assertTrue(e.getMessage().startsWith("inputChannels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Hyper.builder().optLinearSkip(false).optSkipTasks(Hyper.SkipTasks.SPIKE).build());
        assertTrue(e.getMessage().startsWith("skipTasks"), e.getMessage());
        assertFalse(SMALL.toString().isEmpty());
    }

    @Test
    void aFormat1TaskMajorGateReadsAsTheSameNetwork() {
        for (Arch arch : new Arch[] {Arch.MMOE, Arch.MMOEEX}) {
            SurrogateNet a = net(arch, SMALL, 11);
            SurrogateNet b = net(arch, SMALL, 12);
            NDArray x = input(FRAMES);
            int tasks = LAYOUT.tasks();
            int experts = SMALL.experts();
            var from = a.getParameters();
            for (int i = 0; i < from.size(); i++) { // a gate far from uniform, so its layout matters
                if (from.keyAt(i).contains("gate")) {
                    NDArray g = from.valueAt(i).getArray();
                    ParameterValues.overwrite(g,
                            manager.randomNormal(0, 3, g.getShape(), DataType.FLOAT32).toFloatArray());
                }
            }
            // b gets a's parameters, its gate written the way format 1 kept it: row task·E + e
            var to = b.getParameters();
            for (int i = 0; i < from.size(); i++) {
                float[] v = from.valueAt(i).getArray().toFloatArray();
                if (from.keyAt(i).contains("gate")) {
                    int cols = v.length / (tasks * experts);
                    float[] old = new float[v.length];
                    for (int j = 0; j < tasks; j++) {
                        for (int e = 0; e < experts; e++) {
                            System.arraycopy(v, (e * tasks + j) * cols, old, (j * experts + e) * cols, cols);
                        }
                    }
                    v = old;
                }
                ParameterValues.overwrite(to.valueAt(i).getArray(), v);
            }
            assertTrue(maxAbsDiff(forward(a, x), forward(b, x)) > 1e-3, arch + ": the task-major gate is another network");
            b.gateFromTaskMajor();
            assertEquals(0f, maxAbsDiff(forward(a, x), forward(b, x)), 1e-6f, arch + ": re-ordered, it is a's");
        }
    }
}
