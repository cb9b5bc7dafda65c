package org.neurosurrogate.data;

/**
 * A stretch of {@code lengthMs} consecutive 1-ms steps of one simulation, starting at {@code startMs}:
 * what the surrogate sees and what it must predict.
 *
 * <p>Axis order, for both arrays: channel-major, flat, row {@code r} at time step {@code t} (0-based within
 * the window) is element {@code r * lengthMs + t}. With S = {@code segments}:
 * <pre>
 * inputs   [2S, L]    1 where input channel c had a spike in ms bin startMs + t, else 0
 *                     (channel c &lt; S: excitatory synapse of segment c; S + c: its inhibitory one)
 * targets  [S + 2, L] rows 0..S-1: segment voltages, mV; row S ({@link #somaRow()}): soma voltage, mV;
 *                     row S + 1 ({@link #spikeRow()}): 1 in the bin floor(t_spike) of each somatic spike, else 0
 * </pre>
 *
 * @param simulation global simulation index
 * @param startMs first time step of the window, ms of simulation time
 * @param lengthMs number of 1-ms steps L
 * @param segments number of recorded segments S
 * @param inputs dense input spikes, [2S, L] as above
 * @param targets targets, [S + 2, L] as above
 */
public record Window(int simulation, int startMs, int lengthMs, int segments, float[] inputs, float[] targets) {

    public Window {
        if (inputs.length != 2 * segments * lengthMs || targets.length != (segments + 2) * lengthMs) {
            throw new IllegalArgumentException("window arrays do not match " + segments + " segments × "
                    + lengthMs + " ms");
        }
    }

    public int inputChannels() {
        return 2 * segments;
    }

    public int targetRows() {
        return segments + 2;
    }

    public int somaRow() {
        return segments;
    }

    public int spikeRow() {
        return segments + 1;
    }

    public float input(int channel, int t) {
        return inputs[channel * lengthMs + t];
    }

    public float target(int row, int t) {
        return targets[row * lengthMs + t];
    }

    /** The same window with other targets (same layout). */
    public Window withTargets(float[] newTargets) {
        return new Window(simulation, startMs, lengthMs, segments, inputs, newTargets);
    }

    /** Whether a somatic spike falls in window steps {@code [fromT, lengthMs)}. */
    public boolean hasSpikeFrom(int fromT) {
        int base = spikeRow() * lengthMs;
        for (int t = fromT; t < lengthMs; t++) {
            if (targets[base + t] != 0f) {
                return true;
            }
        }
        return false;
    }
}
