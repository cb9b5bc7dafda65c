package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * The towers of all tasks as one block: per task a small MLP F → H → ELU → H → ELU → 1, evaluated for every task
 * at once by batched matrix products over a task axis in the weights (never one module per task).
 *
 * <p>Shapes: input {@code (G, N, F)} with G = tasks (one input per task, MMoE) or G = 1 (an input shared by all
 * tasks, MH); weights {@code inputWeight (tasks, F, H)}, {@code hiddenWeight (tasks, H, H)},
 * {@code outputWeight (tasks, H, 1)}; biases {@code (tasks, 1, H)} and {@code outputBias (tasks, 1, 1)}, the
 * per-task output bias; output {@code (tasks, N)}.
 *
 * <p>Layout of the intermediates, chosen by measurement (training steps at the real sizes, 2 AVX2 cores): with an
 * input per task (MMoE, H = 10) they are {@code (tasks, H, N)}, the input read transposed as a view, so each
 * product is H × F (or H × H) times F × N with the long N axis innermost: MMoE's step took 3.1 s instead of 3.7 s.
 * With a shared input (MH, H = 25) that layout made the step slower (4.3 s against 2.6 s), so there they stay
 * {@code (tasks, N, H)}.
 *
 * <p>Weights are initialised per task with Glorot-uniform bounds from their own fan-in and fan-out (DJL's Xavier
 * would read the task axis as a fan), so a training config must not override initialisers of WEIGHT parameters.
 */
public final class TaskTowers extends AbstractBlock {
    /** Target size of one chunk's (chunk, H, N) or (chunk, N, H) intermediate, in floats (16 MB). */
    public static final long CHUNK_FLOATS = 4L << 20;

    private final int tasks;
    private final int features;
    private final int units;
    private final long chunkFloats;
    private final Parameter inputWeight;
    private final Parameter inputBias;
    private final Parameter hiddenWeight;
    private final Parameter hiddenBias;
    private final Parameter outputWeight;
    private final Parameter outputBias;

    public TaskTowers(int tasks, int features, int units) {
        this(tasks, features, units, CHUNK_FLOATS);
    }

    /** As above, with another chunk size (tests use small chunks to cover the chunked path). */
    TaskTowers(int tasks, int features, int units, long chunkFloats) {
        if (tasks < 1 || features < 1 || units < 1) {
            throw new IllegalArgumentException("tasks, features and units must be >= 1, got " + tasks + ", "
                    + features + ", " + units);
        }
        this.tasks = tasks;
        this.features = features;
        this.units = units;
        this.chunkFloats = chunkFloats;
        inputWeight = addParameter(weight("inputWeight", features, units));
        inputBias = addParameter(bias("inputBias", units));
        hiddenWeight = addParameter(weight("hiddenWeight", units, units));
        hiddenBias = addParameter(bias("hiddenBias", units));
        outputWeight = addParameter(weight("outputWeight", units, 1));
        outputBias = addParameter(bias("outputBias", 1));
    }

    private Parameter weight(String name, int in, int out) {
        float bound = (float) Math.sqrt(6.0 / (in + out));
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(tasks, in, out)).optInitializer(new UniformInitializer(bound)).build();
    }

    private Parameter bias(String name, int out) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(tasks, 1, out))
                .optInitializer(new ConstantInitializer(0)).build();
    }

    /**
     * Tasks are processed in chunks whose H × N intermediates stay near {@link #CHUNK_FLOATS}: big tensors
     * are fresh mmap'ed pages on every allocation (page faults dominated the time), small ones are reused.
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int chunk = chunkTasks(x.getShape().get(1));
        NDList parts = new NDList();
        for (int from = 0; from < tasks; from += chunk) {
            int to = Math.min(tasks, from + chunk);
            parts.add(forwardTasks(ps, x.getShape().get(0) == 1 ? x : x.get(new NDIndex("{}:{}", from, to)), from,
                    to));
        }
        NDArray y = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        return new NDList(y);
    }

    /** Tasks per chunk for N rows, so that one chunk's H × N intermediates stay near the chunk size. */
    public int chunkTasks(long rows) {
        return (int) Math.max(1, Math.min(tasks, chunkFloats / (rows * units)));
    }

    /**
     * The outputs {@code (to − from, N)} of tasks {@code [from, to)} for their input {@code x}: {@code (to − from,
     * N, F)}, or {@code (1, N, F)} when shared by all tasks. The trainer calls it chunk by chunk, running the
     * backward of each chunk before the next, so the towers' big intermediates never coexist; it passes each chunk
     * its own slice of the input, so no chunk's backward touches the whole input's gradient.
     */
    public NDArray forwardTasks(ParameterStore ps, NDArray x, int from, int to) {
        long g = x.getShape().get(0);
        if (g != 1 && g != to - from) {
            throw new IllegalArgumentException("input for tasks [" + from + ", " + to + ") must have 1 or "
                    + (to - from) + " rows on axis 0, got " + x.getShape());
        }
        NDIndex rows = new NDIndex("{}:{}", from, to);
        Parameter[] all = {inputWeight, inputBias, hiddenWeight, hiddenBias, outputWeight, outputBias};
        NDArray[] w = new NDArray[all.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = BatchParameters.view(ps, all[i], x, true, rows); // the products below start from the weights
        }
        boolean rowsLayout = g == 1; // see the class doc: which layout is faster depends on the input
        NDArray in = rowsLayout ? x : x.transpose(0, 2, 1); // (G, N, F), or (tasks, F, N) as a view
        NDArray h = layer(in, w[0], w[1], true, rowsLayout);
        NDArray h2 = layer(h, w[2], w[3], true, rowsLayout);
        h.close();
        NDArray y = layer(h2, w[4], w[5], false, rowsLayout);
        h2.close();
        return y.squeeze(rowsLayout ? 2 : 1);
    }

    /**
     * One batched layer with weights (tasks, in, out) and bias (tasks, 1, out), on {@code x} (tasks, N, in) giving
     * (tasks, N, out) ({@code rowsLayout}), or on (tasks, in, N) giving (tasks, out, N). The intermediates dominate
     * the model's memory, so handles are closed as soon as they are consumed: autograd keeps its own references to
     * what backward needs.
     */
    private static NDArray layer(NDArray x, NDArray w, NDArray b, boolean elu, boolean rowsLayout) {
        NDArray z = rowsLayout ? x.matMul(w).addi(b) // in place: matMul's backward does not need its output
                : w.transpose(0, 2, 1).matMul(x).addi(b.transpose(0, 2, 1));
        if (!elu) {
            return z;
        }
        NDArray a = Activation.elu(z, 1f);
        z.close();
        return a;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(tasks, inputShapes[0].get(1))};
    }

    public int tasks() {
        return tasks;
    }

    public int features() {
        return features;
    }

    public int units() {
        return units;
    }
}
