/**
 * Simulation results on disk, as HDF5 (through jHDF, the only package that imports {@code io.jhdf}).
 * Every file is written under a temporary name and renamed into place, so a reader never sees a
 * half-written file. Layouts carry a format name and version in root attributes.
 */
package org.neurosurrogate.data;
