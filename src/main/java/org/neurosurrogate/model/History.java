package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming state: for each causal convolution, in call order, the last (kernel − 1)·dilation frames of its
 * input; with a recurrent trunk, also its LSTM state. {@link #extend} is called once per convolution per step; the first pass only records (priming), later
 * passes prepend what was recorded, so an unpadded convolution returns exactly as many frames as arrived.
 */
final class History implements AutoCloseable {
    private final NDManager keeper;
    private final List<NDArray> frames = new ArrayList<>();
    private int cursor;
    private boolean primed;
    private RecurrentTrunk.State recurrent;

    History(NDManager parent) {
        keeper = parent.newSubManager();
    }

    /** Starts a pass over the network. */
    void begin() {
        cursor = 0;
    }

    /** Ends a pass: from now on the recorded frames are prepended. */
    void end() {
        primed = true;
    }

    /** Whether the priming pass has ended. */
    boolean primed() {
        return primed;
    }

    /** A recurrent trunk's carried state (empty until the priming pass fills it). */
    RecurrentTrunk.State recurrent() {
        if (recurrent == null) {
            recurrent = new RecurrentTrunk.State(keeper);
        }
        return recurrent;
    }

    /** Bytes of carried state: the convolutions' frames and a recurrent state. */
    long bytes() {
        long n = recurrent == null ? 0 : recurrent.bytes();
        for (NDArray f : frames) {
            n += 4L * f.size();
        }
        return n;
    }

    /** Returns {@code x} (batch, channels, time) with the cached frames in front, and caches the new last frames. */
    NDArray extend(NDArray x, long keep) {
        if (keep == 0) {
            return x;
        }
        int i = cursor++;
        NDArray full = x;
        if (primed) {
            full = frames.get(i).concat(x, 2);
            full.attach(x.getManager()); // results go to the first operand's manager: keep the step's work there
        }
        long t = full.getShape().get(2);
        NDArray kept = full.get(new NDIndex(":, :, {}:", t - keep)).duplicate();
        kept.attach(keeper);
        if (primed) {
            frames.set(i, kept).close();
        } else {
            frames.add(kept);
        }
        return full;
    }

    @Override
    public void close() {
        keeper.close();
    }
}
