package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.neurosurrogate.data.BalancedWindowSampler;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;

/** {@code dataset stats}: what a dataset holds. */
final class DatasetStats {
    /** Window used for the spike-window fraction: 300 ms with the last 200 ms scored, as training uses. */
    static final int WINDOW_MS = 300;
    static final int SCORED_FROM_MS = 100;

    private DatasetStats() {
    }

    static void print(Path dir, PrintStream out) {
        DatasetManifest m = DatasetManifest.read(dir);
        DescriptiveStatistics rate = new DescriptiveStatistics();
        DescriptiveStatistics inputs = new DescriptiveStatistics();
        for (DatasetManifest.Shard s : m.shards) {
            for (int spikes : s.somaticSpikes()) {
                rate.addValue(spikes / (m.durationMs / 1000.0));
            }
            for (long n : s.inputSpikes()) {
                inputs.addValue(n / (m.durationMs / 1000.0));
            }
        }
        long n = rate.getN();
        out.printf("dataset          %s (%s, model %s, %d segments)%n", dir, m.part == null ? "whole" : "part "
                + m.part.index() + "/" + m.part.of(), m.modelName, m.segments);
        out.printf("simulations      %d of %d finished, %d rejected; %.1f simulated s (%d ms each)%n", n,
                m.simulations, m.rejected.size(), n * m.durationMs / 1000.0, m.durationMs);
        out.printf("split            train %d, validation %d, test %d simulations%n", m.split.train().size(),
                m.split.validation().size(), m.split.test().size());
        if (n == 0) {
            return;
        }
        out.printf("somatic rate     mean %.2f Hz, sd %.2f, min %.2f, median %.2f, max %.2f%n", rate.getMean(),
                rate.getStandardDeviation(), rate.getMin(), rate.getPercentile(50), rate.getMax());
        out.printf("input spikes/s   mean %.0f over all synapses%n", inputs.getMean());
        try (DatasetReader reader = DatasetReader.openFolder(dir)) {
            int[] sims = reader.simulations();
            if (reader.durationMs() >= BalancedWindowSampler.BURN_IN_MS + WINDOW_MS) {
                BalancedWindowSampler sampler = BalancedWindowSampler.builder(reader, sims).setWindowMs(WINDOW_MS)
                        .optScoredFromMs(SCORED_FROM_MS).optWarnings(w -> { }).build();
                long spiking = sampler.spikingStarts();
                long all = spiking + sampler.quietStarts();
                out.printf("spike windows    %.1f %% of %d-ms windows hold a somatic spike in their last %d ms "
                        + "(the balanced sampler draws %.0f %%)%n", 100.0 * spiking / all, WINDOW_MS,
                        WINDOW_MS - SCORED_FROM_MS, 100 * BalancedWindowSampler.DEFAULT_SPIKE_FRACTION);
            }
            printVoltageRanges(reader, out);
        }
    }

    /** Min, mean and max voltage per region over every simulation, read in one pass per simulation. */
    private static void printVoltageRanges(DatasetReader reader, PrintStream out) {
        SegmentTable seg = reader.segmentTable();
        int s = seg.size();
        int t = reader.durationMs();
        Region[] regions = Region.values();
        double[] lo = new double[regions.length + 1];
        double[] hi = new double[regions.length + 1];
        double[] sum = new double[regions.length + 1];
        long[] count = new long[regions.length + 1];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int sim : reader.simulations()) {
            float[] targets = reader.readTargets(sim, 0, t); // [S + 2, T], no dense inputs needed
            for (int row = 0; row <= s; row++) {
                int r = row < s ? seg.region()[row].ordinal() : regions.length;
                for (int k = 0; k < t; k++) {
                    float v = targets[row * t + k];
                    lo[r] = Math.min(lo[r], v);
                    hi[r] = Math.max(hi[r], v);
                    sum[r] += v;
                }
                count[r] += t;
            }
        }
        out.println("voltage (mV)     min      mean     max");
        IntStream.rangeClosed(0, regions.length).filter(r -> count[r] > 0).forEach(r -> out.printf(
                "  %-14s %7.1f  %7.1f  %7.1f%n", r < regions.length ? regions[r].label() : "soma", lo[r],
                sum[r] / count[r], hi[r]));
    }
}
