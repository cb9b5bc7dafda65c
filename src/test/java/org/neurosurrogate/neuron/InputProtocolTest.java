package org.neurosurrogate.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.NeuroSurrogateException;

class InputProtocolTest {

    private static final int T = 6000;
    private static final InputProtocol P = InputProtocol.BENIAGUEV_2021;

    /**
     * A synthetic table shaped like the built-in L5PC: 262 basal then 377 apical segments, lengths spread
     * over 1.75–37.6 µm and scaled to the cell's tree totals (5133.49 µm and 7440.91 µm, mean ≈ 19.7 µm).
     * Apical segments carry all three non-basal region labels.
     */
    static SegmentTable l5pcLike() {
        int nb = 262;
        int na = 377;
        int n = nb + na;
        SplittableRandom r = new SplittableRandom(7);
        double[] length = new double[n];
        double sb = 0;
        double sa = 0;
        for (int i = 0; i < n; i++) {
            length[i] = 1.75 + 35.8 * r.nextDouble();
            if (i < nb) {
                sb += length[i];
            } else {
                sa += length[i];
            }
        }
        String[] section = new String[n];
        Region[] region = new Region[n];
        double[] x = new double[n];
        double[] distance = new double[n];
        double[] diam = new double[n];
        double[][] centre = new double[n][3];
        Region[] apical = {Region.APICAL_TRUNK, Region.OBLIQUE, Region.TUFT};
        for (int i = 0; i < n; i++) {
            boolean b = i < nb;
            length[i] *= b ? 5133.49 / sb : 7440.91 / sa;
            section[i] = b ? "dend[" + i / 3 + "]" : "apic[" + (i - nb) / 3 + "]";
            region[i] = b ? Region.BASAL : apical[i % 3];
            x[i] = 0.5;
            distance[i] = i;
            diam[i] = 1;
        }
        return new SegmentTable(section, x, distance, region, diam, length, centre);
    }

    private static final SegmentTable CELL = l5pcLike();

    @Test
    void syntheticCellLooksLikeTheL5pc() {
        assertEquals(639, CELL.size());
        assertEquals(262, CELL.countByRegion().get(Region.BASAL));
        assertEquals(19.68, CELL.totalLength() / CELL.size(), 0.01);
    }

    @Test
    void sameSeedGivesIdenticalTrainsAndDifferentSeedsDiffer() {
        SpikeTrains a = P.generate(CELL, T, 42);
        SpikeTrains b = P.generate(CELL, T, 42);
        SpikeTrains c = P.generate(CELL, T, 43);
        assertArrayEquals(a.timesMs(), b.timesMs());
        assertArrayEquals(a.channels(), b.channels());
        assertEquals(2 * CELL.size(), a.channelCount());
        assertTrue(a.size() > 0);
        assertFalse(a.size() == c.size() && Arrays.equals(a.timesMs(), c.timesMs())
                && Arrays.equals(a.channels(), c.channels()));
    }

