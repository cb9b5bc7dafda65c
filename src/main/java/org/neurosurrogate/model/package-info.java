/**
 * Surrogate networks as DJL blocks: a causal, fully convolutional TCN trunk and per-task towers.
 *
 * <p>Axis layout, stated once for the whole package:
 * <ul>
 *   <li>input: {@code (batch, channels, time)}, float32, the NCW layout of DJL's {@code Conv1d}; channels are the
 *       synaptic drive, 2 per segment for the built-in cell;</li>
 *   <li>output: {@code (batch, tasks, time')} where the task axis follows {@link org.neurosurrogate.model.TaskLayout}:
 *       the S segment voltages, then the soma voltage, then the somatic spike logit;</li>
 *   <li>{@code time' = time - R + 1}, R the receptive field: output step {@code j} is the prediction for input step
 *       {@code j + R - 1}, computed only from input steps {@code <= j + R - 1}. Convolutions are unpadded ("valid"),
 *       so no work is spent on steps whose history would be padding. For predictions from the very first input
 *       step, left-pad the input with R - 1 zero frames (no input before the start); {@link
 *       org.neurosurrogate.model.StreamingPredictor} does exactly that.</li>
 * </ul>
 * Inside the heads, rows of the flattened {@code (batch, time')} axis are called N.
 */
package org.neurosurrogate.model;
