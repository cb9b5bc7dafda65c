package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * Broken models through the real launcher, as a user meets them: one line naming the problem, exit 2,
 * no stack trace, no output file. Each case is its own process (one NEURON per process).
 */
class BadModelIT {
    @TempDir
    Path dir;

    private Path modelFolder(String json, String hoc) throws IOException {
        Path m = Files.createDirectories(dir.resolve("model"));
        Files.writeString(m.resolve("model.json"), json);
        Files.writeString(m.resolve("cell.hoc"), hoc);
        return m;
    }

    private void assertCleanFailure(TestSupport.Result r, String... expected) {
        assertEquals(2, r.status(), r.stdout() + r.stderr());
        String err = r.stderr().strip();
        String last = err.substring(err.lastIndexOf('\n') + 1);
        for (String e : expected) {
            assertTrue(last.contains(e), "'" + e + "' missing from: " + last);
        }
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertFalse(Files.exists(dir.resolve("out.h5")), "no output file");
    }

    private TestSupport.Result simulate(String model, Map<String, String> env) throws Exception {
        return TestSupport.launcher(env, "simulate", "--model", model, "--duration", "10",
                "--out", dir.resolve("out.h5").toString());
    }

    @Test
    void unknownModelIsNamed() throws Exception {
        assertCleanFailure(simulate("builtin:l6pc", Map.of()), "builtin:l6pc", "builtin:l5pc");
    }

    @Test
    void templateThatDoesNotExistIsNamed() throws Exception {
        Path m = modelFolder("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"NoSuchCell\"}", "// nothing\n");
        assertCleanFailure(simulate(m.toString(), Map.of()), "NoSuchCell");
    }

    @Test
    void missingHocFileIsNamed() throws Exception {
        Path m = modelFolder("{\"hoc_files\": [\"cell.hoc\", \"other.hoc\"], \"template\": \"C\"}", "");
        assertCleanFailure(simulate(m.toString(), Map.of()), "other.hoc");
    }

    @Test
    void modFileThatFailsToCompileIsNamed() throws Exception {
        Path m = modelFolder("{\"mod_dir\": \"mods\", \"hoc_files\": [\"cell.hoc\"], \"template\": \"C\"}", "");
        Files.createDirectories(m.resolve("mods"));
        Files.writeString(m.resolve("mods/broken.mod"), "NEURON { SUFFIX broken }\nPARAMETER { g = }\n");
        assertCleanFailure(simulate(m.toString(), Map.of("NEUROSURROGATE_CACHE", dir.resolve("cache").toString())),
                "broken.mod", "failed to compile");
    }

    @Test
    void aHocErrorIsOneLineNamingTheFileTheLineAndTheUndefinedName() throws Exception {
        Path m = modelFolder("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"C\"}", "x = 1\ny = undefined_thing + 2\n");
        assertCleanFailure(simulate(m.toString(), Map.of()), "cell.hoc line 2", "undefined variable undefined_thing");
    }

    private TestSupport.Result generate(String model, Map<String, String> env) throws Exception {
        return TestSupport.launcher(env, "generate", "--model", model, "--simulations", "2", "--duration", "100",
                "--workers", "2", "--out", dir.resolve("data").toString());
    }

    @Test
    void generateFindsModelErrorsBeforeItMakesAFolderOrStartsAWorker() throws Exception {
        Path m = modelFolder("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"NoSuchCell\"}", "// nothing\n");
        TestSupport.Result r = generate(m.toString(), Map.of());
        assertCleanFailure(r, "NoSuchCell");
        assertFalse(r.stdout().contains("worker") || r.stderr().contains("retry"), r.stdout() + r.stderr());
        assertFalse(Files.exists(dir.resolve("data")), "no dataset folder");

        Files.writeString(m.resolve("model.json"), "{\"mod_dir\": \"mods\", \"hoc_files\": [\"cell.hoc\"], "
                + "\"template\": \"C\"}");
        Files.createDirectories(m.resolve("mods"));
        Files.writeString(m.resolve("mods/broken.mod"), "NEURON { SUFFIX broken }\nPARAMETER { g = }\n");
        r = generate(m.toString(), Map.of("NEUROSURROGATE_CACHE", dir.resolve("cache").toString()));
        assertCleanFailure(r, "broken.mod", "failed to compile");
        assertFalse(Files.exists(dir.resolve("data")), "no dataset folder");
    }

    @Test
    void aFinishedDatasetHoldsNoLockAndTooFewShardsForTheWorkersAreNamed() throws Exception {
        TestSupport.Result r = generate(TestSupport.home().resolve("examples/ball-and-stick").toString(), Map.of());
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("1 shard to make (4 simulations per shard): 1 worker, not the 2 asked for"),
                r.stdout());
        assertFalse(Files.exists(dir.resolve("data/.lock")), "no stale lock in a finished dataset");
    }
}
