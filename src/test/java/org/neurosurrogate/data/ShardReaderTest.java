package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;

class ShardReaderTest {
    static final int T = 2000;
    static final int S = 5;

    @TempDir
    Path dir;

    @Test
    void headerAndSmallArraysReadBack() {
        Path file = SyntheticShards.write(dir, 0, T, S, 0, 1, 2);
        try (ShardReader r = ShardReader.open(file, SyntheticShards.MODEL_HASH)) {
            assertEquals(3, r.count());
            assertEquals(T, r.durationMs());
            assertEquals(S, r.segments());
            assertEquals(2 * S, r.inputChannels());
            assertArrayEquals(new int[] {0, 1, 2}, r.simulationIndices());
            assertEquals(79L, r.seed(2));
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(SyntheticShards.spikes(k, T), r.spikeTimesMs(k));
                SpikeTrains expected = SyntheticShards.events(k, T, S);
                SpikeTrains actual = r.inputs(k);
                assertArrayEquals(expected.timesMs(), actual.timesMs());
                assertArrayEquals(expected.channels(), actual.channels());
            }
            SegmentTable expected = SyntheticShards.segments(S);
            SegmentTable actual = r.segmentTable();
            assertArrayEquals(expected.section(), actual.section());
            assertArrayEquals(expected.region(), actual.region());
            assertArrayEquals(expected.distance(), actual.distance());
            assertArrayEquals(expected.centre(), actual.centre());
        }
    }

    @Test
    void windowMatchesWrittenValues() {
        Path file = SyntheticShards.write(dir, 0, T, S, 4, 5, 6);
        try (ShardReader r = ShardReader.open(file)) {
            // crosses the 500-ms chunk boundary at 1000 and holds the spike at 1035.3 (sim 5)
            assertWindowExact(r.readWindow(1, 850, 300), 5);
            assertWindowExact(r.readWindow(2, 0, 1), 6);
            assertWindowExact(r.readWindow(0, T - 300, 300), 4);
        }
    }

    /** Checks every element of {@code w} against the closed-form values of simulation {@code sim}. */
    static void assertWindowExact(Window w, int sim) {
        assertEquals(sim, w.simulation());
        int start = w.startMs();
        int len = w.lengthMs();
        for (int t = 0; t < len; t++) {
            for (int s = 0; s < S; s++) {
                assertEquals(SyntheticShards.voltage(sim, s, start + t), w.target(s, t), "segment " + s + " t " + t);
            }
            assertEquals(SyntheticShards.soma(sim, start + t), w.target(w.somaRow(), t));
        }
        float[] spikes = new float[len];
        for (double ts : SyntheticShards.spikes(sim, T)) {
            int bin = (int) Math.floor(ts) - start;
            if (bin >= 0 && bin < len) {
                spikes[bin] = 1f;
            }
        }
        float[] spikeRow = new float[len];
        System.arraycopy(w.targets(), w.spikeRow() * len, spikeRow, 0, len);
        assertArrayEquals(spikes, spikeRow);
        float[] inputs = new float[2 * S * len];
        SpikeTrains ev = SyntheticShards.events(sim, T, S);
        for (int e = 0; e < ev.size(); e++) {
            int t = (int) ev.timesMs()[e] - start;
            if (t >= 0 && t < len) {
                inputs[ev.channels()[e] * len + t] = 1f;
            }
        }
        assertArrayEquals(inputs, w.inputs());
    }

    @Test
    void windowAroundKnownSpikeHasOneInItsFloorBin() {
        Path file = SyntheticShards.write(dir, 0, T, S, 0);
        try (ShardReader r = ShardReader.open(file)) {
            Window w = r.readWindow(0, 90, 20); // spike at 97.3 ms
            for (int t = 0; t < 20; t++) {
                assertEquals(t == 7 ? 1f : 0f, w.target(w.spikeRow(), t));
            }
        }
    }

    @Test
    void windowOutsideSimulationIsRejected() {
        Path file = SyntheticShards.write(dir, 0, T, S, 0);
        try (ShardReader r = ShardReader.open(file)) {
            assertThrows(IllegalArgumentException.class, () -> r.readWindow(0, T - 10, 11));
            assertThrows(IllegalArgumentException.class, () -> r.readWindow(1, 0, 10));
        }
    }

    @Test
    void truncatedShardFailsAtOpenNamingTheFile() throws IOException {
        Path file = SyntheticShards.write(dir, 0, T, S, 0, 1);
        Path cut = SyntheticShards.truncatedCopy(file, dir.resolve("cut.h5"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> ShardReader.open(cut));
        assertEquals(cut, e.file());
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void garbageFileFailsAtOpenNamingTheFile() throws IOException {
        Path junk = SyntheticShards.garbage(dir.resolve("junk.h5"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> ShardReader.open(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
    }

    @Test
    void shardOfAnotherModelIsRejected() {
        Path file = SyntheticShards.write(dir, 0, T, S, 0);
        DataFormatException e = assertThrows(DataFormatException.class, () -> ShardReader.open(file, "other"));
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
    }
}
