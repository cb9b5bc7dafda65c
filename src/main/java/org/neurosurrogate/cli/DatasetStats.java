package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.neurosurrogate.data.DatasetManifest;

/** {@code dataset stats}: what a dataset holds. */
final class DatasetStats {
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
        out.printf("dataset          %s (%s, model %s)%n", dir, m.part == null ? "whole" : "part " + m.part.index()
                + "/" + m.part.of(), m.modelName);
        out.printf("simulations      %d of %d finished, %d rejected; %.1f simulated s%n", n, m.simulations,
                m.rejected.size(), n * m.durationMs / 1000.0);
        out.printf("split            train %d, validation %d, test %d simulations%n", m.split.train().size(),
                m.split.validation().size(), m.split.test().size());
        if (n > 0) {
            out.printf("somatic rate     mean %.2f Hz, sd %.2f, min %.2f, median %.2f, max %.2f%n", rate.getMean(),
                    rate.getStandardDeviation(), rate.getMin(), rate.getPercentile(50), rate.getMax());
            out.printf("input spikes/s   mean %.0f (all synapses)%n", inputs.getMean());
        }
    }
}
