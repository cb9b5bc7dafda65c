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

    /**
     * This stream drawn {@code chunkMs} at a time and handed out from a buffer: the same spikes. A generator whose
     * state is large (the protocol's rates of every channel over the active intervals) then reads it once per chunk
     * instead of once per short step, which matters when a thousand cells take turns.
     */
    default BackgroundStream ahead(int chunkMs) {
        if (chunkMs < 1) {
            throw new IllegalArgumentException("chunkMs must be >= 1, got " + chunkMs);
        }
        BackgroundStream source = this;
        return new BackgroundStream() {
            private int[] times = new int[256];
            private int[] channels = new int[256];
            private int count;
            private int next;
            private int drawnTo;

            @Override
            public void next(int toMs, Sink sink) {
                while (true) {
                    while (next < count && times[next] < toMs) {
                        sink.spike(times[next], channels[next]);
                        next++;
                    }
                    if (next < count || drawnTo >= toMs) {
                        return;
                    }
                    count = 0;
                    next = 0;
                    int from = drawnTo;
                    drawnTo = Math.max(toMs, from + chunkMs);
                    source.next(drawnTo, (ms, ch) -> {
                        if (count == times.length) {
                            times = java.util.Arrays.copyOf(times, 2 * count);
                            channels = java.util.Arrays.copyOf(channels, 2 * count);
                        }
                        times[count] = ms;
                        channels[count++] = ch;
                    });
                }
            }

            @Override
            public long stateBytes() {
                return source.stateBytes() + 4L * (times.length + channels.length);
            }
        };
    }
}
