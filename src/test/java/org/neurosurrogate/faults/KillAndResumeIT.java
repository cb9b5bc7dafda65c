package org.neurosurrogate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * kill -9 in the middle of {@code train} and {@code hybrid --validate}, then the same command again: it resumes from
 * what the killed run had finished (the last checkpoint; the finished all-detailed reference) and loses none of it.
 * (kill -9 during {@code generate} is GenerateCommandIT#killedRunResumesToTheSameDatasetWithoutRewritingFinishedShards.)
 */
class KillAndResumeIT {
    @TempDir
    static Path dir;
    static Path data;
    static final String NETWORK = TestSupport.home().resolve("examples/networks/ball-and-stick-recurrent.json")
            .toString();
    /** The spike set of a spikes.h5, as h5py reads it: count and a digest of the sorted (gid, time) pairs. */
    static final String SPIKES = """
            import sys, h5py, hashlib
            f = h5py.File(sys.argv[1], 'r')
            n = int(f['spikes/times_ms'].attrs['count'])
            pairs = sorted(zip(f['spikes/gids'][:n].tolist(), [round(x, 6) for x in f['spikes/times_ms'][:n].tolist()]))
            print(n, hashlib.sha256(repr(pairs).encode()).hexdigest())
            """;

    @BeforeAll
    static void dataset() {
        data = Faults.dataset(dir.resolve("data"), 4);
    }

    @SuppressWarnings("unchecked")
    private static int checkpointStep(Path out) {
        try {
            return ((Number) new ObjectMapper().readValue(out.resolve("checkpoints/latest.json").toFile(), Map.class)
                    .get("step")).intValue();
        } catch (Exception e) {
            return -1; // not written yet
        }
    }

    @Test
    void killedTrainingResumesFromItsLastCheckpoint() throws Exception {
        Path out = dir.resolve("model");
        List<String> args = Faults.trainArgs(data, out, 300);
        args.addAll(List.of("--patience", "0", "--baseline-steps", "10"));
        Process p = Faults.start(dir.resolve("train.log"), args);
        Faults.await(p, 180, "a checkpoint at step 30", () -> checkpointStep(out) >= 30);
        Faults.kill9(p);
        int kept = checkpointStep(out);
        assertTrue(kept >= 30 && kept < 300, "killed at step " + kept);
        assertFalse(Files.exists(out.resolve("surrogate.json")), "an unfinished run saves no surrogate");
        // a kill during a write may leave that write's temporary (never a half file under a final name)

        Faults.Run resumed = Faults.run(args.toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming from step " + kept + " "), "resumed where the kill left it ("
                + kept + "):\n" + resumed.out());
        assertTrue(Files.isRegularFile(out.resolve("surrogate.json")));
        assertTrue(Faults.temporaries(out).isEmpty(), "the resumed run swept what the kill left half-written: "
                + Faults.temporaries(out));
        assertFalse(Files.exists(out.resolve(".lock")), "the killed run's lock did not outlive it");
    }

    @Test
    void aKilledLiveRunResumesToTheParametersOfAnUninterruptedOne() throws Exception {
        List<String> live = List.of("train", "--live", "--model", Faults.MODEL, "--arch", "mh", "--duration", "1000",
                "--validation-sims", "2", "--steps", "60", "--batch", "4", "--buffer", "2", "--reservoir", "1",
                "--steps-per-sim", "5", "--eval-every", "20", "--checkpoint-every", "10", "--validation-windows", "8",
                "--baseline-steps", "4", "--patience", "0");
        Path whole = dir.resolve("live-whole");
        List<String> wholeArgs = new java.util.ArrayList<>(live);
        wholeArgs.addAll(List.of("--out", whole.toString()));
        Faults.Run w = Faults.run(wholeArgs.toArray(String[]::new));
        assertEquals(0, w.status(), w.out() + w.err());

        Path out = dir.resolve("live-killed");
        List<String> args = new java.util.ArrayList<>(live);
        args.addAll(List.of("--out", out.toString()));
        Process p = Faults.start(dir.resolve("live.log"), args);
        Faults.await(p, 180, "a checkpoint at step 20", () -> checkpointStep(out) >= 20);
        Faults.kill9(p);
        int kept = checkpointStep(out);
        assertTrue(kept >= 20 && kept < 60, "killed at step " + kept);
        Faults.Run resumed = Faults.run(args.toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming from step " + kept + " "), resumed.out());
        assertTrue(Faults.temporaries(out).isEmpty(), "the killed run's half-written shard or checkpoint is swept"
                + " on resume: " + Faults.temporaries(out));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readValue(whole.resolve("surrogate.json").toFile(), Map.class).get("params_sha256"),
                json.readValue(out.resolve("surrogate.json").toFile(), Map.class).get("params_sha256"),
                "the stream, parameters, optimizer and sampler continued where the kill left them");
    }

    @Test
    void killedValidationReusesItsFinishedAllDetailedRun() throws Exception {
        Path out = dir.resolve("net");
        Path reference = dir.resolve(".net.all-detailed");
        List<String> args = List.of("hybrid", "--network", NETWORK, "--duration", "3000", "--validate", "--out",
                out.toString());
        Process p = Faults.start(dir.resolve("hybrid.log"), args);
        Faults.await(p, 180, "the all-detailed half", () -> Files.isRegularFile(reference));
        Faults.kill9(p);
        assertFalse(Files.exists(out), "a killed run leaves no output folder");

        TestSupport.Result resumed = TestSupport.launcher(Map.of(), args.toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.stdout() + resumed.stderr());
        assertTrue(resumed.stdout().contains("reusing the one an interrupted run finished"), resumed.stdout());
        assertFalse(Files.exists(reference), "the kept reference is removed once the output is written");
        assertTrue(Faults.temporaries(dir).isEmpty(), "no temporary folder left: " + Faults.temporaries(dir));

        Path fresh = dir.resolve("net-fresh");
        TestSupport.Result whole = TestSupport.launcher(Map.of(), "hybrid", "--network", NETWORK, "--duration", "3000",
                "--validate", "--out", fresh.toString());
        assertEquals(0, whole.status(), whole.stdout() + whole.stderr());
        for (String run : new String[] {"all-detailed", "hybrid"}) {
            assertEquals(spikes(fresh.resolve(run + "/spikes.h5")), spikes(out.resolve(run + "/spikes.h5")),
                    run + ": the resumed run's spikes are the uninterrupted run's");
        }
    }

    private static String spikes(Path h5) throws Exception {
        TestSupport.Result r = TestSupport.python(SPIKES, h5.toString());
        assertEquals(0, r.status(), r.stderr());
        return r.stdout().strip();
    }
}
