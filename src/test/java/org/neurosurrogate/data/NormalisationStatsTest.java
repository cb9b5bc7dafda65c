package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalisationStatsTest {
    static final int T = ShardReaderTest.T;
    static final int S = ShardReaderTest.S;

    @TempDir
    Path dir;

    @Test
    void meanAndStdMatchDirectComputationOverTheGivenSimulations() {
        SyntheticShards.write(dir, 0, T, S, 0, 1, 2);
        SyntheticShards.write(dir, 1, T, S, 3, 4);
        int[] train = {0, 2, 4};
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            for (int fromMs : new int[] {0, 500, 777}) {
                NormalisationStats stats = NormalisationStats.compute(r, train, fromMs);
                assertEquals(S + 1, stats.rows());
                assertEquals((long) train.length * (T - fromMs), stats.count());
                for (int row = 0; row <= S; row++) {
                    // direct two-pass over the written float32 values
                    double sum = 0;
                    long n = 0;
                    for (int sim : train) {
                        for (int t = fromMs; t < T; t++) {
                            sum += value(sim, row, t);
                            n++;
                        }
                    }
                    double mean = sum / n;
                    double ss = 0;
                    for (int sim : train) {
                        for (int t = fromMs; t < T; t++) {
                            ss += (value(sim, row, t) - mean) * (value(sim, row, t) - mean);
                        }
                    }
                    assertEquals(mean, stats.mean()[row], 1e-6, "mean of row " + row);
                    assertEquals(Math.sqrt(ss / n), stats.std()[row], 1e-6, "std of row " + row);
                }
            }
        }
    }

    private static double value(int sim, int row, int t) {
        return row < S ? SyntheticShards.voltage(sim, row, t) : SyntheticShards.soma(sim, t);
    }

    @Test
    void applyZScoresVoltageRowsAndLeavesSpikeRow() {
        SyntheticShards.write(dir, 0, T, S, 0, 1, 2);
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            NormalisationStats stats = NormalisationStats.compute(r, new int[] {0, 1, 2});
            assertEquals(500, stats.fromMs());
            Window raw = r.readWindow(1, 900, 300);
            Window z = stats.apply(raw);
            for (int row = 0; row <= S; row++) {
                for (int t = 0; t < 300; t++) {
                    assertEquals((raw.target(row, t) - stats.mean()[row]) / stats.std()[row], z.target(row, t), 1e-5);
                    assertEquals(raw.target(row, t), stats.toMillivolts(row, z.target(row, t)), 1e-4);
                }
            }
            for (int t = 0; t < 300; t++) {
                assertEquals(raw.target(raw.spikeRow(), t), z.target(z.spikeRow(), t));
            }
            assertArrayEquals(raw.inputs(), z.inputs());
        }
    }

    @Test
    void jsonRoundTripKeepsEveryValue() throws Exception {
        NormalisationStats stats = new NormalisationStats(new double[] {-65.25, 1e-3, 0.1 + 0.2},
                new double[] {3.5, 0, 1.0 / 3}, 12345, 500);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(stats.toMap());
        NormalisationStats back = NormalisationStats.fromMap(json.readValue(text, new TypeReference<Map<String, Object>>() {
        }));
        assertArrayEquals(stats.mean(), back.mean());
        assertArrayEquals(stats.std(), back.std());
        assertEquals(stats.count(), back.count());
        assertEquals(stats.fromMs(), back.fromMs());
    }
}
