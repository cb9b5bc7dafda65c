package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void somaClipCapsTheSomaRowInStatisticsAndZScoresOnly() {
        SyntheticShards.write(dir, 0, T, S, 0, 1, 2);
        int[] sims = {0, 1, 2};
        double clip = -1.5; // the synthetic soma runs from -sim to -sim - T/1000 mV, so part of it is above
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            NormalisationStats plain = NormalisationStats.compute(r, sims, 500);
            NormalisationStats clipped = NormalisationStats.compute(r, sims, 500, clip);
            assertTrue(clipped.clipsSoma());
            assertFalse(plain.clipsSoma());
            double sum = 0;
            double ss = 0;
            long n = 0;
            for (int sim : sims) {
                for (int t = 500; t < T; t++) {
                    sum += Math.min(SyntheticShards.soma(sim, t), clip);
                    n++;
                }
            }
            double mean = sum / n;
            for (int sim : sims) {
                for (int t = 500; t < T; t++) {
                    double d = Math.min(SyntheticShards.soma(sim, t), clip) - mean;
                    ss += d * d;
                }
            }
            assertEquals(mean, clipped.mean()[S], 1e-6);
            assertEquals(Math.sqrt(ss / n), clipped.std()[S], 1e-6);
            assertTrue(clipped.mean()[S] < plain.mean()[S], "clipping lowers the soma mean");
            for (int row = 0; row < S; row++) {
                assertEquals(plain.mean()[row], clipped.mean()[row], "segment rows are not clipped");
                assertEquals(plain.std()[row], clipped.std()[row]);
            }
            Window raw = r.readWindow(0, 900, 300); // sim 0's soma is above the clip here
            Window z = clipped.apply(raw);
            for (int t = 0; t < 300; t++) {
                double v = Math.min(raw.target(S, t), clip);
                assertEquals((v - clipped.mean()[S]) / clipped.std()[S], z.target(S, t), 1e-5);
                assertEquals(plain.apply(raw).target(0, t), z.target(0, t));
            }
        }
    }

    @Test
    void jsonRoundTripKeepsTheSomaClipAndReadsItsAbsenceAsNone() throws Exception {
        ObjectMapper json = new ObjectMapper();
        NormalisationStats clipped = new NormalisationStats(new double[] {-65, -64}, new double[] {4, 5}, 10, 500, -55);
        NormalisationStats back = NormalisationStats.fromMap(json.readValue(json.writeValueAsString(clipped.toMap()),
                new TypeReference<Map<String, Object>>() {
                }));
        assertEquals(-55, back.somaClipMv());
        NormalisationStats plain = new NormalisationStats(new double[] {-65, -64}, new double[] {4, 5}, 10, 500);
        assertFalse(plain.toMap().containsKey("soma_clip_mv"));
        assertTrue(Double.isNaN(NormalisationStats.fromMap(plain.toMap()).somaClipMv()));
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
