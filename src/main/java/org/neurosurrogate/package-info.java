/**
 * NeuroSurrogate: neural-network surrogates of biophysically detailed NEURON cell models.
 *
 * <p>Data flows one way: {@code neuron} (cell models and simulation) → {@code data} (HDF5 datasets) →
 * {@code model}/{@code train} → {@code eval}/{@code hybrid}; {@code cli} wires them together.
 */
package org.neurosurrogate;
