package org.neurosurrogate.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import org.neurosurrogate.data.BalancedWindowSampler;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.ReadThroughput;

/**
 * {@code bench read DIR}: balanced windows read from the shards per second, with 1 and 2 reader threads,
 * against what training consumes. Training consumption is the target for the trainer (30 × the
 * seed's 66 scored steps/s, at 300-ms windows with 200 ms scored) unless {@code --consumed} gives a
 * measured windows/s.
 */
public final class ReadBenchmark {
    static final int WINDOW_MS = 300;
    static final int SCORED_FROM_MS = 100;
    static final double TARGET_TRAIN_SCORED_STEPS_PER_S = 30 * 66.0;

    private ReadBenchmark() {
    }

    public static int run(Path dir, int windows, double consumedWindowsPerS, PrintStream out, Figures figures) {
        DatasetManifest m = DatasetManifest.read(dir);
        try (DatasetReader reader = DatasetReader.openFolder(dir)) {
            int[] train = m.split.train().stream().mapToInt(Integer::intValue).filter(reader::contains).toArray();
            double consumed = consumedWindowsPerS > 0 ? consumedWindowsPerS
                    : TARGET_TRAIN_SCORED_STEPS_PER_S / (WINDOW_MS - SCORED_FROM_MS);
            out.printf("bench read: %s, %d training simulations of %d ms x %d segments, %d-ms windows (%d scored)%n",
                    dir, train.length, reader.durationMs(), reader.segments(), WINDOW_MS, WINDOW_MS - SCORED_FROM_MS);
            out.printf("training consumes %.1f windows/s (%s)%n", consumed, consumedWindowsPerS > 0 ? "--consumed"
                    : "the trainer's target: 30 x 66 scored steps/s");
            for (int threads = 1; threads <= 2; threads++) {
                ReadThroughput.Result r = ReadThroughput.measure(seed -> BalancedWindowSampler.builder(reader, train)
                        .setWindowMs(WINDOW_MS).optScoredFromMs(SCORED_FROM_MS).optSeed(seed).optWarnings(w -> { })
                        .build(), windows, threads);
                out.printf("  %d thread%s: %s; %.0fx what training consumes (target >= 10x)%n", threads,
                        threads == 1 ? " " : "s", r.summary(), r.ratioTo(consumed));
                figures.add("read", threads + "-thread balanced window reads vs training's consumption",
                        r.ratioTo(consumed), String.format(java.util.Locale.ROOT, "%.1f windows/s consumed", consumed),
                        r.summary(), true, 10);
            }
        }
        return 0;
    }
}