    @Test
    void simulationSeedsAreDistinctAndStable() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(InputProtocol.simulationSeed(2021L, i)), "collision at " + i);
        }
        assertEquals(InputProtocol.simulationSeed(2021L, 17), InputProtocol.simulationSeed(2021L, 17));
        assertTrue(InputProtocol.simulationSeed(1L, 0) != InputProtocol.simulationSeed(2L, 0));
        // Pinned values: the seed derivation is part of the data-set format.
        assertEquals(PINNED_0, InputProtocol.simulationSeed(2021L, 0));
        assertEquals(PINNED_127, InputProtocol.simulationSeed(2021L, 127));
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> InputProtocol.simulationSeed(1L, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    private static final long PINNED_0 = -4524075785766123731L;
    private static final long PINNED_127 = 2365469166570485734L;

    @Test
    void spikesAreWholeMillisecondsInRangeSortedAndAtMostOnePerChannelPerMs() {
        for (long seed = 0; seed < 5; seed++) {
            SpikeTrains s = P.generate(CELL, T, InputProtocol.simulationSeed(99, (int) seed));
            double[] t = s.timesMs();
            int[] c = s.channels();
            for (int e = 0; e < s.size(); e++) {
                assertEquals(Math.rint(t[e]), t[e]);
                assertTrue(t[e] >= 0 && t[e] < T, "time " + t[e]);
                assertTrue(c[e] >= 0 && c[e] < 2 * CELL.size());
                if (e > 0) {
                    // strictly increasing (time, channel): sorted and no channel twice in one ms
                    assertTrue(t[e] > t[e - 1] || (t[e] == t[e - 1] && c[e] > c[e - 1]), "event " + e);
                }
            }
        }
    }

    @Test
    void meanInputRatesMatchThePublishedTotals() {
        int sims = 40;
        long exc = 0;
        long inh = 0;
        int n = CELL.size();
        for (int i = 0; i < sims; i++) {
            SpikeTrains s = P.generate(CELL, T, InputProtocol.simulationSeed(2021L, i));
            exc += s.countChannels(0, n);
            inh += s.countChannels(n, 2 * n);
        }
        double seconds = sims * T / 1000.0;
        double excHz = exc / seconds;
        double inhHz = inh / seconds;
        System.out.printf("InputProtocol: mean input over %d x 6 s: %.0f exc/s, %.0f inh/s%n", sims, excHz, inhHz);
        // Published ≈ 8000 / 6250 per second, less a few % for the edge sag; measured 7400-8100 / 5600-6400.
        assertTrue(excHz > 7000 && excHz < 8600, "excitatory " + excHz + " /s");
        assertTrue(inhHz > 5300 && inhHz < 6800, "inhibitory " + inhHz + " /s");
    }

    @Test
    void eachTreeGetsItsOwnTotalsAndEveryNonBasalRegionIsApical() {
        // One 6-s interval, (almost) no smoothing: expected spikes per tree = its E (or I) per 100 ms x 60.
        InputProtocol flat = InputProtocol.builder()
                .rateChangeIntervalChoicesMs(List.of(T)).rateChangeJitterMs(0)
                .smoothingSigmaChoicesMs(List.of(1)).smoothingJitterMs(0).kernelLengthSigmas(1).build();
        int n = CELL.size();
        int nb = 262;
        for (long seed = 1; seed <= 4; seed++) {
            ProtocolSampler.Draws[] d = new ProtocolSampler.Draws[1];
            SpikeTrains s = ProtocolSampler.run(flat, CELL, T, seed, d);
            assertEquals(T, d[0].intervalMs());
            assertEquals(1, d[0].sigmaMs());
            assertEquals(1, d[0].excBasal().length);
            assertClose(d[0].excBasal()[0] * 60, s.countChannels(0, nb), "basal exc seed " + seed);
            assertClose(d[0].excApical()[0] * 60, s.countChannels(nb, n), "apical exc seed " + seed);
            assertClose(d[0].inhBasal()[0] * 60, s.countChannels(n, n + nb), "basal inh seed " + seed);
            assertClose(d[0].inhApical()[0] * 60, s.countChannels(n + nb, 2 * n), "apical inh seed " + seed);
            double e = d[0].excBasal()[0];
            double i = d[0].inhBasal()[0];
            assertTrue(i >= Math.max(0, e - 600) && i <= e + 200, "I " + i + " for E " + e);
        }
    }

    private static void assertClose(double expected, int actual, String what) {
        // Poisson-like noise, the multiplier spread and the < 1 % edge loss of the two-bin kernel.
        double tol = 6 * Math.sqrt(expected) + 0.05 * expected + 5;
        assertTrue(Math.abs(actual - expected) < tol, what + ": " + actual + " vs expected " + expected);
    }

    @Test
    void intervalSmoothingEqualsDirectSameConvolution() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] cfg : new int[][] {{100, 7, 10}, {95, 13, 4}, {60, 25, 6}, {37, 2, 40}}) {
            int len = cfg[0];
            int interval = cfg[1];
            int sigma = cfg[2];
            int m = 7 * sigma + 1;
            int c = (m - 1) / 2;
            int k = (len + interval - 1) / interval;
            double[] v = new double[k];
            double[] x = new double[len];
            for (int j = 0; j < k; j++) {
                v[j] = r.nextDouble();
                for (int t = j * interval; t < Math.min(len, (j + 1) * interval); t++) {
                    x[t] = v[j];
                }
            }
            double[] g = new double[m];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double z = (i - (m - 1) / 2.0) / sigma;
                g[i] = Math.exp(-0.5 * z * z);
                sum += g[i];
            }
            double[] cum = ProtocolSampler.cumulativeKernel(m, sigma);
            for (int t = 0; t < len; t++) {
                double direct = 0;
                for (int i = 0; i < m; i++) {
                    int j = t + c - i;
                    if (j >= 0 && j < len) {
                        direct += g[i] / sum * x[j];
                    }
                }
                double viaBoxes = 0;
                for (int j = 0; j < k; j++) {
                    int a = j * interval;
                    double[] box = ProtocolSampler.boxResponse(cum, Math.min(len, a + interval) - a);
                    int u = t - a + c;
                    if (u >= 0 && u < box.length) {
                        viaBoxes += v[j] * box[u];
                    }
                }
                assertEquals(direct, viaBoxes, 1e-12, "cfg " + Arrays.toString(cfg) + " t " + t);
            }
        }
    }

    @Test
    void invalidParametersNameTheParameterAndItsRange() {
        assertError("excitatory_max_per_100ms -5 out of range [0, 10000]",
                () -> InputProtocol.builder().excitatoryMaxPer100ms(-5).build());
        assertError("excitatory_max_per_100ms 100 out of range [200, 10000]",
                () -> InputProtocol.builder().excitatoryMinPer100ms(200).excitatoryMaxPer100ms(100).build());
        assertError("rate_change_jitter_ms 25 out of range [0, 24]",
                () -> InputProtocol.builder().rateChangeJitterMs(25).build());
        assertError("smoothing_jitter_ms -1 out of range [0, 24]",
                () -> InputProtocol.builder().smoothingJitterMs(-1).build());
        assertError("rate_change_interval_choices_ms entry 0 out of range [1, 100000]",
                () -> InputProtocol.builder().rateChangeIntervalChoicesMs(List.of(30, 0)).build());
        assertError("smoothing_sigma_choices_ms is empty",
                () -> InputProtocol.builder().smoothingSigmaChoicesMs(List.of()).build());
        assertError("multiplier_max 0.4 out of range [0.5, 100]",
                () -> InputProtocol.builder().multiplierMax(0.4).build());
        assertError("length_offset_um NaN out of range [0, 1000]",
                () -> InputProtocol.builder().lengthOffsetUm(Double.NaN).build());
        assertError("inhibitory_minus_excitatory_max_per_100ms -10 out of range [0, 10000]",
                () -> InputProtocol.builder().inhibitoryMinusExcitatoryMaxPer100ms(-10).build());
        assertError("kernel_length_sigmas 0 out of range [1, 20]",
                () -> InputProtocol.builder().kernelLengthSigmas(0).build());
        assertError("duration_ms 0 out of range", () -> P.generate(CELL, 0, 1));
    }

    private static void assertError(String expectedStart, Supplier<?> action) {
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, action::get);
        assertTrue(e.getMessage().startsWith(expectedStart), "message: " + e.getMessage());
    }

    @Test
    void publishedDefaults() {
        Map<String, Object> m = P.toMap();
        assertEquals(InputProtocol.PARAMETER_NAMES, List.copyOf(m.keySet()));
        assertEquals(List.of(25, 30, 35, 40, 45, 55, 60, 65, 70, 75, 80, 85, 90, 100, 150, 200, 300, 450),
                m.get("rate_change_interval_choices_ms"));
        assertEquals(List.of(25, 30, 35, 40, 50, 60, 80, 100, 150, 200, 300, 400, 500, 600),
                m.get("smoothing_sigma_choices_ms"));
        assertEquals(20, m.get("rate_change_jitter_ms"));
        assertEquals(20, m.get("smoothing_jitter_ms"));
        assertEquals(0.0, m.get("excitatory_min_per_100ms"));
        assertEquals(800.0, m.get("excitatory_max_per_100ms"));
        assertEquals(-600.0, m.get("inhibitory_minus_excitatory_min_per_100ms"));
        assertEquals(200.0, m.get("inhibitory_minus_excitatory_max_per_100ms"));
        assertEquals(10.0, m.get("length_offset_um"));
        assertEquals(0.5, m.get("multiplier_min"));
        assertEquals(1.5, m.get("multiplier_max"));
        assertEquals(7, m.get("kernel_length_sigmas"));
        assertEquals(P, InputProtocol.builder().build());
    }

    @Test
    void toMapFromMapRoundTripIncludingJson() throws Exception {
        InputProtocol custom = InputProtocol.builder().excitatoryMaxPer100ms(1900).multiplierMin(0.75)
                .rateChangeIntervalChoicesMs(List.of(50, 100)).smoothingJitterMs(5).build();
        assertEquals(custom, InputProtocol.fromMap(custom.toMap()));
        assertEquals(P, InputProtocol.fromMap(P.toMap()));
        assertEquals(P, InputProtocol.fromMap(Map.of()));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(custom.toMap());
        Map<String, Object> back = json.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        assertEquals(custom, InputProtocol.fromMap(back));
        assertThrows(UnsupportedOperationException.class, () -> custom.toMap().put("x", 1));
    }

    @Test
    void fromMapRejectsUnknownKeysAndWrongTypes() {
        Map<String, Object> m = new HashMap<>(P.toMap());
        m.put("excitatory_max_per_100_ms", 700);
        assertError("unknown input-protocol parameter 'excitatory_max_per_100_ms'", () -> InputProtocol.fromMap(m));
        assertError("rate_change_jitter_ms must be a whole number",
                () -> InputProtocol.fromMap(Map.of("rate_change_jitter_ms", 2.5)));
        assertError("multiplier_max must be a number",
                () -> InputProtocol.fromMap(Map.of("multiplier_max", "1.5")));
        assertError("smoothing_sigma_choices_ms must be a list",
                () -> InputProtocol.fromMap(Map.of("smoothing_sigma_choices_ms", 30)));
        assertError("excitatory_max_per_100ms -5 out of range [0, 10000]",
                () -> InputProtocol.fromMap(Map.of("excitatory_max_per_100ms", -5)));
    }

    @Test
    void volleysAddSynchronousExcitationOnTopOfThePublishedTrainsAndAreOffByDefault() {
        assertFalse(P.hasVolleys());
        assertEquals(InputProtocol.PARAMETER_NAMES, List.copyOf(P.toMap().keySet())); // manifests unchanged
        InputProtocol v = P.toBuilder().volleysPerSecond(50).volleySynapses(30).build();
        assertEquals(v, InputProtocol.fromMap(v.toMap()));
        assertEquals(50.0, v.toMap().get(InputProtocol.VOLLEYS_PER_S));
        long seed = InputProtocol.simulationSeed(3, 1);
        SpikeTrains plain = P.generate(CELL, T, seed);
        SpikeTrains with = v.generate(CELL, T, seed);
        Set<Long> plainEvents = new HashSet<>();
        for (int e = 0; e < plain.size(); e++) {
            plainEvents.add((long) plain.timesMs()[e] * 10_000 + plain.channels()[e]);
        }
        Set<Long> withEvents = new HashSet<>();
        int[] extraPerBin = new int[T];
        for (int e = 0; e < with.size(); e++) {
            long key = (long) with.timesMs()[e] * 10_000 + with.channels()[e];
            assertTrue(withEvents.add(key), "at most one spike per synapse per ms");
            if (e > 0) {
                assertTrue(with.timesMs()[e] > with.timesMs()[e - 1] || with.channels()[e] > with.channels()[e - 1]);
            }
            if (!plainEvents.contains(key)) {
                assertTrue(with.channels()[e] < CELL.size(), "volleys are excitatory");
                extraPerBin[(int) with.timesMs()[e]]++;
            }
        }
        assertTrue(withEvents.containsAll(plainEvents), "the published trains are kept as they are");
        int volleys = 0;
        for (int t = 0; t < T; t++) {
            if (extraPerBin[t] > 0) {
                volleys++;
                assertTrue(extraPerBin[t] >= 25 && extraPerBin[t] <= 30, "bin " + t + ": " + extraPerBin[t]);
            }
        }
        assertTrue(volleys > 250 && volleys < 350, "about 50/s over 6 s, got " + volleys);
        assertEquals(with.size(), v.generate(CELL, T, seed).size(), "deterministic");
        assertError("volley_synapses 640 exceeds the cell's 639 excitatory synapses",
                () -> v.toBuilder().volleySynapses(640).build().generate(CELL, T, seed));
        assertError("volleys_per_s 2000 out of range [0, 1000]",
                () -> InputProtocol.fromMap(Map.of("volleys_per_s", 2000)));
    }

    @Test
    void volleyFractionGivesSomeSimulationsTheVolleyTrainsAndTheRestThePublishedOnes() {
        InputProtocol all = P.toBuilder().volleysPerSecond(20).build();
        InputProtocol half = all.toBuilder().volleyFraction(0.5).build();
        assertFalse(all.toMap().containsKey(InputProtocol.VOLLEY_FRACTION),
                "volley manifests made before it unchanged");
        assertEquals(0.5, half.toMap().get(InputProtocol.VOLLEY_FRACTION));
        assertEquals(half, InputProtocol.fromMap(half.toMap()));
        int withVolleys = 0;
        int sims = 40;
        for (int i = 0; i < sims; i++) {
            long seed = InputProtocol.simulationSeed(11, i);
            SpikeTrains mixed = half.generate(CELL, 1000, seed);
            SpikeTrains volleyed = all.generate(CELL, 1000, seed);
            SpikeTrains plain = P.generate(CELL, 1000, seed);
            boolean isVolleyed = sameTrains(mixed, volleyed);
            assertTrue(isVolleyed != sameTrains(mixed, plain), "simulation " + i + " is one kind or the other");
            withVolleys += isVolleyed ? 1 : 0;
            assertTrue(sameTrains(mixed, half.generate(CELL, 1000, seed)), "deterministic");
        }
        assertTrue(withVolleys > 10 && withVolleys < 30, "about half of " + sims + ", got " + withVolleys);
        assertTrue(sameTrains(P.generate(CELL, 1000, 5),
                all.toBuilder().volleyFraction(0).build().generate(CELL, 1000, 5)));
        assertError("volley_fraction 1.5 out of range [0, 1]",
                () -> InputProtocol.fromMap(Map.of("volleys_per_s", 20, "volley_fraction", 1.5)));
    }

    private static boolean sameTrains(SpikeTrains a, SpikeTrains b) {
        return Arrays.equals(a.timesMs(), b.timesMs()) && Arrays.equals(a.channels(), b.channels());
    }

    @Test
    void timing() {
        for (int i = 0; i < 5; i++) {
            P.generate(CELL, T, i); // warm-up
        }
        int runs = 30;
        long worst = 0;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            P.generate(CELL, T, InputProtocol.simulationSeed(5, i));
            worst = Math.max(worst, System.nanoTime() - t0);
        }
        double mean = (System.nanoTime() - start) / 1e6 / runs;
        InputProtocol heavy = InputProtocol.builder().rateChangeIntervalChoicesMs(List.of(6)).rateChangeJitterMs(0)
                .smoothingSigmaChoicesMs(List.of(619)).smoothingJitterMs(0).build();
        long t0 = System.nanoTime();
        heavy.generate(CELL, T, 1);
        double heavyMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("InputProtocol: 639 segments x 6 s: mean %.1f ms, worst %.1f ms per generation over %d"
                + " seeds; worst-case draw (interval 6 ms, sigma 619 ms) %.1f ms%n", mean, worst / 1e6, runs, heavyMs);
    }
}
