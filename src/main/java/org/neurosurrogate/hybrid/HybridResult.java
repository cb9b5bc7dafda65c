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
 * @param waitS wall time NEURON's thread waited for an overlapped surrogate step (the surrogates' share of the
 *     critical path; 0 when they never held NEURON up)
 * @param setupS wall time building the network (cells, connections, background)
 * @param loopS wall time of the run after setup (NEURON and overlapped surrogate steps are not additive)
 * @param exchangeIntervalMs NEURON's own spike-exchange interval (its minimum NetCon delay from a gid)
 */
public record HybridResult(NetworkPlan plan, double[][] spikeTimesMs, Map<Integer, float[][]> voltages,
                           double neuronS, double surrogateS, double exchangeS, double waitS, double setupS, double loopS,
                           double exchangeIntervalMs, int ranks) {
    /** The run's wall time after setup: what speed-ups compare. */
    public double wallS() {
        return loopS;
    }
}
