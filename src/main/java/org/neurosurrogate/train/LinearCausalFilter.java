package org.neurosurrogate.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The linear baseline: one linear causal filter from the C input channels to the tasks with the surrogate's
 * receptive field R, input {@code (B, C, T)} → output {@code (B, tasks, T − R + 1)}. A full C × tasks × R filter
 * would hold 1278 · 641 · 127 ≈ 10⁸ weights, so the filter is factorised (rank K): a 1×1 map C → K, a causal
 * K → K filter of length R, a 1×1 map K → tasks. Every stage is linear without activations, so the whole is one
 * linear causal filter of rank ≤ K. Trained by the same loop and loss as the surrogates.
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

    public int receptiveField() {
        return receptiveField;
    }

    public int inputChannels() {
        return inputChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList h = spatial.forward(ps, inputs, training);
        h = temporal.forward(ps, h, training);
        return readout.forward(ps, h, training);
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
