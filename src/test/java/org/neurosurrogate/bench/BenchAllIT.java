package org.neurosurrogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/** {@code bench all --quick} on the example cell: every benchmark runs and lands in bench.json and bench.md. */
class BenchAllIT {
    @TempDir
    Path dir;

    @Test
    void everyBenchmarkWritesARatioAgainstItsBaselineToJsonAndMarkdown() throws Exception {
        Path out = dir.resolve("results");
        TestSupport.Result r = TestSupport.launcher(Map.of(), "bench", "all", "--quick", "--model",
                "examples/ball-and-stick", "--surrogate", "builtin:ball-and-stick", "--network",
                "examples/networks/ball-and-stick-recurrent.json", "--scale-networks",
                "examples/networks/ball-and-stick-12.json,examples/networks/ball-and-stick-36.json", "--out",
                out.toString());
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        JsonNode doc = new ObjectMapper().readTree(out.resolve(BenchAll.JSON).toFile());
        assertEquals("neurosurrogate.bench", doc.get("format").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode f : doc.get("figures")) {
            names.add(f.get("benchmark").asText() + ": " + f.get("name").asText());
            // a growth exponent may be negative on tiny networks (their fixed costs dominate); ratios are positive
            assertTrue(f.get("ratio").isNumber() && (f.get("ratio").asDouble() > 0
                    || f.get("name").asText().contains("growth exponent")), f.toString());
            assertFalse(f.get("baseline").asText().isBlank(), f.toString());
        }
        for (String want : new String[] {"simulate: bridge overhead", "generate: generation", "read: 1-thread",
                "read: 2-thread", "train: mh training throughput vs the seed", "train: mmoe peak RSS",
                "train: mmoeex training throughput vs the same net", "infer: whole-window inference, batch 4, sparse",
                "infer: streaming, batch 1, Δ 1 ms", "infer: streaming, batch 20, Δ 5 ms", "hybrid: network",
                "hybrid-scale: ball-and-stick-36 surrogate-only with ball-and-stick[lstm]: surrogate cell-s",
                "hybrid-scale: surrogate-only with ball-and-stick[lstm]: growth exponent"}) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(want)), want + " missing from " + names);
        }
        for (String b : new String[] {"simulate", "generate", "read", "train", "infer", "hybrid", "hybrid-scale"}) {
            assertEquals(0, doc.get("status").get(b).asInt(), b);
        }
        List<String> rows = Files.readAllLines(out.resolve(BenchAll.MARKDOWN)).stream()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| benchmark")).toList();
        assertEquals(names.size(), rows.size(), String.join("\n", rows));
        try (var files = Files.list(out)) {
            assertEquals(List.of(BenchAll.JSON, BenchAll.MARKDOWN), files.map(p -> p.getFileName().toString())
                    .sorted().toList(), "only the two results, no temporary file");
        }
    }

    @Test
    void aBadFlagIsOneLineAndExit2() throws Exception {
        TestSupport.Result r = TestSupport.launcher(Map.of(), "bench", "all", "--threads", "0", "--out",
                dir.resolve("x").toString());
        assertEquals(2, r.status(), r.stdout() + r.stderr());
        assertTrue(r.stderr().strip().lines().count() == 1 && r.stderr().contains("--threads 0"), r.stderr());
        assertFalse(Files.exists(dir.resolve("x")));
    }
}
