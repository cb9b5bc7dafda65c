package org.neurosurrogate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.data.DatasetManifest;

/**
 * A full disk: a 1-MiB tmpfs this test mounts itself (skipped, with the reason, where mounting is not allowed).
 * Each command stops with one line naming the file and saying what to do, leaves no temporary file, and keeps what it
 * had finished intact.
 */
class FullDiskIT {
    @TempDir
    static Path dir;
    static Path disk;
    static boolean mounted;

    @BeforeAll
    static void mount() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        TestSupport.Result r = TestSupport.exec(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                disk.toString()), java.util.Map.of(), 30);
        mounted = r.status() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + r.stderr().strip());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            // lazy: a file a failed write left open in this JVM must not keep the mount (and the temp folder) busy
            TestSupport.exec(List.of("umount", "-l", disk.toString()), java.util.Map.of(), 30);
        }
    }

    @BeforeEach
    void empty() throws IOException {
        try (var files = Files.list(disk)) {
            for (Path p : files.toList()) {
                FileTrees.deleteTree(p);
            }
        }
    }

    /** Fills the disk to within {@code leaveBytes} of full. */
    private static void fill(long leaveBytes) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            while (Files.getFileStore(disk).getUsableSpace() > leaveBytes + block.length) {
                out.write(block);
            }
        } catch (IOException full) {
            // full already
        }
    }

    @Test
    void generateStopsInOneLineAndKeepsEveryFinishedShardIntact() throws Exception {
        Path out = disk.resolve("data");
        Faults.Run r = Faults.run("generate", "--model", Faults.MODEL, "--simulations", "6", "--duration", "2000",
                "--shard-size", "1", "--seed", "5", "--workers", "1", "--out", out.toString());
        r.fails(2, "disk full", "free space");
        assertTrue(Faults.temporaries(out).isEmpty(), "no temporary file: " + Faults.temporaries(out));
        DatasetManifest m = DatasetManifest.read(out);
        assertTrue(m.shards.size() < 6, m.shards.size() + " shards");
        for (DatasetManifest.Shard s : m.shards) {
            assertEquals(s.sha256(), FileTrees.sha256(out.resolve(s.file())), s.file() + " is whole");
        }
    }

    @Test
    void trainStopsInOneLineAndSavesNoHalfSurrogate() throws Exception {
        Path data = Faults.dataset(dir.resolve("data"), 4);
        fill(16 * 1024);
        Path out = disk.resolve("model");
        Faults.run(Faults.trainArgs(data, out, 20).toArray(String[]::new)).fails(2, "No space left on device");
        assertFalse(Files.exists(out.resolve("surrogate.json")));
        assertTrue(Faults.temporaries(disk).isEmpty(), "no temporary file: " + Faults.temporaries(disk));
    }

    @Test
    void hybridStopsInOneLineAndWritesNoOutputFolder() throws Exception {
        fill(8 * 1024);
        Path out = disk.resolve("net");
        Faults.run("hybrid", "--network", TestSupport.home().resolve("examples/networks/ball-and-stick-recurrent.json")
                .toString(), "--duration", "300", "--out", out.toString()).fails(2, "No space left on device");
        assertFalse(Files.exists(out), "no output folder");
        assertTrue(Faults.temporaries(disk).isEmpty(), "no temporary folder: " + Faults.temporaries(disk));
    }
}
