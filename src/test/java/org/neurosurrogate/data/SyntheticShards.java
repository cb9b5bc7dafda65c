package org.neurosurrogate.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * Tiny shards with values known in closed form, written with {@link ShardFile#write}:
 * segment voltage {@code v(sim, seg, t) = sim*100 + seg + t/1000}, soma {@code -sim - t/1000} (float32),
 * somatic spikes from {@link #spikes}, input events from {@link #events}. Simulations numbered
 * {@value #SILENT_FROM} and above never spike.
 */
final class SyntheticShards {
    static final String MODEL_HASH = "synthetic-model";
    static final int SILENT_FROM = 100;

    private SyntheticShards() {
    }

    static float voltage(int sim, int seg, int t) {
        return (float) (sim * 100 + seg + t / 1000.0);
    }

    static float soma(int sim, int t) {
        return (float) (-sim - t / 1000.0);
    }

    /** Spike times of simulation {@code sim}: every 250 ms from 97.3 + 31·sim ms (fractional, so bins are floors). */
    static double[] spikes(int sim, int durationMs) {
        List<Double> out = new ArrayList<>();
        for (double t = 97.3 + 31 * sim; sim < SILENT_FROM && t < durationMs; t += 250) {
            out.add(t);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** About 5 % of (channel, ms) bins hold an input spike, drawn from a per-sim seed. */
    static SpikeTrains events(int sim, int durationMs, int segments) {
        SplittableRandom rng = new SplittableRandom(1000 + sim);
        List<double[]> ev = new ArrayList<>();
        for (int t = 0; t < durationMs; t++) {
            for (int c = 0; c < 2 * segments; c++) {
                if (rng.nextDouble() < 0.05) {
                    ev.add(new double[] {t, c});
                }
            }
        }
        return new SpikeTrains(ev.stream().mapToDouble(e -> e[0]).toArray(),
                ev.stream().mapToInt(e -> (int) e[1]).toArray(), 2 * segments);
    }

    static SegmentTable segments(int s) {
        String[] section = new String[s];
        Region[] region = new Region[s];
        double[][] centre = new double[s][];
        double[] x = new double[s];
        for (int i = 0; i < s; i++) {
            section[i] = (i % 2 == 0 ? "dend[" : "apic[") + i + "]";
            region[i] = Region.values()[i % Region.values().length];
            centre[i] = new double[] {i, 2 * i, 3 * i};
            x[i] = 0.5;
        }
        double[] ramp = new double[s];
        Arrays.setAll(ramp, i -> 10.0 + i);
        return new SegmentTable(section, x, ramp, region, ramp.clone(), ramp.clone(), centre);
    }

    static SimulationResult simulation(int sim, int durationMs, int segments) {
        float[] v = new float[durationMs * segments];
        float[] soma = new float[durationMs];
        for (int t = 0; t < durationMs; t++) {
            for (int s = 0; s < segments; s++) {
                v[t * segments + s] = voltage(sim, s, t);
            }
            soma[t] = soma(sim, t);
        }
        return new SimulationResult(durationMs, v, segments, soma, 1.0, spikes(sim, durationMs),
                events(sim, durationMs, segments), 77L + sim);
    }

    /** Writes {@code dir/shard-NNNNN.h5} holding global simulations {@code sims}. */
    static Path write(Path dir, int shardIndex, int durationMs, int segments, int... sims) {
        List<SimulationResult> results = new ArrayList<>();
        for (int sim : sims) {
            results.add(simulation(sim, durationMs, segments));
        }
        Path file = dir.resolve(ShardFile.fileName(shardIndex));
        ShardFile.write(file, MODEL_HASH, sims[0], results, sims, segments(segments));
        return file;
    }

    /**
     * Like {@link #write} but with deflated 500-ms voltage chunks, the layout in which damage to a chunk
     * shows up mid-use (an inflate error) rather than at open.
     */
    static Path writeCompressed(Path dir, int shardIndex, int durationMs, int segments, int... sims) {
        List<SimulationResult> results = new ArrayList<>();
        for (int sim : sims) {
            results.add(simulation(sim, durationMs, segments));
        }
        Path file = dir.resolve(ShardFile.fileName(shardIndex));
        ShardFile.write(file, MODEL_HASH, sims[0], results, sims, segments(segments),
                io.jhdf.api.DatasetCreationOptions.builder().chunkDimensions(1, Math.min(500, durationMs), segments)
                        .shuffle().deflate(4).build());
        return file;
    }

    /** A copy of {@code file} cut to half its length. */
    static Path truncatedCopy(Path file, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(target, Arrays.copyOf(bytes, bytes.length / 2));
        return target;
    }

    static Path garbage(Path target) throws IOException {
        byte[] bytes = new byte[4096];
        new SplittableRandom(5).nextBytes(bytes);
        Files.write(target, bytes);
        return target;
    }
}
