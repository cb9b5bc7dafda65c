package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadThroughputTest {
    @TempDir
    Path dir;

    @Test
    void measuresWindowsPerSecondOnOneAndSeveralThreads() {
        SyntheticShards.write(dir, 0, ShardReaderTest.T, ShardReaderTest.S, 0, 1, 2);
        SyntheticShards.write(dir, 1, ShardReaderTest.T, ShardReaderTest.S, 3, 4);
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            int[] sims = r.simulations();
            for (int threads : new int[] {1, 3}) {
                ReadThroughput.Result res = ReadThroughput.measure(i -> BalancedWindowSampler.builder(r, sims)
                        .setWindowMs(300).optScoredFromMs(100).optSeed(i).build(), 301, threads);
                System.out.println("read throughput (synthetic, 5 segments): " + res.summary());
                assertEquals(301, res.windows());
                assertEquals(200, res.scoredMs());
                assertTrue(res.windowsPerSecond() > 0);
                assertEquals(res.windowsPerSecond() * 200, res.scoredStepsPerSecond(), 1e-6);
                assertEquals(1.0 / 3, res.spikeFraction(), 0.1);
            }
        }
    }
}
