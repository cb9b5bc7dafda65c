package org.neurosurrogate.data;

import org.neurosurrogate.neuron.SpikeTrains;

/**
 * One whole simulation in memory, in window layout: targets channel-major [S + 2, T] (segment voltages,
 * soma voltage, spike bins) and the input spikes kept sparse (dense inputs would be 2S × T floats).
 *
 * @param simulation global simulation index
 * @param durationMs T
 * @param segments S
 * @param targets [S + 2, T], as in {@link Window}
 * @param spikeTimesMs somatic spike times
 * @param inputs input spikes (whole ms)
 */
public record LoadedSimulation(int simulation, int durationMs, int segments, float[] targets, double[] spikeTimesMs,
                               SpikeTrains inputs) {

    /** The window [startMs, startMs + lengthMs) of this simulation. */
    public Window window(int startMs, int lengthMs) {
        if (startMs < 0 || lengthMs < 1 || startMs + lengthMs > durationMs) {
            throw new IllegalArgumentException("window [" + startMs + ", " + (startMs + lengthMs)
                    + ") outside the " + durationMs + "-ms simulation " + simulation);
        }
        int rows = segments + 2;
        float[] t = new float[rows * lengthMs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(targets, r * durationMs + startMs, t, r * lengthMs, lengthMs);
        }
        float[] in = new float[2 * segments * lengthMs];
        double[] times = inputs.timesMs();
        int[] channels = inputs.channels();
        int end = startMs + lengthMs;
        int e = java.util.Arrays.binarySearch(times, startMs - 0.5);
        for (e = e < 0 ? -e - 1 : e; e < times.length && times[e] < end; e++) {
            in[channels[e] * lengthMs + (int) times[e] - startMs] = 1f;
        }
        return new Window(simulation, startMs, lengthMs, segments, in, t);
    }
}
