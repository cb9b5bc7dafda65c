package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The per-segment local input path: each segment's own two synapses (channel {@code i}, excitatory, and {@code S +
 * i}, inhibitory, by the input-channel contract of {@code org.neurosurrogate.neuron}) through a causal filter of
 * length R, added to that segment's voltage row. Input {@code (B, 2S, T)} → output {@code (B, S, T − R + 1)}.
 *
 * <p>Why: the trunk's first layer maps all 2S channels to a few dozen, so a thin dendrite's own EPSPs and IPSPs,
 * the largest part of its voltage, must pass through a bottleneck shared by 639 segments. This path gives each
 * segment 2·R weights of its own (a depthwise convolution: one filter per input channel, then each segment's two
 * filtered channels summed), as a linear model of the local postsynaptic potential. It starts at zero, so a
 * network with it computes what it would without it until training moves it.
 *
 * <p>The taps are {@link #GAIN} times the stored parameters. Adam moves a parameter by about the learning rate per
 * step whatever its gradient, and the best checkpoint of a surrogate comes within a few hundred steps, before the
 * towers overfit; trained unscaled (measured, 64 × 6 s L5PC, lr 3e-3, best at step 150), the taps had reached a
 * peak of 0.26 z and the basal traces stayed smooth where NEURON's show EPSPs of 10–20 mV. The gain is that many
 * times the step.
 */
public final class LocalInputFilter extends AbstractBlock {
    /** Taps per stored parameter unit: the local path learns this many times faster than the rest. */
    public static final float GAIN = 10f;

    private final int segments;
    private final int receptiveField;
    private final Conv1d depthwise;

    /** A zero filter for {@code segments} segments (2·segments input channels) of length {@code receptiveField}. */
    public LocalInputFilter(int segments, int receptiveField) {
        if (segments < 1 || receptiveField < 1) {
            throw new IllegalArgumentException("segments and receptiveField must be >= 1, got " + segments + ", "
                    + receptiveField);
        }
        this.segments = segments;
        this.receptiveField = receptiveField;
        depthwise = addChildBlock("depthwise", Conv1d.builder().setKernelShape(new Shape(receptiveField))
                .setFilters(2 * segments).optGroups(2 * segments).optBias(false).build());
        depthwise.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    }

    public int segments() {
        return segments;
    }

    public int receptiveField() {
        return receptiveField;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    /** The path on {@code x} (B, 2S, T); with a {@link History}, streaming (it keeps the last R − 1 input frames). */
    NDArray forward(ParameterStore ps, NDArray x, boolean training, History history) {
        NDArray in = history == null ? x : history.extend(x, receptiveField - 1);
        NDArray y = depthwise.forward(ps, new NDList(in), training).singletonOrThrow(); // (B, 2S, T')
        Shape s = y.getShape();
        return y.reshape(s.get(0), 2, segments, s.get(2)).sum(new int[] {1}).mul(GAIN);
    }

    /**
     * The filter taps per input channel, {@code [c][k]} (the parameters times {@link #GAIN}): an event on channel c
     * at input frame s adds {@code w[c][k]} to output frame s − k of segment c mod S (a convolution here is a
     * cross-correlation, as in PyTorch).
     */
    float[][] taps() {
        float[] w = depthwise.getParameters().get("weight").getArray().toFloatArray(); // (2S, 1, R)
        float[][] taps = new float[2 * segments][receptiveField];
        for (int c = 0; c < taps.length; c++) {
            for (int k = 0; k < receptiveField; k++) {
                taps[c][k] = GAIN * w[c * receptiveField + k];
            }
        }
        return taps;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), segments, s.get(2) - receptiveField + 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        depthwise.initialize(manager, dataType, inputShapes[0]);
    }
}
