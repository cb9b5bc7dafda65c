/**
 * Simulation results on disk, as HDF5 (through jHDF, the only package that imports {@code io.jhdf}).
 * Every file is written under a temporary name and renamed into place, so a reader never sees a
 * half-written file. Layouts carry a format name and version in root attributes.
 *
 * <p>Reading for training: {@link org.neurosurrogate.data.DatasetReader} gives random access to windows
 * ({@link org.neurosurrogate.data.Window}, which states the axis order) without loading shards into memory,
 * {@link org.neurosurrogate.data.BalancedWindowSampler} draws them with a set spike fraction, and
 * {@link org.neurosurrogate.data.NormalisationStats} z-scores the voltage targets.
 */
package org.neurosurrogate.data;
