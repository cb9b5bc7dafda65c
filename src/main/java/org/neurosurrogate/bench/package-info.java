/**
 * Benchmarks: each measures a figure against a baseline run in the same command (NEURON through plain Python, one
 * worker, the seed's one-step training windows, NEURON on the same inputs, the all-detailed network) and prints the
 * ratio; {@link org.neurosurrogate.bench.BenchAll} runs them all into {@code bench.json} and {@code bench.md}. Only
 * {@code cli} imports this package.
 */
package org.neurosurrogate.bench;
