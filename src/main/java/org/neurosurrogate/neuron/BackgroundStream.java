package org.neurosurrogate.neuron;

/**
 * A cell's background input spike trains produced bin range by bin range, as a long simulation consumes them: the
 * same spikes as the whole-run {@link SpikeTrains} of the same generator, seed and duration, with a state that does
 * not grow with the duration ({@link #stateBytes}). {@link InputProtocol#stream} and {@link PoissonDrive#stream}
 * make them.
 */
public interface BackgroundStream {
    /** Receives one spike: its 1-ms bin and input channel. */
    @FunctionalInterface
    interface Sink {
        void spike(int timeMs, int channel);
    }

    /**
     * Hands the spikes of the bins from where the last call stopped up to {@code toMs} (exclusive; at most the
     * duration) to {@code sink}, ordered by (time, channel).
     */
    void next(int toMs, Sink sink);

    /** Bytes of state held now (rates, random-stream positions), bounded whatever the duration. */
    long stateBytes();
}
