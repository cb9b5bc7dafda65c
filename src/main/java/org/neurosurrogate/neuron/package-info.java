/**
 * Cell models as plain data ({@link org.neurosurrogate.neuron.ModelSpec}, {@link
 * org.neurosurrogate.neuron.SegmentTable}), input spike trains and spike detection. No JEP here: the
 * sub-package {@code jep} is the only code that talks to Python/NEURON.
 *
 * <p>Input-channel contract: with S recorded segments (basal then apical for the built-in cell; in
 * general the model's recorded section lists in order, segments by increasing x), channel {@code i < S}
 * is the excitatory synapse at the centre of segment {@code i} and channel {@code S + i} the inhibitory
 * one. Voltage columns follow the same segment order.
 */
package org.neurosurrogate.neuron;
