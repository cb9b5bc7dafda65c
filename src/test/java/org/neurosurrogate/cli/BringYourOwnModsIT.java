package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * A model folder used as it was downloaded: beside the mechanisms its cell needs it holds one written for NEURON 8
 * (src/test/resources/legacy-mod, VERBATIM that redeclares nrn_random_arg), which NEURON 9 cannot compile.
 * {@code mod_files} names what to compile; without it the run stops with one line that says why and what to do.
 * The cell's synapse is the example's stochastic one, so generate's same-seed determinism covers its releases.
 */
class BringYourOwnModsIT {
    static final Path EXAMPLE = TestSupport.home().resolve("examples/stochastic-synapses");

    @TempDir
    Path dir;

    /** The example with the legacy mod beside its own, model.json's mod selection replaced by {@code selection}. */
    private Path downloadedFolder(String selection) throws Exception {
        Path m = Files.createDirectories(dir.resolve("model-" + selection.hashCode()));
        Path mods = Files.createDirectories(m.resolve("mods"));
        Files.copy(EXAMPLE.resolve("mods/NsStochasticAmpa.mod"), mods.resolve("NsStochasticAmpa.mod"));
        Files.copy(TestSupport.home().resolve("src/test/resources/legacy-mod/LegacyRandomSyn.mod"),
                mods.resolve("LegacyRandomSyn.mod"));
        String json = Files.readString(EXAMPLE.resolve("model.json"))
                .replace("\"mod_files\": [\"NsStochasticAmpa.mod\"],", selection)
                .replace("../ball-and-stick/BallAndStick.hoc",
                        TestSupport.home().resolve("examples/ball-and-stick/BallAndStick.hoc").toString());
        assertTrue(json.contains("\"mod_dir\": \"mods\",\n  " + selection), "the example's layout changed: " + json);
        Files.writeString(m.resolve("model.json"), json);
        return m;
    }

    @Test
    void aFolderWithAnUnusedNeuron8ModLoadsWhenModelJsonNamesTheModsItNeeds() throws Exception {
        Path m = downloadedFolder("\"mod_files\": [\"NsStochasticAmpa.mod\"],");
        TestSupport.Result r = TestSupport.launcher(Map.of(), "info", "--model", m.toString());
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("22"), "the cell's 22 segments: " + r.stdout());
        Path excluded = downloadedFolder("\"mod_exclude\": [\"LegacyRandomSyn.mod\"],");
        TestSupport.Result x = TestSupport.launcher(Map.of(), "info", "--model", excluded.toString());
        assertEquals(0, x.status(), x.stdout() + x.stderr());
    }

    @Test
    void withoutASelectionTheNeuron8ModFailsWithOneLineAndBothWaysOut() throws Exception {
        Path m = downloadedFolder("");
        TestSupport.Result r = TestSupport.launcher(Map.of(), "info", "--model", m.toString());
        assertEquals(2, r.status(), r.stdout() + r.stderr());
        String err = r.stderr().strip();
        String last = err.substring(err.lastIndexOf('\n') + 1);
        for (String e : new String[] {"LegacyRandomSyn.mod was written for NEURON 8 or older", "nrn_random_arg",
            "\"mod_exclude\": [\"LegacyRandomSyn.mod\"]", "mod_files", "porting_mechanisms_to_cpp"}) {
            assertTrue(last.contains(e), "'" + e + "' missing from: " + last);
        }
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void generateWithTheModelsStochasticSynapseIsTheSameForTheSameSeed() throws Exception {
        Path[] shards = new Path[2];
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("data-" + i);
            TestSupport.Result r = TestSupport.launcher(Map.of(), "generate", "--model", EXAMPLE.toString(),
                    "--simulations", "2", "--duration", "400", "--workers", "1", "--seed", "5", "--out", out.toString());
            assertEquals(0, r.status(), r.stdout() + r.stderr());
            shards[i] = out.resolve("shard-00000.h5");
        }
        assertEquals(-1, Files.mismatch(shards[0], shards[1]), "same seed, same bytes");
    }

    @Test
    void aNetworkOfCellsWithTheStochasticSynapseIsTheSameRunAfterRun() throws Exception {
        Path net = dir.resolve("stochastic-net.json");
        Files.writeString(net, """
                {"name": "stochastic", "seed": 2, "duration_ms": 300,
                 "populations": [{"name": "p", "model": "%s", "count": 3,
                                  "background": {"poisson": {"exc_hz": 3000, "inh_hz": 500}}}],
                 "connections": [{"from": "p", "to": "p", "in_degree": 2, "contacts": 2, "synapse": "excitatory",
                                  "delay_ms": 3}]}
                """.formatted(EXAMPLE));
        String[] digests = new String[2];
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("net-" + i);
            TestSupport.Result r = TestSupport.launcher(Map.of(), "hybrid", "--network", net.toString(), "--out",
                    out.toString());
            assertEquals(0, r.status(), r.stdout() + r.stderr());
            TestSupport.Result d = TestSupport.python(SPIKES, out.resolve("spikes.h5").toString());
            assertEquals(0, d.status(), d.stderr());
            digests[i] = d.stdout().strip();
        }
        assertTrue(Integer.parseInt(digests[0].split(" ")[0]) > 0, "the cells fire: " + digests[0]);
        assertEquals(digests[0], digests[1], "each detailed cell's release streams are seeded by its gid");
    }

    /** The spike count and a digest of the sorted (gid, time) pairs of a hybrid run's spikes.h5. */
    static final String SPIKES = """
            import sys, h5py, hashlib
            f = h5py.File(sys.argv[1], 'r')
            n = int(f['spikes/times_ms'].attrs['count'])
            pairs = sorted(zip(f['spikes/gids'][:n].tolist(), [round(x, 6) for x in f['spikes/times_ms'][:n].tolist()]))
            print(n, hashlib.sha256(repr(pairs).encode()).hexdigest()[:16])
            """;
}
