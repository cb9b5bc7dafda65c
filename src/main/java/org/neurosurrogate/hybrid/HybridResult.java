package org.neurosurrogate.hybrid;

import java.util.Map;

/**
 * What one network run produced.
 *
 * @param spikeTimesMs somatic spike times of every cell, indexed by gid (surrogates: predicted)
 * @param voltages recorded cells by gid: {segments time-major [T × S] at 1 ms, soma [T] at 1 ms}
 * @param neuronS wall time inside NEURON (integration, event delivery, spike exchange within psolve)
 * @param surrogateS wall time in the surrogates' batched steps
 * @param exchangeS wall time moving events between NEURON and the surrogates (inbox mapping, emitting)
 * @param setupS wall time building the network (cells, connections, background)
 * @param exchangeIntervalMs NEURON's own spike-exchange interval (its minimum NetCon delay from a gid)
 */
public record HybridResult(NetworkPlan plan, double[][] spikeTimesMs, Map<Integer, float[][]> voltages,
                           double neuronS, double surrogateS, double exchangeS, double setupS, double exchangeIntervalMs,
                           int ranks) {
    public double wallS() {
        return neuronS + surrogateS + exchangeS;
    }
}
