package org.neurosurrogate.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.cli.Main;
import org.neurosurrogate.data.DatasetManifest;

/** {@code generate}, {@code dataset verify} and {@code dataset merge} on the small example cell. */
class GenerateCommandIT {
    static final String MODEL = TestSupport.home().resolve("examples/ball-and-stick").toString();

    @TempDir
    Path dir;

    private static String[] generateArgs(Path out, int sims, String... extra) {
        List<String> a = new ArrayList<>(List.of("generate", "--model", MODEL, "--simulations", String.valueOf(sims),
                "--duration", "700", "--shard-size", "2", "--seed", "9", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static int run(String... args) {
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(args, c.outStream, c.errStream);
        System.out.print(c.out());
        System.err.print(c.err());
        return status;
    }

    private static List<String> checksums(Path d) {
        return DatasetManifest.read(d).shards.stream().map(s -> s.index() + ":" + s.sha256()).toList();
    }

    @Test
    void sameSeedGivesIdenticalShardsWithOneOrTwoWorkers() {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        assertEquals(0, run(generateArgs(one, 5, "--workers", "1")));
        assertEquals(0, run(generateArgs(two, 5, "--workers", "2")));
        DatasetManifest m = DatasetManifest.read(two);
        assertEquals(3, m.shards.size(), "5 simulations in shards of 2");
        assertEquals(22, m.segments);
        assertEquals(checksums(one), checksums(two));
        List<Integer> all = new ArrayList<>(m.split.train());
        all.addAll(m.split.validation());
        all.addAll(m.split.test());
        all.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4), all, "the split covers every simulation once");
        assertEquals(1, m.split.test().size());
        assertEquals(0, run("dataset", "verify", two.toString()));
    }

    @Test
    void killedRunResumesToTheSameDatasetWithoutRewritingFinishedShards() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, run(generateArgs(whole, 8, "--workers", "1")));
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(TestSupport.home().resolve("neurosurrogate").toString()));
        cmd.addAll(List.of(generateArgs(killed, 8, "--workers", "1")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(DatasetManifest.exists(killed) && DatasetManifest.read(killed).shards.size() >= 2)) {
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "no shard finished in time");
            Thread.sleep(100);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        DatasetManifest partial = DatasetManifest.read(killed);
        assertTrue(partial.shards.size() < 4, "killed half way: " + partial.shards.size() + " of 4 shards");
        Map<String, FileTime> before = new java.util.HashMap<>();
        for (DatasetManifest.Shard s : partial.shards) {
            before.put(s.file(), Files.getLastModifiedTime(killed.resolve(s.file())));
        }
        assertEquals(0, run(generateArgs(killed, 8, "--workers", "1")));
        assertEquals(checksums(whole), checksums(killed));
        for (Map.Entry<String, FileTime> e : before.entrySet()) {
            assertEquals(e.getValue(), Files.getLastModifiedTime(killed.resolve(e.getKey())), e.getKey() + " rewritten");
        }
        try (var files = Files.list(killed)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".tmp-")), "no temporary files left");
        }
    }

    @Test
    void secondRunIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws Exception {
        Path d = dir.resolve("locked");
        List<String> cmd = new ArrayList<>(List.of(TestSupport.home().resolve("neurosurrogate").toString()));
        cmd.addAll(List.of(generateArgs(d, 6, "--workers", "1")));
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!DatasetManifest.exists(d)) {
                assertTrue(System.nanoTime() < deadline && first.isAlive(), "first run did not start");
                Thread.sleep(50);
            }
            TestSupport.Captured c = new TestSupport.Captured();
            assertEquals(Main.USAGE_ERROR, Main.run(generateArgs(d, 6), c.outStream, c.errStream));
            assertTrue(c.err().contains("in use by another running process"), c.err());
            assertEquals(0, first.waitFor(), "the first run is unharmed");
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
    }

    @Test
    void crashedWorkerHasItsShardRetriedAndTheDatasetCompletes() throws Exception {
        Path d = dir.resolve("crash");
        TestSupport.Captured c = new TestSupport.Captured();
        int[] status = new int[1];
        Thread run = new Thread(() -> status[0] = Main.run(generateArgs(d, 6, "--workers", "1"), c.outStream,
                c.errStream));
        run.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // kill the worker process once, while it simulates
        ProcessHandle worker = null;
        while (worker == null) {
            assertTrue(System.nanoTime() < deadline && run.isAlive(), "no worker appeared: " + c.out());
            worker = ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("")
                    .contains("GenerationWorker")).findFirst().orElse(null);
            Thread.sleep(20);
        }
        Thread.sleep(300);
        worker.destroyForcibly();
        run.join(TimeUnit.SECONDS.toMillis(180));
        assertEquals(0, status[0], c.out() + c.err());
        assertTrue(c.out().contains("retrying it once"), c.out());
        assertEquals(3, DatasetManifest.read(d).shards.size());
        Path reference = dir.resolve("reference");
        assertEquals(0, run(generateArgs(reference, 6, "--workers", "1")));
        assertEquals(checksums(reference), checksums(d), "the retried shard is identical");
    }

    @Test
    void partsMergeIntoTheWholeDataset() {
        Path whole = dir.resolve("whole");
        Path p1 = dir.resolve("p1");
        Path p2 = dir.resolve("p2");
        assertEquals(0, run(generateArgs(whole, 5)));
        assertEquals(0, run(generateArgs(p1, 5, "--shard", "1/2")));
        assertEquals(0, run(generateArgs(p2, 5, "--shard", "2/2")));
        assertEquals(2, DatasetManifest.read(p1).shards.size());
        assertEquals(1, DatasetManifest.read(p2).shards.size());
        Path merged = dir.resolve("merged");
        assertEquals(0, run("dataset", "merge", merged.toString(), p1.toString(), p2.toString()));
        assertEquals(checksums(whole), checksums(merged));
        assertEquals(DatasetManifest.read(whole).split, DatasetManifest.read(merged).split);
        assertEquals(0, run("dataset", "verify", merged.toString()));
        assertEquals(Main.USAGE_ERROR, run("dataset", "merge", dir.resolve("m2").toString(), p1.toString()),
                "a missing part is refused");
    }

    @Test
    void differentProtocolAgainstAnExistingFolderIsRefused() throws Exception {
        Path d = dir.resolve("d");
        assertEquals(0, run(generateArgs(d, 2)));
        Path protocol = dir.resolve("p.json");
        Files.writeString(protocol, "{\"excitatory_max_per_100ms\": 400}");
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(Main.USAGE_ERROR, Main.run(generateArgs(d, 2, "--protocol", protocol.toString()), c.outStream,
                c.errStream));
        assertTrue(c.err().contains("different protocol"), c.err());
    }

    @Test
    void verifyNamesACorruptShard() throws Exception {
        Path d = dir.resolve("d");
        assertEquals(0, run(generateArgs(d, 4)));
        Path shard = d.resolve("shard-00001.h5");
        try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xFF);
        }
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(1, Main.run(new String[] {"dataset", "verify", d.toString()}, c.outStream, c.errStream));
        assertTrue(c.out().contains("CORRUPT  shard-00001.h5"), c.out());
    }

    @Test
    void invalidProtocolParameterIsNamedWithItsRange() throws Exception {
        Path protocol = dir.resolve("p.json");
        Files.writeString(protocol, "{\"multiplier_min\": -3}");
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(Main.USAGE_ERROR, Main.run(generateArgs(dir.resolve("x"), 2, "--protocol", protocol.toString()),
                c.outStream, c.errStream));
        assertTrue(c.err().contains("multiplier_min"), c.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing created");
    }
}
