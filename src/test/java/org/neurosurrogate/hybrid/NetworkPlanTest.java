package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;

class NetworkPlanTest {
    @TempDir
    Path dir;

    /** 6 segments: basal at 20, 60, 100 µm; tuft at 140, 180, 220 µm. */
    static final SegmentTable TABLE = HandWiredSurrogateTest.table(6);

    NetworkSpec spec(String json) throws Exception {
        Path f = dir.resolve("net.json");
        Files.writeString(f, json.replace("MODEL", NetworkSpecTest.MODEL));
        return NetworkSpec.load(f, TestSupport.home());
    }

    NetworkSpec ring(double delay, String extra) throws Exception {
        return spec("""
                {"seed": 9, "duration_ms": 100, %s
                 "populations": [{"name": "p", "model": "MODEL", "count": 20,
                                  "surrogate": {"path": "s", "fraction": 0.9}}],
                 "connections": [
                   {"from": "p", "to": "p", "in_degree": 3, "synapse": "excitatory", "delay_ms": %s, "region": "tuft",
                    "contacts": 2},
                   {"from": "p", "to": "p", "probability": 0.2, "synapse": "inhibitory", "delay_ms": 6,
                    "distance_um": [0, 70]}]}
                """.formatted(extra, delay));
    }

    static NetworkPlan plan(NetworkSpec s, boolean allDetailed) {
        return NetworkPlan.of(s, List.of(TABLE), allDetailed);
    }

    @Test
    void connectionsFollowTheirRules() throws Exception {
        NetworkPlan p = plan(ring(5, ""), false);
        int[] inDegree = new int[20];
        for (NetworkPlan.Connection c : p.connections()) {
            assertNotEquals(c.source(), c.target(), "no autapses unless asked");
            if (c.rule() == 0) {
                inDegree[c.target()]++;
                int seg = c.channel();
                assertTrue(seg < 6 && TABLE.region()[seg] == Region.TUFT, "excitatory, tuft: channel " + c.channel());
                assertEquals(5, c.delayMs());
            } else {
                int seg = c.channel() - 6;
                assertTrue(seg >= 0 && TABLE.distance()[seg] <= 70, "inhibitory, ≤ 70 µm: channel " + c.channel());
            }
        }
        for (int d : inDegree) {
            assertEquals(3 * 2, d, "3 sources, 2 contacts each");
        }
        long inhibitory = p.connections().stream().filter(c -> c.rule() == 1).count();
        assertTrue(inhibitory > 40 && inhibitory < 110, "about 0.2 · 20 · 19 = 76: " + inhibitory);
        assertEquals(18, p.surrogateCount(), "round(0.9 · 20)");
    }

    @Test
    void theSameSeedGivesTheSameNetworkWhateverRunsAsSurrogate() throws Exception {
        NetworkPlan hybrid = plan(ring(5, ""), false);
        NetworkPlan detailed = plan(ring(5, ""), true);
        assertEquals(hybrid.connections(), detailed.connections());
        assertEquals(0, detailed.surrogateCount());
        assertEquals(hybrid.backgroundSeed(7), detailed.backgroundSeed(7));
        NetworkPlan other = plan(ring(5, "").toString().isEmpty() ? null : spec(Files.readString(dir.resolve("net.json"))
                .replace("\"seed\": 9", "\"seed\": 10")), false);
        assertNotEquals(hybrid.connections(), other.connections());
    }

    @Test
    void theIntervalIsTheLargestWholeMillisecondTheDelaysOutOfSurrogatesAllow() throws Exception {
        NetworkPlan overlapped = plan(ring(5, ""), false);
        assertEquals(2, overlapped.lagIntervals(), "steps overlap NEURON where the delays allow");
        assertEquals(2, overlapped.intervalMs(), "2 · 2 + dt ≤ 5 < 2 · 3 + dt");
        assertEquals(2, plan(ring(4.025, ""), false).intervalMs());
        NetworkPlan serial = plan(ring(5, "\"overlap\": false,"), false);
        assertEquals(1, serial.lagIntervals());
        assertEquals(4, serial.intervalMs(), "4 + dt ≤ 5 < 5 + dt");
        assertEquals(1, plan(ring(1.5, ""), false).lagIntervals(), "no Δ ≥ 1 overlaps under 2 + dt: serial");
        assertEquals(1, plan(ring(1.5, ""), false).intervalMs());
        assertEquals(NetworkPlan.MAX_DEFAULT_INTERVAL_MS, plan(ring(3, ""), true).intervalMs(),
                "all-detailed: no surrogate limits it");
    }

