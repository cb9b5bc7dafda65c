package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * {@code train --live}: held-out sets generated first, then training on a deterministic stream of simulations
 * that a chain of runs carries forward: runs cut by {@code --run-steps} end with the parameters of one whole run,
 * {@code --hours} stops on time with a checkpoint, and surrogate.json lists every run.
 */
class TrainLiveIT {
    @TempDir
    Path dir;

    private static List<String> args(Path out, String... extra) {
        return args(out, 9, extra);
    }

    private static List<String> args(Path out, int steps, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--live", "--model",
                TestSupport.home().resolve("examples/ball-and-stick").toString(), "--arch", "mh", "--out",
                out.toString(), "--duration", "1000", "--validation-sims", "3", "--test-sims", "2", "--steps",
                String.valueOf(steps), "--batch", "4", "--buffer", "2", "--reservoir", "1", "--steps-per-sim", "2",
                "--workers", "2", "--eval-every", "3", "--checkpoint-every", "100", "--validation-windows", "8",
                "--baseline-steps", "4"));
        a.addAll(List.of(extra));
        return a;
    }

    private static TestSupport.Captured train(List<String> args) {
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(args.toArray(String[]::new), c.outStream, c.errStream);
        assertEquals(0, status, c.out() + c.err());
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path out) throws Exception {
        return new ObjectMapper().readValue(out.resolve(Surrogate.JSON).toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(Path out) throws Exception {
        return (List<Map<String, Object>>) json(out).get("runs");
    }

    @Test
    void runsCutByTheirBudgetEndWithTheParametersOfOneWholeRun() throws Exception {
        Path whole = dir.resolve("whole");
        TestSupport.Captured c = train(args(whole));
        assertEquals(3, DatasetManifest.read(whole.resolve("validation-data")).simulations, "validation made first");
        assertEquals(2, DatasetManifest.read(whole.resolve("test-data")).simulations, "test set made first");
        assertTrue(c.out().contains("validation loss: mh"), c.out());
        assertEquals(1, runs(whole).size());
        assertEquals(List.of(0, 9), runs(whole).get(0).get("steps"));
        assertEquals(List.of(0, 6), runs(whole).get(0).get("stream_simulations"), "2 + 8 / 2 admitted by step 8");

        Path pieces = dir.resolve("pieces");
        TestSupport.Captured first = train(args(pieces, "--run-steps", "4"));
        assertTrue(first.out().contains("paused at step 4 of 9") && first.out().contains("run the same command"),
                first.out());
        assertTrue(Files.isRegularFile(pieces.resolve(Surrogate.JSON)), "a paused run saves its best so far");
        TestSupport.Captured second = train(args(pieces, "--run-steps", "3"));
        assertTrue(second.out().contains("resuming from step 4"), second.out());
        train(args(pieces));
        assertEquals(3, runs(pieces).size());
        assertEquals(List.of(7, 9), runs(pieces).get(2).get("steps"));
        assertEquals(json(whole).get(Surrogate.PARAMS_SHA256), json(pieces).get(Surrogate.PARAMS_SHA256),
                "4 + 3 + 2 steps give the parameters of 9");
    }

    @Test
    void anHoursBudgetStopsTheRunOnTimeWithACheckpoint() throws Exception {
        Path out = dir.resolve("hours");
        long t0 = System.nanoTime();
        TestSupport.Captured c = train(args(out, 100000, "--hours", "0.01", "--patience", "0")); // 36 s
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(c.out().contains("run the same command"), c.out());
        assertTrue(seconds < 36 + 60, "stopped within a minute of its budget: " + seconds + " s");
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/latest.json")) || c.out().contains("budget ran out"),
                c.out());
    }
}
