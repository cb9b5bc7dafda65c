package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Streaming inference for a batch of cells inside a simulation: each {@link #step} takes the next Δ frames of
 * input {@code (B, C, Δ)} and returns the predictions for those frames {@code (B, tasks, Δ)}. Each causal
 * convolution keeps the last (kernel − 1)·dilation frames of its input, and a recurrent trunk its LSTM state
 * (h and c), so a step costs Δ frames of work and the state a fixed size.
 *
 * <p>The history starts as the state after all-zero input (no synaptic drive before the start): the outputs equal
 * the whole-window forward pass on the inputs so far with R − 1 zero frames in front. Uses the network's
 * parameters as they are (no copy) in inference mode (no dropout). Not thread-safe; one instance per batch.
 */
public final class StreamingPredictor implements AutoCloseable {
    private final SurrogateNet net;
    private final NDManager manager;
    private final ParameterStore store;
    private final int batch;
    private History history;

    /** A predictor for {@code batch} cells whose state lives in a sub-manager of {@code manager}. */
    public StreamingPredictor(SurrogateNet net, NDManager manager, int batch) {
        if (!net.isInitialized()) {
            throw new IllegalStateException("initialise or load the network before streaming");
        }
        this.net = net;
        this.manager = manager.newSubManager();
        this.store = new ParameterStore(this.manager, false);
        this.batch = batch;
        reset();
    }

    /** Forgets all inputs: the next step is the first frame of a new simulation. */
    public void reset() {
        if (history != null) {
            history.close();
        }
        history = new History(manager);
        // Priming pass: R frames of zero input fill every convolution's history with its zero-input state, and a
        // recurrent trunk's state with the one after R − 1 of them (RecurrentTrunk#forward).
        try (NDManager step = manager.newSubManager()) {
            NDArray zeros = step.zeros(new Shape(batch, net.inputChannels(), net.receptiveField()), DataType.FLOAT32);
            history.begin();
            net.forward(store, zeros, false, history);
            history.end();
        }
    }

    /**
     * Predicts the next frames.
     *
     * @param inputs {@code (B, C, Δ)}, Δ ≥ 1
     * @return {@code (B, tasks, Δ)}, attached to {@code inputs}' manager
     */
    public NDArray step(NDArray inputs) {
        Shape s = inputs.getShape();
        if (s.dimension() != 3 || s.get(0) != batch || s.get(1) != net.inputChannels() || s.get(2) < 1) {
            throw new IllegalArgumentException("expected inputs (" + batch + ", " + net.inputChannels()
                    + ", Δ >= 1), got " + s);
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray x = inputs.duplicate();
            x.attach(step);
            history.begin();
            NDArray y = net.forward(store, x, false, history);
            y.attach(inputs.getManager());
            return y;
        }
    }

    /**
     * Bytes of state carried between steps: each convolution's last frames and a recurrent trunk's h and c. Fixed
     * by the network and the batch, whatever the run's length.
     */
    public long stateBytes() {
        return history.bytes();
    }

    public int batch() {
        return batch;
    }

    @Override
    public void close() {
        history.close();
        manager.close();
    }
}
