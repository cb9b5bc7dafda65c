/**
 * Hybrid networks: a NEURON network in which chosen cells run as their trained surrogates.
 *
 * <p>Data flows one way: a {@link org.neurosurrogate.hybrid.NetworkSpec} (JSON) is resolved against each
 * population's segment table into a {@link org.neurosurrogate.hybrid.NetworkPlan} (every cell, every connection
 * with its target segment, drawn by seed, independent of which cells are surrogates and of MPI ranks); the
 * {@link org.neurosurrogate.hybrid.HybridRunner} builds the plan in NEURON, with detailed cells as real cells
 * and each surrogate as an {@code NsSurrogateCell}, and advances it interval by interval, running all of a rank's
 * surrogate cells as one batched streaming step per interval (see the runner for the synchronisation scheme).
 */
package org.neurosurrogate.hybrid;
