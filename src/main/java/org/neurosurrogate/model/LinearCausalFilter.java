package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The linear baseline: one linear causal filter from the C input channels to the tasks with the surrogate's
 * receptive field R, input {@code (B, C, T)} → output {@code (B, tasks, T − R + 1)}. A full C × tasks × R filter
 * would hold 1278 · 641 · 127 ≈ 10⁸ weights, so the filter is factorised (rank K): a 1×1 map C → K, a causal
 * K → K filter of length R, a 1×1 map K → tasks. Every stage is linear without activations, so the whole is one
 * linear causal filter of rank ≤ K. Trained by the same loop and loss as the surrogates (train.Baselines makes
 * one that starts at the per-segment mean) and saved beside them. The same form is the surrogates' linear skip
 * path ({@link SurrogateNet}), which can start as a trained baseline.
 *
 * <p>{@link #startingAt} starts the filter at a constant predictor: the readout's weights are zero and its bias
 * holds the given value per task row, so the untrained filter predicts exactly that constant, whatever the input.
 * The spatial and temporal maps start random (seeded), so the readout's gradient is not zero; theirs is zero until
 * the readout has moved (as in a low-rank adapter; Adam's step does not depend on the gradient's scale).
 */
public final class LinearCausalFilter extends AbstractBlock {
    /** Rank of the factorised filter. */
    public static final int RANK = 8;

    private final int inputChannels;
    private final int tasks;
    private final int receptiveField;
    private final Conv1d spatial;
    private final Conv1d temporal;
    private final Conv1d readout;

    /** Random (seeded) weights everywhere and a zero readout bias; {@link #startingAt} is the usual start. */
    public LinearCausalFilter(int inputChannels, int tasks, int receptiveField) {
        this.inputChannels = inputChannels;
        this.tasks = tasks;
        this.receptiveField = receptiveField;
        spatial = addChildBlock("spatial", Conv1d.builder().setKernelShape(new Shape(1)).setFilters(RANK)
                .optBias(false).build());
        temporal = addChildBlock("temporal", Conv1d.builder().setKernelShape(new Shape(receptiveField))
                .setFilters(RANK).optBias(false).build());
        readout = addChildBlock("readout", Conv1d.builder().setKernelShape(new Shape(1)).setFilters(tasks).build());
    }

    /**
     * A filter that starts as the constant predictor {@code rows} (one value per task row): zero readout weights,
     * readout bias {@code rows}; spatial and temporal maps random (seeded by the engine's seed).
     */
    public static LinearCausalFilter startingAt(int inputChannels, int receptiveField, float[] rows) {
        LinearCausalFilter f = new LinearCausalFilter(inputChannels, rows.length, receptiveField);
        float[] bias = rows.clone();
        f.readout.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        f.readout.setInitializer((manager, shape, dataType) -> manager.create(bias, shape).toType(dataType, false),
                Parameter.Type.BIAS);
        return f;
    }

    public int tasks() {
        return tasks;
    }

    public int receptiveField() {
        return receptiveField;
    }

    public int inputChannels() {
        return inputChannels;
    }

    /** The readout's weights {@code (tasks, K, 1)}, a row per task (the live array: setting it changes the filter). */
    NDArray readoutWeight() {
        return readout.getParameters().get("weight").getArray();
    }

    /** The readout's bias {@code (tasks)} (the live array). */
    NDArray readoutBias() {
        return readout.getParameters().get("bias").getArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    /** The filter on {@code x} (B, C, T); with a {@link History}, streaming (the temporal stage keeps R − 1 frames). */
    NDArray forward(ParameterStore ps, NDArray x, boolean training, History history) {
        NDArray h = spatial.forward(ps, new NDList(x), training).singletonOrThrow();
        if (history != null) {
            h = history.extend(h, receptiveField - 1);
        }
        return fromSpatial(ps, h, training);
    }

    /** The temporal and readout stages on the spatial stage's output (B, K, T): (B, tasks, T − R + 1). */
    NDArray fromSpatial(ParameterStore ps, NDArray h, boolean training) {
        NDList t = temporal.forward(ps, new NDList(h), training);
        return readout.forward(ps, t, training).singletonOrThrow();
    }

    /**
     * The temporal and readout stages for task rows {@code [from, to)} only: (B, to − from, T − R + 1), equal to those
     * rows of {@link #fromSpatial}.
     */
    NDArray fromSpatial(ParameterStore ps, NDArray h, boolean training, int from, int to) {
        NDArray t = temporal.forward(ps, new NDList(h), training).singletonOrThrow(); // (B, K, T')
        NDArray w = BatchParameters.view(ps, readout.getParameters().get("weight"), t, training)
                .get(new NDIndex("{}:{}", from, to)).reshape(to - from, RANK); // (k, K)
        NDArray b = BatchParameters.view(ps, readout.getParameters().get("bias"), t, training)
                .get(new NDIndex("{}:{}", from, to)).reshape(1, to - from, 1);
        return w.matMul(t).add(b); // (k, K) × (B, K, T') broadcast: (B, k, T')
    }

    /** The spatial stage, a 1×1 map C → K ({@link BatchPredictor} computes it from spike events). */
    Conv1d spatial() {
        return spatial;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), tasks, s.get(2) - receptiveField + 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        spatial.initialize(manager, dataType, s);
        Shape h = new Shape(s.get(0), RANK, s.get(2));
        temporal.initialize(manager, dataType, h);
        readout.initialize(manager, dataType, new Shape(s.get(0), RANK, s.get(2) - receptiveField + 1));
    }
}
