/**
 * The bridge to NEURON through JEP (Java Embedded Python): the only package that imports {@code jep.*}.
 * NEURON is a process-wide singleton, so one process holds one {@link
 * org.neurosurrogate.neuron.jep.NeuronSession}, used from the thread that opened it.
 */
package org.neurosurrogate.neuron.jep;
