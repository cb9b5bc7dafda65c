package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.cli.Main;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.jep.NeuronNetwork;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code neurosurrogate hybrid} end to end: outputs, --validate, 1 and 2 MPI ranks, and refused input. */
class HybridCommandIT {
    static final Path MODEL = TestSupport.home().resolve("examples/ball-and-stick");
    static final String NETWORK = """
            {"name": "recurrent-6", "seed": 2, "duration_ms": 300,
             "populations": [{"name": "pyr", "model": "MODEL", "count": 6,
                              "background": {"poisson": {"exc_hz": 2000, "inh_hz": 500}},
                              "surrogate": {"path": "SURROGATE", "fraction": 0.34}}],
             "connections": [
               {"from": "pyr", "to": "pyr", "in_degree": 2, "synapse": "excitatory", "weight": 5, "delay_ms": 3},
               {"from": "pyr", "to": "pyr", "probability": 0.3, "synapse": "inhibitory", "weight": 3,
                "delay_ms": 2.5, "distance_um": [0, 200]}],
             "record": {"voltages": [0, 1]}}
            """;
    /** h5py's view of spikes.h5: the spike count, a digest of (gid, time) pairs, the surrogate flags. */
    static final String READ_SPIKES = """
            import sys, h5py, hashlib
            f = h5py.File(sys.argv[1], 'r')
            n = int(f['spikes/times_ms'].attrs['count'])
            t = f['spikes/times_ms'][:n]; g = f['spikes/gids'][:n]
            pairs = sorted(zip(g.tolist(), [round(x, 6) for x in t.tolist()]))
            print(n, hashlib.sha256(repr(pairs).encode()).hexdigest()[:16], f['cells/surrogate'][:].tolist(),
                  f.attrs['format'].decode(), f['voltages/gid_0/segments'].shape)
            """;

    @TempDir
    static Path dir;
    static Path surrogate;
    static Path otherModelSurrogate;

    @BeforeAll
    static void surrogates() throws Exception {
        ModelSpec spec = ModelSpec.load(MODEL);
        SegmentTable table;
        try (NeuronNetwork net = NeuronNetwork.open(List.of(spec), PythonEnvironment.locate())) {
            table = net.describeModel(spec).segments();
        }
        surrogate = dir.resolve("wired");
        HandWiredSurrogate.write(surrogate, table, Map.of());
        otherModelSurrogate = dir.resolve("other");
        HandWiredSurrogate.write(otherModelSurrogate, table, Map.of("model_hash", "sha256:0123456789abcdef"));
    }