    @Test
    void refusesDelaysShorterThanTheSynchronisationAllowsNamingTheMinimum() throws Exception {
        String m = assertThrows(NeuroSurrogateException.class, () -> plan(ring(1.0, ""), false)).getMessage();
        assertTrue(m.contains("connections[0] (p → p): delay_ms 1.0 is shorter than the synchronisation allows")
                && m.contains("delay_ms ≥ 1.025"), m);
        m = assertThrows(NeuroSurrogateException.class, () -> plan(ring(5, "\"interval_ms\": 5,"), false)).getMessage();
        assertTrue(m.contains("delay_ms ≥ 5.025") && m.contains("lower interval_ms"), m);
        m = assertThrows(NeuroSurrogateException.class, () -> plan(ring(3, "\"overlap\": true, \"interval_ms\": 2,"),
                false)).getMessage();
        assertTrue(m.contains("delay_ms ≥ 4.025 (2 × interval_ms 2 + dt 0.025)") && m.contains("\"overlap\": false"), m);
    }

    @Test
    void refusesATargetRegionTheModelLacks() throws Exception {
        NetworkSpec s = spec("""
                {"duration_ms": 100, "populations": [{"name": "p", "model": "MODEL", "count": 2}],
                 "connections": [{"from": "p", "to": "p", "in_degree": 1, "synapse": "excitatory", "delay_ms": 2,
                                  "region": "oblique"}]}
                """);
        String m = assertThrows(NeuroSurrogateException.class, () -> plan(s, false)).getMessage();
        assertTrue(m.contains("has no recorded segment in region 'oblique'"), m);
    }

    @Test
    void aSurrogateOnlyNetworkIsTheSameNetworkWithEveryCellASurrogate() throws Exception {
        NetworkSpec hybrid = ring(5, "");
        NetworkSpec only = hybrid.allSurrogates("--surrogate-only");
        assertTrue(only.surrogateOnly() && !hybrid.surrogateOnly());
        assertEquals(20, plan(only, false).surrogateCount());
        // nothing for the steps to overlap with: K = 1, so Δ can be as long as the delay allows (5 − dt)
        assertEquals(2, plan(hybrid, false).lagIntervals());
        assertEquals(1, plan(only, false).lagIntervals());
        assertEquals(4, plan(only, false).intervalMs());
        assertEquals(plan(hybrid, false).connections(), plan(only, false).connections());
        NetworkSpec none = spec(Files.readString(dir.resolve("net.json")).replaceAll(",\\s*\"surrogate\": \\{[^}]*\\}",
                ""));
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> none.allSurrogates("--surrogate-only"));
        assertTrue(e.getMessage().startsWith("--surrogate-only: population 'p' of ") && e.getMessage().contains(
                "has no surrogate"), e.getMessage());
    }

    @Test
    void anotherSurrogateTakesTheSameCellsAndNothingElseChanges() throws Exception {
        NetworkSpec hybrid = ring(5, "");
        Path other = dir.resolve("other-surrogate");
        NetworkSpec swapped = hybrid.withSurrogate(other, "--surrogates");
        assertEquals(other, swapped.populations().get(0).surrogate().path());
        assertEquals(plan(hybrid, false).cells(), plan(swapped, false).cells());
        assertEquals(plan(hybrid, false).connections(), plan(swapped, false).connections());
        NetworkSpec none = spec(Files.readString(dir.resolve("net.json")).replaceAll(",\\s*\"surrogate\": \\{[^}]*\\}",
                ""));
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> none.withSurrogate(other, "--surrogates"));
        assertTrue(e.getMessage().startsWith("--surrogates: no population of ") && e.getMessage().contains(
                "has a surrogate to replace"), e.getMessage());
    }

    @Test
    void ranksSplitTheSurrogatesAndTheDetailedCellsEvenlyAndEveryCellOnce() throws Exception {
        for (String fraction : new String[] {"0.9", "0.95", "0.5", "1"}) {
            ring(5, "");
            NetworkPlan p = plan(spec(Files.readString(dir.resolve("net.json")).replace("\"fraction\": 0.9", "\"fraction\": " + fraction)), false);
            for (int ranks : new int[] {1, 2, 3, 7}) {
                int[] seen = new int[20];
                int surrogates = p.surrogateCount();
                for (int r = 0; r < ranks; r++) {
                    List<NetworkPlan.Cell> mine = p.cellsOfRank(r, ranks);
                    long s = mine.stream().filter(NetworkPlan.Cell::surrogate).count();
                    long d = mine.size() - s;
                    assertTrue(s == surrogates / ranks || s == surrogates / ranks + 1,
                            fraction + ", " + ranks + " ranks: rank " + r + " has " + s + " of " + surrogates);
                    assertTrue(d == (20 - surrogates) / ranks || d == (20 - surrogates) / ranks + 1,
                            fraction + ", " + ranks + " ranks: rank " + r + " has " + d + " detailed");
                    mine.forEach(c -> seen[c.gid()]++);
                }
                for (int g = 0; g < 20; g++) {
                    assertEquals(1, seen[g], "gid " + g + " on exactly one rank");
                }
            }
        }
    }
}
