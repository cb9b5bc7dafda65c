package org.neurosurrogate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * A second {@code train} or {@code hybrid} into the output folder of one still running is refused in one line, and
 * the first finishes untouched. ({@code generate}: GenerateCommandIT#secondRunIntoTheSameFolderIsRefusedWhileTheFirstRuns.)
 */
class ConcurrentRunsIT {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() {
        data = Faults.dataset(dir.resolve("data"), 4);
    }

    @Test
    void aSecondTrainingIntoTheSameFolderIsRefused() throws Exception {
        Path out = dir.resolve("model");
        List<String> args = Faults.trainArgs(data, out, 60);
        Process first = Faults.start(dir.resolve("first-train.log"), args);
        Faults.await(first, 120, "the first run's lock", () -> Files.exists(out.resolve(".lock"))
                && Files.isDirectory(out.resolve("checkpoints-linear")));
        Faults.run(args.toArray(String[]::new)).fails(2, out.toString(), "in use by another running process");
        assertEquals(0, first.waitFor(), Files.readString(dir.resolve("first-train.log")));
        assertTrue(Files.isRegularFile(out.resolve("surrogate.json")), "the first run finished");
    }

    @Test
    void aSecondHybridRunIntoTheSameFolderIsRefused() throws Exception {
        Path out = dir.resolve("net");
        List<String> args = List.of("hybrid", "--network",
                TestSupport.home().resolve("examples/networks/ball-and-stick-recurrent.json").toString(), "--duration",
                "1500", "--out", out.toString());
        Process first = Faults.start(dir.resolve("first-hybrid.log"), args);
        Faults.await(first, 120, "the first run's lock", () -> Files.exists(dir.resolve(".net.lock")));
        Faults.run(args.toArray(String[]::new)).fails(2, out.toString(), "in use by another running process");
        assertEquals(0, first.waitFor(), Files.readString(dir.resolve("first-hybrid.log")));
        assertTrue(Files.isRegularFile(out.resolve("summary.json")), "the first run finished");
    }
}
