/**
 * Saved surrogates: a folder with the trained network's DJL parameters and {@code surrogate.json}, the linear
 * baseline trained beside it ({@code baseline-linear.params} and {@code .json}, absent in older folders), and the
 * predictor they load into. May use model, data and neuron; never cli.
 */
package org.neurosurrogate.surrogate;
