package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A temporal convolutional network of residual, dilated, causal blocks, or M independent such networks evaluated
 * as one (grouped convolutions): the MMoE experts and their compressor run as members of a single ExpertTcn, so
 * the costly first convolution over all input channels is one large matrix product instead of M small ones.
 *
 * <p>Input {@code (B, C, T)}; output {@code (B, M·F, T − R + 1)} with F the last block's channels, member-major,
 * and R the {@link #receptiveField()}.
 */
public final class ExpertTcn extends AbstractBlock {
    private final int inputChannels;
    private final int members;
    private final int[] channels;
    private final int kernel;
    private final int[] dilations;
    private final List<ResidualBlock> blocks = new ArrayList<>();

    private ExpertTcn(Builder b) {
        inputChannels = b.inputChannels;
        members = b.members;
        channels = b.hyper.channels();
        kernel = b.hyper.kernel();
        dilations = b.hyper.dilations();
        int in = inputChannels;
        for (int i = 0; i < channels.length; i++) {
            blocks.add(addChildBlock("block" + i,
                    new ResidualBlock(members, i == 0, in, channels[i], kernel, dilations[i], b.hyper.dropout())));
            in = channels[i];
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Input frames that one output frame depends on: 1 + 2·(kernel − 1)·Σ dilations. */
    public int receptiveField() {
        return 1 + 2 * (kernel - 1) * Arrays.stream(dilations).sum();
    }

    /** Feature width F of one member. */
    public int features() {
        return channels[channels.length - 1];
    }

    public int members() {
        return members;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    NDArray forward(ParameterStore ps, NDArray x, boolean training, History history) {
        NDArray h = x;
        for (ResidualBlock block : blocks) {
            h = block.forward(ps, h, training, history);
        }
        return h;
    }

    /**
     * The first block's first layer for the training batch {@code x}, computed from its nonzero entries, or null
     * ({@link SparseFirstLayer#of}).
     */
    SparseFirstLayer sparseFirstLayer(ParameterStore ps, NDArray x, double maxDensity, SparseFirstLayer.Workspace ws) {
        return SparseFirstLayer.of(blocks.get(0), ps, x, maxDensity, ws);
    }

    /** The whole-window forward with the first block's first layer taken from {@code first}. */
    NDArray forward(ParameterStore ps, SparseFirstLayer first, boolean training) {
        NDArray h = blocks.get(0).forwardFromFirstConv(ps, first.convolution(), first.residual(), training);
        for (int i = 1; i < blocks.size(); i++) {
            h = blocks.get(i).forward(ps, h, training, null);
        }
        return h;
    }

    /** The residual blocks in order (read-only use: {@link BatchPredictor}'s sparse first layer). */
    List<ResidualBlock> blocks() {
        return java.util.Collections.unmodifiableList(blocks);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (long) members * features(), s.get(2) - receptiveField() + 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        if (s.get(1) != inputChannels) {
            throw new IllegalArgumentException("ExpertTcn built for " + inputChannels + " input channels, got shape "
                    + s);
        }
        for (ResidualBlock block : blocks) {
            block.initialize(manager, dataType, s);
            s = block.getOutputShapes(new Shape[] {s})[0];
        }
    }

    /** Builder: {@code setInputChannels} is required; the rest default to the seed's expert ({@link Hyper}). */
    public static final class Builder {
        private int inputChannels;
        private int members = 1;
        private Hyper hyper = Hyper.defaults();

        private Builder() {
        }

        public Builder setInputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        /** Number of independent networks evaluated together (1 = a plain TCN). */
        public Builder optMembers(int members) {
            this.members = members;
            return this;
        }

        /** Takes channels, kernel, dilations and dropout from {@code hyper} (validated when it was built). */
        public Builder optHyper(Hyper hyper) {
            this.hyper = hyper;
            return this;
        }

        public ExpertTcn build() {
            if (inputChannels < 1) {
                throw new IllegalArgumentException("inputChannels: required and >= 1, got " + inputChannels);
            }
            if (members < 1) {
                throw new IllegalArgumentException("members: must be >= 1, got " + members);
            }
            return new ExpertTcn(this);
        }
    }
}
