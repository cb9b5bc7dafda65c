/**
 * Saved surrogates: a folder with the trained network's DJL parameters and {@code surrogate.json}, and the
 * predictor it loads into. May use model, data and neuron; never cli.
 */
package org.neurosurrogate.surrogate;
