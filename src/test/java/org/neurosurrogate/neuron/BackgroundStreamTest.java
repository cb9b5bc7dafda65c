package org.neurosurrogate.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Streamed background trains equal the whole-run trains, and their state does not grow with the duration. */
class BackgroundStreamTest {
    static final SegmentTable CELL = InputProtocolTest.l5pcLike();

    /** The stream's spikes, taken in steps of {@code step} ms, as (times, channels). */
    static SpikeTrains streamed(BackgroundStream s, int duration, int step) {
        List<Double> times = new ArrayList<>();
        List<Integer> channels = new ArrayList<>();
        for (int t = 0; t < duration; t += step) {
            s.next(t + step, (ms, ch) -> {
                times.add((double) ms);
                channels.add(ch);
            });
        }
        return new SpikeTrains(times.stream().mapToDouble(Double::doubleValue).toArray(),
                channels.stream().mapToInt(Integer::intValue).toArray(), 2 * CELL.size());
    }

    static void assertSame(SpikeTrains whole, SpikeTrains streamed, String what) {
        assertTrue(whole.size() > 0, what + ": no spikes to compare");
        assertArrayEquals(whole.timesMs(), streamed.timesMs(), what);
        assertArrayEquals(whole.channels(), streamed.channels(), what);
    }

    @Test
    void protocolStreamGivesTheGeneratorsSpikesWhateverTheStep() {
        InputProtocol p = InputProtocol.BENIAGUEV_2021;
        for (long seed : new long[] {1, 77, InputProtocol.simulationSeed(5, 3)}) {
            for (int duration : new int[] {1, 37, 1500}) {
                SpikeTrains whole = duration == 1 ? null : p.generate(CELL, duration, seed);
                for (int step : new int[] {1, 3, 10}) {
                    SpikeTrains s = streamed(p.stream(CELL, duration, seed), duration, step);
                    if (whole != null) {
                        assertSame(whole, s, "seed " + seed + ", " + duration + " ms, steps of " + step);
                    } else {
                        assertArrayEquals(p.generate(CELL, 1, seed).channels(), s.channels());
                    }
                }
            }
        }
    }

    @Test
    void protocolStreamWithVolleysGivesTheGeneratorsSpikes() {
        InputProtocol all = InputProtocol.BENIAGUEV_2021.toBuilder().volleysPerSecond(60).volleySynapses(20).build();
        InputProtocol half = all.toBuilder().volleyFraction(0.5).build();
        for (InputProtocol p : new InputProtocol[] {all, half}) {
            for (long seed = 1; seed <= 4; seed++) {
                assertSame(p.generate(CELL, 700, seed), streamed(p.stream(CELL, 700, seed), 700, 5),
                        "volleys " + p.volleyFraction() + ", seed " + seed);
            }
        }
    }

    @Test
    void aStreamDrawnAheadInChunksGivesTheSameSpikes() {
        InputProtocol p = InputProtocol.BENIAGUEV_2021;
        for (int[] c : new int[][] {{25, 2}, {25, 30}, {7, 3}, {1, 1}}) {
            assertSame(p.generate(CELL, 400, 11), streamed(p.stream(CELL, 400, 11).ahead(c[0]), 400, c[1]),
                    "chunks of " + c[0] + " ms, steps of " + c[1]);
        }
    }

    @Test
    void poissonStreamGivesTheGeneratorsSpikes() {
        PoissonDrive d = new PoissonDrive(2000, 800);
        assertSame(d.generate(CELL, 300, 9), streamed(d.stream(CELL, 300, 9), 300, 7), "poisson");
    }

    @Test
    void aStreamsStateDoesNotGrowWithTheDuration() {
        // the first draws (interval, smoothing) do not depend on the duration: the same seed, 10× longer, over
        // the first 2 s (far enough from either end for the smoothing kernel not to reach past it)
        for (long seed = 1; seed <= 5; seed++) {
            long[] most = new long[2];
            int[] durations = {20_000, 200_000};
            for (int i = 0; i < 2; i++) {
                BackgroundStream s = InputProtocol.BENIAGUEV_2021.stream(CELL, durations[i], seed);
                for (int t = 0; t < 2000; t += 10) {
                    s.next(t + 10, (ms, ch) -> { });
                    most[i] = Math.max(most[i], s.stateBytes());
                }
            }
            assertEquals(most[0], most[1], "seed " + seed);
            assertTrue(most[0] < 32L << 20, "seed " + seed + ": " + most[0] + " bytes");
        }
    }
}
