package org.neurosurrogate.data;

import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;

/**
 * One simulation as an HDF5 file (format {@value #FORMAT}, version {@value #VERSION}):
 * <pre>
 * /                      attributes: format, format_version, model_name, model_hash, neuron_version,
 *                                    seed, dt_ms, celsius, v_init_mv, duration_ms
 * /inputs/times_ms       float64 [events]   input spike times (sparse)
 * /inputs/channels       int32   [events]   input channel of each spike (contract: see neuron package)
 * /voltages              float32 [time, segments]  recorded segment voltages on the 1-ms grid, mV
 * /soma/v                float32 [time]     soma(0.5) voltage on the 1-ms grid, mV
 * /soma/v_fine           float32 [time*8]   soma(0.5) voltage every 1/8 ms (attribute interval_ms)
 * /soma/spike_times_ms   float64 [spikes]   somatic spike times
 * /segments/{section, region}         string  [segments]
 * /segments/{x, distance_um, diam_um, length_um}  float64 [segments]
 * /segments/centre_um    float64 [segments, 3]
 * </pre>
 * The sparse datasets (input times and channels, spike times) carry a {@code count} attribute; when it is
 * 0 they hold one padding element, since jHDF cannot write an empty dataset.
 */
public final class SimulationFile {
    public static final String FORMAT = "neurosurrogate.simulation";
    public static final int VERSION = 1;

    /** Facts about how a simulation was made, stored as root attributes. */
    public record Provenance(String modelName, String modelHash, String neuronVersion, long seed, double dtMs,
                             double celsius, double vInitMv) {
    }

    private SimulationFile() {
    }

    /** Writes atomically: the file appears complete under {@code target} or not at all. */
    public static void write(Path target, SimulationResult result, SegmentTable segments, Provenance provenance) {
        Hdf5Write.atomically(target, out -> {
            out.putAttribute("format", FORMAT);
            out.putAttribute("format_version", VERSION);
            out.putAttribute("model_name", provenance.modelName());
            out.putAttribute("model_hash", provenance.modelHash());
            out.putAttribute("neuron_version", provenance.neuronVersion());
            out.putAttribute("seed", provenance.seed());
            out.putAttribute("dt_ms", provenance.dtMs());
            out.putAttribute("celsius", provenance.celsius());
            out.putAttribute("v_init_mv", provenance.vInitMv());
            out.putAttribute("duration_ms", result.durationMs());

            WritableGroup inputs = out.putGroup("inputs");
            EmptyArrays.put(inputs, "times_ms", result.inputs().timesMs());
            EmptyArrays.put(inputs, "channels", result.inputs().channels());
            inputs.putAttribute("channel_count", result.inputs().channelCount());

            int chunkRows = Math.min(result.durationMs(), 1000);
            out.putDataset("voltages", result.voltageMatrix(), DatasetCreationOptions.builder()
                    .chunkDimensions(chunkRows, result.segments()).shuffle().deflate(4).build());

            WritableGroup soma = out.putGroup("soma");
            soma.putDataset("v", result.somaPerMs());
            soma.putDataset("v_fine", result.soma()).putAttribute("interval_ms", result.somaIntervalMs());
            EmptyArrays.put(soma, "spike_times_ms", result.spikeTimesMs());

            writeSegments(out.putGroup("segments"), segments);
        });
    }

    static void writeSegments(WritableGroup group, SegmentTable segments) {
        group.putDataset("section", segments.section());
        group.putDataset("region", Arrays.stream(segments.region()).map(Region::label).toArray(String[]::new));
        group.putDataset("x", segments.x());
        group.putDataset("distance_um", segments.distance());
        group.putDataset("diam_um", segments.diam());
        group.putDataset("length_um", segments.length());
        group.putDataset("centre_um", segments.centre());
    }
}
