package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A whole surrogate: input {@code (B, C, T)} → output {@code (B, tasks, T − R + 1)} (see the package doc).
 *
 * <ul>
 *   <li>MH: one TCN, its F features at each step go to all task towers.</li>
 *   <li>MMoE: E expert TCNs and a compressor TCN run as E + 1 members of one grouped {@link ExpertTcn} (the
 *       compressor is the last member). At each step a linear map of the compressor's features gives, per task,
 *       logits over the E experts (the 1×1 convolution of the gates); their softmax mixes the experts' F features
 *       into one F-vector per task, which is that task's tower input. Mixing happens in the F-wide feature space,
 *       the narrowest place, before any tower layer widens it to H units.</li>
 *   <li>MMoEEx: as MMoE, with a fixed additive mask on the gate logits (−1e9 where a task may not use a reserved
 *       expert) applied in every forward pass, so no training can undo the exclusivity.</li>
 * </ul>
 * The per-task output bias is the towers' {@code outputBias}. With {@link Hyper#linearSkip()} a {@link
 * LinearCausalFilter} of the input (the "wide" part, same receptive field) is added to the towers' outputs: the
 * network is then at least the linear baseline, which it can start from exactly ({@link #startFrom}), and the
 * towers learn what a linear readout misses. With {@link Hyper.SkipTasks#SPIKE} the start feeds the filter to the
 * spike logit only and the voltages come from the towers alone. With {@link Hyper#localInput()} a {@link
 * LocalInputFilter} adds each segment's own filtered synapses to its voltage row (soma and spike rows get nothing).
 */
public final class SurrogateNet extends AbstractBlock {
    /** Gate logit added where a task may not use an expert: exp(−1e9) is exactly 0 in float32. */
    static final float EXCLUDED = -1e9f;

    private final Arch arch;
    private final TaskLayout layout;
    private final int inputChannels;
    private final int experts;
    /** The convolutional trunk, or null with a recurrent one. */
    private final ExpertTcn trunk;
    /** The recurrent trunk, or null with a convolutional one. */
    private final RecurrentTrunk recurrent;
    private final Linear gate;
    private final TaskTowers towers;
    private final LinearCausalFilter skip;
    private final LocalInputFilter local;
    private final Hyper.SkipTasks skipTasks;
    private final float[] gateMask;

    private SurrogateNet(Arch arch, TaskLayout layout, int inputChannels, Hyper hyper) {
        this.arch = arch;
        this.layout = layout;
        this.inputChannels = inputChannels;
        this.experts = arch == Arch.MH ? 0 : hyper.experts();
        int members = arch == Arch.MH ? 1 : experts + 1;
        if (hyper.trunk() == Hyper.Trunk.LSTM) {
            trunk = null;
            recurrent = addChildBlock("trunk",
                    new RecurrentTrunk(inputChannels, members, hyper.lstmUnits(), hyper.warmUp(),
                            hyper.lstmFeatures()));
        } else {
            trunk = addChildBlock("trunk",
                    ExpertTcn.builder().setInputChannels(inputChannels).optMembers(members).optHyper(hyper).build());
            recurrent = null;
        }
        int tasks = layout.tasks();
        gate = arch == Arch.MH ? null
                : addChildBlock("gate", Linear.builder().setUnits((long) tasks * experts).build());
        towers = addChildBlock("towers", new TaskTowers(tasks, features(), hyper.towerUnits(arch)));
        gateMask = arch == Arch.MMOEEX ? expertMajor(exclusivityMask(tasks, experts, hyper), tasks, experts) : null;
        skip = hyper.linearSkip()
                ? addChildBlock("skip", new LinearCausalFilter(inputChannels, tasks, receptiveField())) : null;
        skipTasks = hyper.skipTasks();
        if (hyper.localInput() && inputChannels != 2 * layout.segments()) {
            throw new IllegalArgumentException("the local input path needs 2 input channels per segment (the "
                    + "input-channel contract), got " + inputChannels + " channels for " + layout.segments()
                    + " segments");
        }
        local = hyper.localInput()
                ? addChildBlock("local", new LocalInputFilter(layout.segments(), receptiveField())) : null;
    }

    /** Builds an uninitialised network; call {@code initialize(manager, FLOAT32, new Shape(B, C, T))}. */
    public static SurrogateNet create(Arch arch, TaskLayout layout, int inputChannels, Hyper hyper) {
        if (inputChannels < 1) {
            throw new IllegalArgumentException("inputChannels must be >= 1, got " + inputChannels);
        }
        return new SurrogateNet(arch, layout, inputChannels, hyper);
    }

    /**
     * How the gate's rows are laid out: expert-major, row e·tasks + task holds expert e's logit weights for that
     * task. Saved surrogates record it ({@code surrogate.json} format 2); format 1 files were task-major.
     */
    public static final String GATE_LAYOUT = "expert-major";

    /**
     * Re-orders loaded gate parameters from the task-major layout of format-1 files (row task·E + e) to {@link
     * #GATE_LAYOUT}: the same network, read by this version.
     */
    public void gateFromTaskMajor() {
        if (gate == null) {
            return;
        }
        for (Parameter p : gate.getParameters().values()) {
            NDArray a = p.getArray();
            ParameterValues.overwrite(a, expertMajor(a.toFloatArray(), layout.tasks(), experts));
        }
    }

    /**
     * Rows (task j, expert e) of a task-major array, row j·E + e, re-ordered expert-major, row e·tasks + j; each row
     * keeps its length (1 for the mask and the bias, the feature count for the gate weight).
     */
    static float[] expertMajor(float[] taskMajor, int tasks, int experts) {
        int row = taskMajor.length / (tasks * experts);
        float[] out = new float[taskMajor.length];
        for (int j = 0; j < tasks; j++) {
            for (int e = 0; e < experts; e++) {
                System.arraycopy(taskMajor, (j * experts + e) * row, out, (e * tasks + j) * row, row);
            }
        }
        return out;
    }

    /**
     * The MMoEEx mask, row-major (tasks × E): expert e < round(α·E) is reserved for task group e; the others are
     * shared by all tasks. Every task keeps at least its group's expert.
     */
    static float[] exclusivityMask(int tasks, int experts, Hyper hyper) {
        int reserved = hyper.reservedExperts();
        if (reserved < 1) {
            throw new IllegalArgumentException("MMOEEX needs round(exclusivity·experts) >= 1, got exclusivity "
                    + hyper.exclusivity() + " with " + experts + " experts");
        }
        int[] group = hyper.taskGroup();
        if (group == null) {
            group = new int[tasks];
            for (int j = 0; j < tasks; j++) {
                group[j] = j % reserved;
            }
        }
        if (group.length != tasks) {
            throw new IllegalArgumentException("taskGroup: need one group per task (" + tasks + "), got "
                    + group.length);
        }
        float[] mask = new float[tasks * experts];
        for (int j = 0; j < tasks; j++) {
            if (group[j] < 0 || group[j] >= reserved) {
                throw new IllegalArgumentException("taskGroup: task " + j + " has group " + group[j]
                        + ", outside [0, " + reserved + ")");
            }
            for (int e = 0; e < reserved; e++) {
                mask[j * experts + e] = e == group[j] ? 0f : EXCLUDED;
            }
        }
        return mask;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    NDArray forward(ParameterStore ps, NDArray x, boolean training, History history) {
        NDArray y = heads(ps, features(ps, x, training, history), training);
        if (skip != null) {
            y = y.add(skip.forward(ps, x, training, history));
        }
        return local == null ? y : y.add(padToTasks(local.forward(ps, x, training, history)));
    }

    /** The local path's segment rows (B, S, T') followed by zero rows for the soma and the spike: (B, tasks, T'). */
    NDArray padToTasks(NDArray segmentRows) {
        Shape s = segmentRows.getShape();
        NDArray zeros = segmentRows.getManager().zeros(new Shape(s.get(0), layout.tasks() - s.get(1), s.get(2)),
                segmentRows.getDataType());
        return segmentRows.concat(zeros, 1);
    }

    /**
     * The local input path's output {@code (tasks, N)} for the N = B·T' output frames (row b·T' + t, as {@link
     * #towerInput}; zero on the soma and spike rows), or null without one. The trainer adds it to the towers'
     * chunks.
     */
    public NDArray localRows(ParameterStore ps, NDArray x, boolean training) {
        if (local == null) {
            return null;
        }
        return taskRows(padToTasks(local.forward(ps, x, training, null)));
    }

    /**
     * The linear skip path's output {@code (tasks, N)} for the N = B·T' output frames (row b·T' + t, as {@link
     * #towerInput}), or null without one. The trainer adds it to the towers' chunks.
     */
    public NDArray skipRows(ParameterStore ps, NDArray x, boolean training) {
        if (skip == null) {
            return null;
        }
        return taskRows(skip.forward(ps, x, training, null));
    }

    /** Outputs (B, tasks, T') as rows (tasks, N), frame b·T' + t: the trainer's layout. */
    private NDArray taskRows(NDArray y) {
        return y.transpose(1, 0, 2).reshape(layout.tasks(), -1);
    }

    /**
     * Keeps the linear skip path's parameters out of training (call before or after initialising): the towers then
     * learn the residual of a fixed linear filter. Needed when it starts as a trained filter: at the towers'
     * learning rate the filter would be moved away from its optimum while the towers still add noise.
     */
    public void freezeSkip() {
        requireSkip().freezeParameters(true);
    }

    /** Whether the skip path exists and trains (not frozen). */
    public boolean skipTrains() {
        return skip != null && skip.getParameters().valueAt(0).requiresGradient();
    }

    /**
     * Makes the initialised network start from {@code trained}: the skip path takes its parameters and the towers'
     * output layer (weights and bias) is zeroed, so the network computes exactly the filter and the towers add
     * nothing until training moves them. The trunk and the towers' hidden layers keep their random start, so the
     * output layer's gradient is not zero. With {@link Hyper.SkipTasks#SPIKE} only the spike row is handed over
     * that way: the skip path's readout rows of the voltages are zeroed and their towers keep their random start.
     */
    public void startFrom(LinearCausalFilter trained) {
        requireSkip();
        if (!isInitialized() || !trained.isInitialized()) {
            throw new IllegalStateException("initialise both the network and the filter first");
        }
        if (trained.inputChannels() != inputChannels || trained.tasks() != layout.tasks()
                || trained.receptiveField() != receptiveField()) {
            throw new IllegalArgumentException("the filter (" + trained.inputChannels() + " channels, "
                    + trained.tasks() + " tasks, receptive field " + trained.receptiveField()
                    + ") does not fit the network (" + inputChannels + ", " + layout.tasks() + ", "
                    + receptiveField() + ")");
        }
        PairList<String, Parameter> from = trained.getParameters();
        PairList<String, Parameter> to = skip.getParameters();
        for (int i = 0; i < to.size(); i++) {
            ParameterValues.overwrite(to.valueAt(i).getArray(), from.valueAt(i).getArray().toFloatArray());
        }
        // Rows [first, tasks) go to the skip path: all of them, or only the spike logit (the last row).
        int first = skipTasks == Hyper.SkipTasks.SPIKE ? layout.spikeIndex() : 0;
        zeroRows(skip.readoutWeight(), 0, first);
        zeroRows(skip.readoutBias(), 0, first);
        for (String name : new String[] {"outputWeight", "outputBias"}) {
            zeroRows(towers.getParameters().get(name).getArray(), first, layout.tasks());
        }
    }

    /** Sets rows [from, to) of {@code a}'s first axis to zero (by value: a parameter may not be changed in place). */
    private static void zeroRows(NDArray a, int from, int to) {
        if (to > from) {
            float[] v = a.toFloatArray();
            int row = (int) (v.length / a.getShape().get(0));
            Arrays.fill(v, from * row, to * row, 0f);
            ParameterValues.overwrite(a, v);
        }
    }

    /**
     * The trunk's features {@code (B, M·F, T')}. A recurrent trunk carries its state in {@code history} (the priming
     * pass keeps the state after R − 1 frames of silence, see {@link RecurrentTrunk#forward}).
     */
    NDArray features(ParameterStore ps, NDArray x, boolean training, History history) {
        if (recurrent == null) {
            return trunk.forward(ps, x, training, history);
        }
        return history == null ? recurrent.forward(ps, x, training, null, false)
                : recurrent.forward(ps, x, training, history.recurrent(), !history.primed());
    }

    /** The features from a recurrent trunk's carried {@code state} (see {@link RecurrentTrunk#forward}). */
    NDArray features(ParameterStore ps, NDArray x, RecurrentTrunk.State state) {
        return recurrent.forward(ps, x, false, state, false);
    }

    /** The features from a recurrent trunk's projection before its ReLU, {@code (B, T, M·P)}, and carried state. */
    NDArray featuresFromProjection(ParameterStore ps, NDArray pre, RecurrentTrunk.State state) {
        return recurrent.fromProjection(ps, pre, false, state, false);
    }

    /** The recurrent trunk, or null. */
    RecurrentTrunk recurrent() {
        return recurrent;
    }

    /** Whether the trunk is recurrent (its state, not an input history, carries the past). */
    public boolean isRecurrent() {
        return recurrent != null;
    }

    /**
     * Gates and towers on the trunk's features {@code f} (B, M·F, T): outputs (B, tasks, T). Pointwise in time, so
     * any split of the time axis gives the same outputs ({@link BatchPredictor} bounds its memory that way).
     */
    NDArray heads(ParameterStore ps, NDArray f, boolean training) {
        NDArray towerIn = towerInputOf(ps, f, training);
        NDArray y = towers.forward(ps, new NDList(towerIn), training).singletonOrThrow(); // (tasks, N)
        return y.reshape(layout.tasks(), f.getShape().get(0), f.getShape().get(2)).transpose(1, 0, 2);
    }

    /**
     * Everything before the towers: the towers' input {@code (G, N, F)} for the N = B·T' output frames (row
     * b·T' + t), with G = 1 for MH (one input shared by all tasks) and G = tasks for MMoE. The trainer runs the
     * towers on it chunk by chunk ({@link TaskTowers#forwardTasks}). With {@code first} (from {@link
     * #sparseFirstLayer} on the same {@code x}) the trunk's first layer is taken from it.
     */
    public NDArray towerInput(ParameterStore ps, NDArray x, SparseFirstLayer first, boolean training) {
        NDArray f = first == null ? features(ps, x, training, null) : trunk.forward(ps, first, training);
        return towerInputOf(ps, f, training);
    }

    /**
     * For training on spike trains: the trunk's first layer for the batch {@code x}, computed from its nonzero
     * entries, or null where more than {@code maxDensity} of them are nonzero (see {@link SparseFirstLayer}).
     */
    public SparseFirstLayer sparseFirstLayer(ParameterStore ps, NDArray x, double maxDensity,
            SparseFirstLayer.Workspace ws) {
        return trunk == null ? null : trunk.sparseFirstLayer(ps, x, maxDensity, ws);
    }

    /**
     * The heads' outputs of tasks {@code [from, to)} only, {@code (B, to − from, T)}: equal to those rows of {@link
     * #heads}, at the cost of those tasks' gates and towers (a network inside a simulation needs its cells' spike
     * logits, one task of 641 for the L5PC, and only recorded cells' voltages).
     */
    NDArray heads(ParameterStore ps, NDArray f, boolean training, int from, int to) {
        if (from < 0 || to > layout.tasks() || from >= to) {
            throw new IllegalArgumentException("task range [" + from + ", " + to + ") outside [0, " + layout.tasks()
                    + ")");
        }
        long b = f.getShape().get(0);
        long t = f.getShape().get(2);
        long n = b * t;
        int feat = features();
        NDArray rows = f.transpose(0, 2, 1).reshape(n, members(), feat); // (N, M, F)
        NDArray towerIn;
        if (arch == Arch.MH) {
            towerIn = rows.reshape(1, n, feat);
        } else {
            int tasks = layout.tasks();
            int k = to - from;
            NDArray expertFeatures = rows.get(new NDIndex(":, :{}, :", experts)); // (N, E, F)
            NDArray compressed = rows.get(new NDIndex(":, {}, :", experts)); // (N, F)
            PairList<String, Parameter> g = gate.getParameters();
            NDArray w = BatchParameters.view(ps, g.get("weight"), f, training).reshape(experts, tasks, feat)
                    .get(new NDIndex(":, {}:{}, :", from, to)).reshape((long) experts * k, feat);
            NDArray bias = BatchParameters.view(ps, g.get("bias"), f, training).reshape(experts, tasks)
                    .get(new NDIndex(":, {}:{}", from, to)).reshape((long) experts * k);
            NDArray logits = compressed.matMul(w.transpose()).add(bias).reshape(n, experts, k);
            if (gateMask != null) {
                logits = logits.add(f.getManager().create(gateMask, new Shape(experts, tasks))
                        .get(new NDIndex(":, {}:{}", from, to)));
            }
            NDArray weights = logits.softmax(1); // (N, E, k)
            towerIn = weights.transpose(0, 2, 1).batchMatMul(expertFeatures).transpose(1, 0, 2); // (k, N, F)
        }
        NDArray y = towers.forwardTasks(ps, towerIn, from, to); // (k, N)
        return y.reshape(to - from, b, t).transpose(1, 0, 2);
    }

    private NDArray towerInputOf(ParameterStore ps, NDArray f, boolean training) {
        long n = f.getShape().get(0) * f.getShape().get(2);
        int feat = features();
        NDArray rows = f.transpose(0, 2, 1).reshape(n, members(), feat); // (N, M, F)
        if (arch == Arch.MH) {
            return rows.reshape(1, n, feat);
        }
        int tasks = layout.tasks();
        NDArray expertFeatures = rows.get(new NDIndex(":, :{}, :", experts)); // (N, E, F)
        NDArray compressed = rows.get(new NDIndex(":, {}, :", experts)); // (N, F)
        // The gate's rows are expert-major (e·tasks + task, GATE_LAYOUT), so its logits come out as (N, E, tasks) and
        // the softmax runs over a strided axis of E rather than a contiguous one: libtorch's softmax over a short
        // last axis took 0.5 s of MMoE's 4.3 s training step (forward and backward), the strided one a fraction.
        PairList<String, Parameter> g = gate.getParameters();
        NDArray w = BatchParameters.view(ps, g.get("weight"), f, training); // (E·tasks, F)
        NDArray b = BatchParameters.view(ps, g.get("bias"), f, training); // (E·tasks)
        NDArray logits = compressed.matMul(w.transpose()).add(b).reshape(n, experts, tasks);
        if (gateMask != null) {
            logits = logits.add(f.getManager().create(gateMask, new Shape(experts, tasks)));
        }
        NDArray weights = logits.softmax(1); // (N, E, tasks)
        NDArray mixed = weights.transpose(0, 2, 1).batchMatMul(expertFeatures); // (N, tasks, F)
        return mixed.transpose(1, 0, 2); // (tasks, N, F)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), layout.tasks(), s.get(2) - receptiveField() + 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        AbstractBlock t = recurrent == null ? trunk : recurrent;
        t.initialize(manager, dataType, in);
        Shape f = t.getOutputShapes(new Shape[] {in})[0];
        long n = f.get(0) * f.get(2);
        if (gate != null) {
            gate.initialize(manager, dataType, new Shape(n, features()));
        }
        towers.initialize(manager, dataType, new Shape(arch == Arch.MH ? 1 : layout.tasks(), n, features()));
        if (skip != null) {
            skip.initialize(manager, dataType, in);
        }
        if (local != null) {
            local.initialize(manager, dataType, in);
        }
    }

    /** Input frames per output frame; the first R − 1 input frames of a window only serve as history. */
    public int receptiveField() {
        return recurrent == null ? trunk.receptiveField() : recurrent.receptiveField();
    }

    /** Feature width F of one trunk member. */
    public int features() {
        return recurrent == null ? trunk.features() : recurrent.features();
    }

    /** Trunk members: 1 for MH, experts + 1 (the compressor) for MMoE. */
    public int members() {
        return recurrent == null ? trunk.members() : recurrent.members();
    }

    /** Output frames for an input window of {@code inputFrames}. */
    public long outputFrames(long inputFrames) {
        return inputFrames - receptiveField() + 1;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> p : getParameters()) {
            count += p.getValue().getArray().size();
        }
        return count;
    }

    public Arch arch() {
        return arch;
    }

    public TaskLayout layout() {
        return layout;
    }

    public int inputChannels() {
        return inputChannels;
    }

    /** Experts (0 for MH). */
    public int experts() {
        return experts;
    }

    /** The convolutional trunk, or null when it is recurrent. */
    ExpertTcn trunk() {
        return trunk;
    }

    Linear gate() {
        return gate;
    }

    public TaskTowers towers() {
        return towers;
    }

    private LinearCausalFilter requireSkip() {
        if (skip == null) {
            throw new IllegalStateException("this network has no linear skip path (Hyper.linearSkip)");
        }
        return skip;
    }

    /** The linear skip path, or null. */
    public LinearCausalFilter skip() {
        return skip;
    }

    /** The per-segment local input path, or null. */
    public LocalInputFilter local() {
        return local;
    }
}
