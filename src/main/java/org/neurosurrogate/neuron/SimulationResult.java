package org.neurosurrogate.neuron;

/**
 * What one simulation produced.
 *
 * @param durationMs simulated time, ms
 * @param voltages recorded segment voltages, mV, time-major: {@code voltages[t * segments + s]} at t ms
 * @param segments number of recorded segments
 * @param soma soma(0.5) voltage, mV, sampled every {@code somaIntervalMs}
 * @param somaIntervalMs soma sampling interval, ms
 * @param spikeTimesMs somatic spike times, ms
 * @param inputs the input spikes that drove it
 * @param seed the seed the inputs were drawn with
 */
public record SimulationResult(int durationMs, float[] voltages, int segments, float[] soma, double somaIntervalMs,
                               double[] spikeTimesMs, SpikeTrains inputs, long seed) {

    /** Soma voltage at every whole ms (the 1-ms grid the segment voltages use). */
    public float[] somaPerMs() {
        int stride = (int) Math.round(1.0 / somaIntervalMs);
        float[] out = new float[durationMs];
        for (int t = 0; t < durationMs; t++) {
            out[t] = soma[t * stride];
        }
        return out;
    }

    /** Voltage matrix as rows (time) × columns (segments). */
    public float[][] voltageMatrix() {
        float[][] m = new float[durationMs][segments];
        for (int t = 0; t < durationMs; t++) {
            System.arraycopy(voltages, t * segments, m[t], 0, segments);
        }
        return m;
    }

    public double firingRateHz() {
        return spikeTimesMs.length / (durationMs / 1000.0);
    }
}