    static Path network(String name, String json) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, json.replace("MODEL", MODEL.toString()).replace("SURROGATE", surrogate.toString())
                .replace("OTHER", otherModelSurrogate.toString()));
        return f;
    }

    static TestSupport.Captured hybrid(int expected, String... args) {
        TestSupport.Captured c = new TestSupport.Captured();
        String[] all = new String[args.length + 1];
        all[0] = "hybrid";
        System.arraycopy(args, 0, all, 1, args.length);
        assertEquals(expected, Main.run(all, c.outStream, c.errStream), c.out() + c.err());
        return c;
    }

    @Test
    void validateWritesBothRunsTheComparisonAndPlots() throws Exception {
        Path out = dir.resolve("validated");
        TestSupport.Captured c = hybrid(0, "--network", network("net", NETWORK).toString(), "--out", out.toString(),
                "--validate", "--duration", "200");
        assertTrue(c.out().contains("validation: speed-up"), c.out());
        for (String f : new String[] {"validation.md", "validation.json", "rates.png", "hybrid/spikes.h5",
            "hybrid/summary.json", "hybrid/raster.png", "hybrid/rates.png", "all-detailed/spikes.h5",
            "all-detailed/raster.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        String md = Files.readString(out.resolve("validation.md"));
        assertTrue(md.contains("speed-up") && md.contains("| pyr | 6 | 2 |"), md);
        String summary = Files.readString(out.resolve("hybrid/summary.json"));
        assertTrue(summary.contains("\"duration_ms\" : 200") && summary.contains("\"surrogate_s\"")
                && summary.contains("\"rate_hz_surrogate\"") && summary.contains("\"interval_ms\" : 1")
                && summary.contains("\"lag_intervals\" : 2"), summary);
        TestSupport.Result h = TestSupport.python(READ_SPIKES, out.resolve("hybrid/spikes.h5").toString());
        assertEquals(0, h.status(), h.stderr());
        TestSupport.Result d = TestSupport.python(READ_SPIKES, out.resolve("all-detailed/spikes.h5").toString());
        String[] hybridView = h.stdout().strip().split(" ", 3);
        assertTrue(Integer.parseInt(hybridView[0]) > 10, "the network fires: " + h.stdout());
        assertTrue(hybridView[2].contains("neurosurrogate.network (200, 22)"), "--duration 200: " + h.stdout());
        assertTrue(hybridView[2].matches("\\[[01, ]*\\] .*") && hybridView[2].replaceAll("[^1]", "").length() == 2,
                "two surrogate cells: " + h.stdout());
        assertTrue(d.stdout().contains("[0, 0, 0, 0, 0, 0]"), "all-detailed has no surrogate: " + d.stdout());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporaries");
    }

    @Test
    void surrogateAndReferenceValidateAnotherSurrogateWithoutASecondAllDetailedRun() throws Exception {
        Path copy = dir.resolve("wired-copy");
        Files.createDirectories(copy);
        try (var files = Files.list(surrogate)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path out = dir.resolve("other-surrogate");
        hybrid(0, "--network", network("net-s", NETWORK).toString(), "--out", out.toString(), "--validate",
                "--duration", "100", "--surrogate", copy.toString());
        String md = Files.readString(out.resolve("validation.md"));
        assertTrue(md.contains("- surrogate of pyr: `" + copy.toAbsolutePath().normalize() + "`"), md);
        assertTrue(Files.readString(out.resolve("validation.json")).contains(copy.getFileName() + "\""),
                "validation.json names the surrogate that ran");

        // the spec's own surrogate next, its all-detailed half taken from the first validation
        Path again = dir.resolve("reference-reused");
        TestSupport.Captured c = hybrid(0, "--network", network("net-s", NETWORK).toString(), "--out",
                again.toString(), "--validate", "--duration", "100", "--reference", out.toString());
        assertTrue(c.out().contains("reusing the one --reference finished") && !c.out().contains("all-detailed run of"
                + " recurrent-6 (6 cells"), "no second all-detailed run: " + c.out());
        TestSupport.Result a = TestSupport.python(READ_SPIKES, out.resolve("all-detailed/spikes.h5").toString());
        TestSupport.Result b = TestSupport.python(READ_SPIKES, again.resolve("all-detailed/spikes.h5").toString());
        assertEquals(0, b.status(), b.stderr());
        assertEquals(a.stdout(), b.stdout(), "the reused all-detailed run is written again whole");
        assertTrue(Files.readString(again.resolve("validation.md")).contains("- surrogate of pyr: `" + surrogate),
                "this time the spec's surrogate ran");

        // another duration is another network run: refused in one line before any simulation
        TestSupport.Captured r = hybrid(2, "--network", network("net-s", NETWORK).toString(), "--out",
                dir.resolve("reference-refused").toString(), "--validate", "--duration", "120", "--reference",
                out.toString());
        assertTrue(r.err().contains("--reference " + out + ": holds no all-detailed run of this network"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.out().contains("all-detailed run of"), r.out());
        assertFalse(Files.exists(dir.resolve("reference-refused")));
        TestSupport.Captured noValidate = hybrid(2, "--network", network("net-s", NETWORK).toString(), "--out",
                dir.resolve("reference-refused").toString(), "--reference", out.toString());
        assertTrue(noValidate.err().contains("--reference needs --validate"), noValidate.err());
    }

    @Test
    void oneAndTwoMpiRanksGiveIdenticalSpikes() throws Exception {
        Path net = network("ranks", NETWORK);
        Map<String, String> env = Map.of("OMPI_ALLOW_RUN_AS_ROOT", "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        TestSupport.Result one = TestSupport.launcher(env, "hybrid", "--network", net.toString(), "--out",
                dir.resolve("rank1").toString());
        assertEquals(0, one.status(), one.stdout() + one.stderr());
        TestSupport.Result two = TestSupport.exec(List.of("mpirun", "-n", "2", "--oversubscribe",
                TestSupport.home().resolve("neurosurrogate").toString(), "hybrid", "--network", net.toString(), "--out",
                dir.resolve("rank2").toString()), env, 600);
        assertEquals(0, two.status(), two.stdout() + two.stderr());
        assertTrue(Files.readString(dir.resolve("rank2/summary.json")).contains("\"ranks\" : 2"));
        TestSupport.Result a = TestSupport.python(READ_SPIKES, dir.resolve("rank1/spikes.h5").toString());
        TestSupport.Result b = TestSupport.python(READ_SPIKES, dir.resolve("rank2/spikes.h5").toString());
        assertEquals(0, a.status(), a.stderr());
        assertTrue(Integer.parseInt(a.stdout().split(" ")[0]) > 10, a.stdout());
        assertEquals(a.stdout(), b.stdout(), "2 ranks must give exactly the spikes of 1");
        // more ranks than cells: refused in one line, exit 2, no output
        Path tiny = network("tiny", """
                {"duration_ms": 50, "populations": [{"name": "p", "model": "MODEL", "count": 1}]}""");
        TestSupport.Result r = TestSupport.exec(List.of("mpirun", "-n", "2", "--oversubscribe",
                TestSupport.home().resolve("neurosurrogate").toString(), "hybrid", "--network", tiny.toString(),
                "--out", dir.resolve("tiny-out").toString()), env, 600);
        assertEquals(2, r.status(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("2 MPI ranks for 1 cells: run with at most 1 ranks"), r.stderr());
        assertFalse(Files.exists(dir.resolve("tiny-out")));
    }

    @Test
    void aSurrogateOnlyNetworkGivesIdenticalSpikesOnOneAndTwoRanks() throws Exception {
        Path net = network("only", NETWORK);
        Map<String, String> env = Map.of("OMPI_ALLOW_RUN_AS_ROOT", "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        TestSupport.Result one = TestSupport.launcher(env, "hybrid", "--network", net.toString(), "--surrogate-only",
                "--duration", "150", "--out", dir.resolve("only1").toString());
        assertEquals(0, one.status(), one.stdout() + one.stderr());
        assertTrue(one.stdout().contains("6 cells (6 surrogates)"), one.stdout());
        TestSupport.Result two = TestSupport.exec(List.of("mpirun", "-n", "2", "--oversubscribe",
                TestSupport.home().resolve("neurosurrogate").toString(), "hybrid", "--network", net.toString(),
                "--surrogate-only", "--duration", "150", "--out", dir.resolve("only2").toString()), env, 600);
        assertEquals(0, two.status(), two.stdout() + two.stderr());
        TestSupport.Result a = TestSupport.python(READ_SPIKES, dir.resolve("only1/spikes.h5").toString());
        TestSupport.Result b = TestSupport.python(READ_SPIKES, dir.resolve("only2/spikes.h5").toString());
        assertEquals(0, a.status(), a.stderr());
        assertTrue(Integer.parseInt(a.stdout().split(" ")[0]) > 10, a.stdout());
        assertTrue(a.stdout().contains("[1, 1, 1, 1, 1, 1]"), "every cell a surrogate: " + a.stdout());
        assertEquals(a.stdout(), b.stdout(), "2 ranks must give exactly the spikes of 1");
    }

    @Test
    void refusesBadInputInOneLineWithoutAnOutputFolder() throws Exception {
        String[][] cases = {
            {NETWORK.replace("SURROGATE", "OTHER"), "was trained on another cell model (fingerprint sha256:0123"},
            {NETWORK.replace("\"delay_ms\": 3}", "\"delay_ms\": 1}"), "delay_ms 1.0 is shorter than the synchronisation"
                + " allows: a connection out of a surrogate cell needs delay_ms ≥ 1.025"},
            {NETWORK.replace("\"to\": \"pyr\", \"in_degree\"", "\"to\": \"int\", \"in_degree\""),
                "connections[0].to 'int' is not a population"},
            {NETWORK.replace("\"distance_um\": [0, 200]", "\"region\": \"oblique\""),
                "has no recorded segment in region 'oblique'"},
            {NETWORK.replace("\"record\"", "\"recrod\""), "unknown field 'recrod'"},
            {NETWORK.replace("\"count\": 6,", "\"count\": 6"), "net-bad.json:3: not valid JSON"},
            {NETWORK.replace("\"voltages\": [0, 1]", "\"voltages\": [0, 6]"), "record.voltages names cell 6"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("refused");
            // --validate: its all-detailed run comes first, and the refusal must come before it
            TestSupport.Captured r = hybrid(2, "--network", network("net-bad", c[0]).toString(), "--out",
                    out.toString(), "--validate");
            assertFalse(r.out().contains("all-detailed:"), "refused before the all-detailed run: " + r.out());
            String err = r.err().strip();
            assertTrue(err.contains(c[1]), err);
            assertEquals(1, err.lines().count(), "one line: " + err);
            assertFalse(Files.exists(out), "no output folder for: " + c[1]);
        }
        String[][] flags = {
            {dir.toString(), "--surrogate: " + dir + " is not a saved surrogate (no surrogate.json in"},
            {otherModelSurrogate.toString(), "was trained on another cell model (fingerprint sha256:0123"},
            {"builtin:nope", "unknown built-in surrogate 'builtin:nope' (shipped: builtin:ball-and-stick"},
        };
        for (String[] c : flags) {
            Path out = dir.resolve("refused");
            TestSupport.Captured r = hybrid(2, "--network", network("net-ok", NETWORK).toString(), "--out",
                    out.toString(), "--validate", "--surrogate", c[0]);
            String err = r.err().strip();
            assertTrue(err.contains(c[1]), err);
            assertEquals(1, err.lines().count(), "one line: " + err);
            assertFalse(Files.exists(out), "no output folder for --surrogate " + c[0]);
        }
    }
}
