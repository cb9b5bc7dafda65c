package org.neurosurrogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.RandomSurrogate;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;

/**
 * {@code bench hybrid --scale} on two small ball-and-stick networks with two surrogates (the shipped LSTM and a TCN):
 * every run, the figures, 1 vs 2 ranks.
 */
class HybridScaleBenchmarkIT {
    static final String NETWORK = """
            {"name": "bs-COUNT", "seed": 3, "duration_ms": 150,
             "populations": [{"name": "pyr", "model": "MODEL", "count": COUNT,
                              "background": {"protocol": {}},
                              "surrogate": {"path": "builtin:ball-and-stick", "fraction": 0.75}}],
             "connections": [
               {"from": "pyr", "to": "pyr", "in_degree": 2, "contacts": 2, "synapse": "excitatory", "delay_ms": 4},
               {"from": "pyr", "to": "pyr", "in_degree": 2, "contacts": 2, "synapse": "inhibitory", "delay_ms": 4}]}
            """;

    @TempDir
    Path dir;

    Path network(int count) throws Exception {
        Path f = dir.resolve("bs-" + count + ".json");
        Files.writeString(f, NETWORK.replace("COUNT", Integer.toString(count))
                .replace("MODEL", TestSupport.home().resolve("examples/ball-and-stick").toString()));
        return f;
    }

    /** A TCN surrogate of the example cell with random weights: the other trunk. */
    Path tcnSurrogate() throws Exception {
        return RandomSurrogate.save(TestSupport.home().resolve("examples/ball-and-stick").toString(), Arch.MH,
                Hyper.builder().optChannels(8, 4).optKernel(5).optDilations(1, 2).optTowerUnits(4).build(),
                dir.resolve("bs-tcn"));
    }

    @Test
    void measuresEveryNetworkWithEachSurrogateHybridAndSurrogateOnlyAgainstNeuronAndChecksTheRanks()
            throws Exception {
        Path small = network(4);
        Path large = network(12);
        Path out = dir.resolve("scale");
        TestSupport.Result r = TestSupport.launcher(Map.of(), "bench", "hybrid", "--scale", "--networks",
                small + "," + large, "--surrogates", "builtin:ball-and-stick," + tcnSurrogate(), "--duration", "150",
                "--ranks-network", small.toString(), "--ranks-duration", "150", "--out", out.toString());
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        String s = r.stdout();
        assertTrue(s.contains("NEURON baseline: 1 detailed cell of bs-4"), s);
        for (String sur : new String[] {"ball-and-stick[lstm]", "bs-tcn[tcn]"}) {
            for (String row : new String[] {"| bs-4 | S | hybrid | 4 (3) |", "| bs-4 | S | surrogate-only | 4 (4) |",
                "| bs-12 | S | hybrid | 12 (9) |", "| bs-12 | S | surrogate-only | 12 (12) |"}) {
                assertTrue(s.contains(row.replace("S", sur)), row.replace("S", sur) + " in " + s);
            }
            assertTrue(s.contains(sur + " surrogate-only: growth exponent of wall per simulated s vs surrogate cells"),
                    s);
        }
        assertTrue(s.contains("ranks: bs-4 with ball-and-stick[lstm]"), s);
        assertTrue(s.contains("identical spike sets"), s);
        JsonNode doc = new ObjectMapper().readTree(out.resolve("scale.json").toFile());
        assertEquals(8, doc.get("runs").size());
        assertTrue(doc.get("growth").get("bs-tcn[tcn]").get("surrogate-only").get("wall_exponent").isNumber(),
                doc.toString());
        assertTrue(doc.get("neuron_cell_s_per_wall_s").asDouble() > 0);
        assertTrue(doc.get("ranks").get("identical").asBoolean());
        assertEquals(2, doc.get("ranks").get("two_ranks").get("ranks").asInt());
        assertTrue(Files.size(out.resolve("scale.png")) > 1000 && Files.size(out.resolve("scale.md")) > 100);
    }

    @Test
    void badFlagsAreOneLineAndExit2() throws Exception {
        String[][] cases = {
            {"--scale", "--networks", "nowhere.json", "--no-ranks"}, {"--networks: no network file nowhere.json"},
            {"--scale", "--sample", "0", "--no-ranks"}, {"--sample 0 must be between 1 and 100"},
            {"--scale", "--network", "x.json"}, {"bench hybrid --scale takes --networks"},
            {"--threads", "2"}, {"bench hybrid needs --network NET.json (or --scale)"},
            {"--scale", "--surrogates", "builtin:nope", "--no-ranks"}, {"unknown built-in surrogate 'builtin:nope'"},
            {"--scale", "--surrogates", "/tmp", "--no-ranks"}, {"--surrogates: /tmp is not a saved surrogate"},
            {"--network", "x.json", "--surrogates", "builtin:ball-and-stick,builtin:l5pc"},
            {"--surrogates: bench hybrid --network runs one surrogate"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = new String[cases[i].length + 2];
            args[0] = "bench";
            args[1] = "hybrid";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            TestSupport.Result r = TestSupport.launcher(Map.of(), args);
            assertEquals(2, r.status(), r.stdout() + r.stderr());
            assertTrue(r.stderr().strip().contains(cases[i + 1][0]), r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        }
    }
}
