package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;

class BalancedWindowSamplerTest {
    static final int T = ShardReaderTest.T;
    static final int S = ShardReaderTest.S;
    static final int[] SIMS = {0, 1, 2, 3, 4, 5};

    @TempDir
    Path dir;

    @BeforeEach
    void writeShards() {
        SyntheticShards.write(dir, 0, T, S, 0, 1, 2);
        SyntheticShards.write(dir, 1, T, S, 3, 4);
        SyntheticShards.write(dir, 2, T, S, 5);
    }

    private BalancedWindowSampler.Builder builder(DatasetReader r) {
        // scored part 200 ms < the 250-ms spike interval, so both classes exist (about 4 in 5 starts spike)
        return BalancedWindowSampler.builder(r, SIMS).setWindowMs(300).optScoredFromMs(100).optSeed(42)
                .optWarnings(w -> { });
    }

    @Test
    void spikeFractionOfTenThousandWindowsIsWithinTwoPercentOfOneThird() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            BalancedWindowSampler sampler = builder(r).build();
            int withSpike = 0;
            int n = 10_000;
            for (int i = 0; i < n; i++) {
                // judged from the window's own spike row, not from the sampler's label
                withSpike += sampler.nextWindow().hasSpikeFrom(sampler.scoredFromMs()) ? 1 : 0;
            }
            double fraction = (double) withSpike / n;
            System.out.printf("balanced sampler: spike fraction %.4f over %d windows (setting 1/3)%n", fraction, n);
            assertEquals(1.0 / 3, fraction, 0.02);
        }
    }

    @Test
    void otherFractionsAreHonouredToo() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            for (double f : new double[] {0.1, 0.5, 0.9}) {
                BalancedWindowSampler sampler = builder(r).optSpikeFraction(f).build();
                int withSpike = 0;
                for (int i = 0; i < 10_000; i++) {
                    withSpike += sampler.next().spiking() ? 1 : 0;
                }
                assertEquals(f, withSpike / 10_000.0, 0.02);
            }
        }
    }

    @Test
    void drawLabelAgreesWithWindowContent() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            BalancedWindowSampler sampler = builder(r).build();
            for (int i = 0; i < 500; i++) {
                BalancedWindowSampler.Draw d = sampler.next();
                Window w = r.readWindow(d.simulation(), d.startMs(), 300);
                assertEquals(d.spiking(), w.hasSpikeFrom(100), d.toString());
            }
        }
    }

    @Test
    void noScoredStepFallsInTheBurnInAndWindowsFit() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            for (int scoredFrom : new int[] {0, 100, 299}) {
                BalancedWindowSampler sampler = builder(r).optScoredFromMs(scoredFrom).build();
                int earliestScored = Integer.MAX_VALUE;
                for (int i = 0; i < 10_000; i++) {
                    BalancedWindowSampler.Draw d = sampler.next();
                    earliestScored = Math.min(earliestScored, d.startMs() + scoredFrom);
                    assertTrue(d.startMs() + 300 <= T, d.toString());
                }
                assertTrue(earliestScored >= 500, "scored step at " + earliestScored + " ms");
                assertTrue(earliestScored < 510, "the burn-in edge is never drawn: " + earliestScored);
            }
        }
    }

    @Test
    void startCountsMatchBruteForceClassification() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            for (int scoredFrom : new int[] {0, 100, 250}) {
                BalancedWindowSampler sampler = builder(r).optScoredFromMs(scoredFrom).build();
                long spiking = 0;
                long quiet = 0;
                for (int sim : SIMS) {
                    for (int s = Math.max(0, 500 - scoredFrom); s + 300 <= T; s++) {
                        boolean spike = false;
                        for (double t : SyntheticShards.spikes(sim, T)) {
                            spike |= Math.floor(t) >= s + scoredFrom && Math.floor(t) < s + 300;
                        }
                        if (spike) {
                            spiking++;
                        } else {
                            quiet++;
                        }
                    }
                }
                assertEquals(spiking, sampler.spikingStarts(), "scored from " + scoredFrom);
                assertEquals(quiet, sampler.quietStarts(), "scored from " + scoredFrom);
            }
        }
    }

    @Test
    void sameSeedGivesSameDrawsAndAnotherSeedOthers() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            List<BalancedWindowSampler.Draw> a = draws(builder(r).optSeed(7).build(), 200);
            assertEquals(a, draws(builder(r).optSeed(7).build(), 200));
            assertNotEquals(a, draws(builder(r).optSeed(8).build(), 200));
        }
    }

    private static List<BalancedWindowSampler.Draw> draws(BalancedWindowSampler s, int n) {
        List<BalancedWindowSampler.Draw> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next());
        }
        return out;
    }

    @Test
    void onlySpikeFreeWindowsExistSoAllDrawsAreSpikeFreeWithOneWarning() {
        // one spiking simulation in the shard too (the writer on this branch cannot write a shard without spikes)
        SyntheticShards.write(dir, 3, T, S, SyntheticShards.SILENT_FROM, SyntheticShards.SILENT_FROM + 1, 6);
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            List<String> warnings = new ArrayList<>();
            BalancedWindowSampler sampler = BalancedWindowSampler.builder(r,
                    new int[] {SyntheticShards.SILENT_FROM, SyntheticShards.SILENT_FROM + 1})
                    .setWindowMs(300).optWarnings(warnings::add).build();
            for (int i = 0; i < 1000; i++) {
                assertTrue(!sampler.next().spiking());
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("no spiking windows"), warnings.get(0));
        }
    }

    @Test
    void onlySpikingWindowsExistSoAllDrawsSpikeWithOneWarning() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            List<String> warnings = new ArrayList<>();
            // every 300-ms scored part holds one of the spikes that come every 250 ms
            BalancedWindowSampler sampler = BalancedWindowSampler.builder(r, SIMS).setWindowMs(300)
                    .optWarnings(warnings::add).build();
            for (int i = 0; i < 1000; i++) {
                assertTrue(sampler.next().spiking());
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("no spike-free windows"), warnings.get(0));
        }
    }

    @Test
    void windowsThatCannotFitAreANamedError() {
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                    () -> BalancedWindowSampler.builder(r, SIMS).setWindowMs(1800).optWarnings(w -> { }).build());
            assertTrue(e.getMessage().contains("no valid window"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> BalancedWindowSampler.builder(r, SIMS).setWindowMs(300).optScoredFromMs(300).build());
        }
    }
}
