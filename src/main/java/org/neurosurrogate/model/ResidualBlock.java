package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One residual TCN block for M independent members at once: conv → ReLU → dropout → conv → ReLU → dropout, added to
 * the (1×1-projected where channels change) input, then ReLU. Convolutions are dilated and unpadded, so the output
 * is 2·(kernel − 1)·dilation frames shorter than the input and every frame is causal.
 *
 * <p>Channels are member-major ({@code m·c + j}); grouped convolutions (groups = M) keep members apart. When the
 * input is shared by all members ({@code sharedInput}), the first convolution and the projection read all of it.
 * Weight norm (the seed's) is left out: it costs a reparametrisation per step and is not needed for stability here.
 */
final class ResidualBlock extends AbstractBlock {
    private final int members;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int dilation;
    private final Conv1d conv1;
    private final Conv1d conv2;
    private final Conv1d projection;
    private final float dropout;

    /**
     * @param inChannels input channels per member (or in all, if {@code sharedInput})
     * @param outChannels output channels per member
     */
    ResidualBlock(int members, boolean sharedInput, int inChannels, int outChannels, int kernel, int dilation,
            float dropout) {
        this.members = members;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.dilation = dilation;
        this.dropout = dropout;
        int firstGroups = sharedInput ? 1 : members;
        conv1 = addChildBlock("conv1", conv(members * outChannels, kernel, dilation, firstGroups));
        conv2 = addChildBlock("conv2", conv(members * outChannels, kernel, dilation, members));
        boolean identity = inChannels == outChannels && (!sharedInput || members == 1);
        projection = identity ? null : addChildBlock("projection", conv(members * outChannels, 1, 1, firstGroups));
    }

    private static Conv1d conv(int filters, int kernel, int dilation, int groups) {
        return Conv1d.builder().setFilters(filters).setKernelShape(new Shape(kernel))
                .optDilation(new Shape(dilation)).optPadding(new Shape(0)).optGroups(groups).build();
    }

    /** Frames lost by one convolution: (kernel − 1)·dilation. */
    long shrink() {
        return (long) (kernel - 1) * dilation;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    /** Whole-window forward ({@code history == null}) or one streaming step. */
    NDArray forward(ParameterStore ps, NDArray x, boolean training, History history) {
        NDArray h = convolve(ps, conv1, x, training, history);
        h = convolve(ps, conv2, h, training, history);
        long t = h.getShape().get(2);
        NDArray res = x.get(new NDIndex(":, :, {}:", x.getShape().get(2) - t));
        if (projection != null) {
            res = projection.forward(ps, new NDList(res), training).singletonOrThrow();
        }
        return Activation.relu(h.add(res));
    }

    /**
     * A whole-window {@link #forward} from the first convolution's pre-activation {@code conv1Pre} (B, M·out, T −
     * shrink) and the residual path {@code residual} (B, M·out, T − 2·shrink), already projected: for a first layer
     * computed another way, {@link SparseFirstLayer} in training and {@link BatchPredictor}'s in inference.
     */
    NDArray forwardFromFirstConv(ParameterStore ps, NDArray conv1Pre, NDArray residual, boolean training) {
        return forwardFromFirstConv(ps, conv1Pre, residual, training, null);
    }

    /**
     * As above; with a {@link History}, one streaming step: {@code conv1Pre} and {@code residual} then cover the same
     * frames (the step's), and the second convolution prepends its kept frames ({@link SparseStreamingPredictor}).
     */
    NDArray forwardFromFirstConv(ParameterStore ps, NDArray conv1Pre, NDArray residual, boolean training,
            History history) {
        NDArray h = dropout(Activation.relu(conv1Pre), training);
        h = convolve(ps, conv2, h, training, history);
        return Activation.relu(h.add(residual));
    }

    private NDArray convolve(ParameterStore ps, Conv1d conv, NDArray x, boolean training, History history) {
        NDArray in = history == null ? x : history.extend(x, shrink());
        return dropout(Activation.relu(conv.forward(ps, new NDList(in), training).singletonOrThrow()), training);
    }

    private NDArray dropout(NDArray y, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(y, dropout, true).singletonOrThrow() : y;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (long) members * outChannels, s.get(2) - 2 * shrink())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        conv1.initialize(manager, dataType, in);
        Shape mid = conv1.getOutputShapes(new Shape[] {in})[0];
        conv2.initialize(manager, dataType, mid);
        if (projection != null) {
            projection.initialize(manager, dataType, in);
        }
    }

    int inChannels() {
        return inChannels;
    }

    Conv1d conv1() {
        return conv1;
    }

    /** The 1×1 projection of the residual path, or null where the input is added unchanged. */
    Conv1d projection() {
        return projection;
    }

    int kernel() {
        return kernel;
    }

    int dilation() {
        return dilation;
    }
}
