package org.neurosurrogate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.cli.Main;

/** What the fault tests share: running a command, damaging a file, checking the error is one clean line. */
final class Faults {
    static final String MODEL = TestSupport.home().resolve("examples/ball-and-stick").toString();

    private Faults() {
    }

    /** A command's outcome, run in this JVM exactly as the launcher runs it. */
    record Run(int status, String out, String err) {
        /** Exit {@code status}, one stderr line holding every {@code expected} text, no stack trace. */
        Run fails(int status, String... expected) {
            assertEquals(status, this.status, out + err);
            List<String> lines = err.strip().lines().filter(l -> !l.startsWith("warning: ")).toList();
            assertEquals(1, lines.size(), "one error line, got:\n" + err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace or exception name:\n" + err);
            for (String e : expected) {
                assertTrue(lines.get(0).contains(e), "'" + e + "' missing from: " + lines.get(0));
            }
            return this;
        }
    }

    static Run run(String... args) {
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(args, c.outStream, c.errStream);
        return new Run(status, c.out(), c.err());
    }

    /** A small dataset of the example cell: {@code sims} × 1200 ms, one simulation per shard. */
    static Path dataset(Path out, int sims) {
        Run r = run("generate", "--model", MODEL, "--simulations", String.valueOf(sims), "--duration", "1200",
                "--shard-size", "1", "--seed", "5", "--workers", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        return out;
    }

    /** A tiny, fast training run's arguments. */
    static List<String> trainArgs(Path data, Path out, int steps) {
        return new ArrayList<>(List.of("train", "--data", data.toString(), "--arch", "mh", "--out", out.toString(),
                "--steps", String.valueOf(steps), "--batch", "4", "--window", "160", "--burn-in", "50", "--channels",
                "4,3", "--kernel", "3", "--dilations", "1,2", "--eval-every", "10", "--checkpoint-every", "10",
                "--validation-windows", "4", "--seed", "3", "--threads", "1"));
    }

    /** Inverts every bit of one byte in the middle of {@code file}. */
    static void flipByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(~b & 0xff);
        }
    }

    /** Cuts {@code file} to half its length. */
    static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
    }

    /** Copies a folder tree (files only one level deep is enough for datasets and surrogates). */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Names under {@code dir} (recursively) that are temporary files or folders. */
    static List<Path> temporaries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    /** The launcher, started in the background with its output in {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(TestSupport.home().resolve("neurosurrogate").toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(TestSupport.home().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Waits (at most {@code seconds}) for {@code condition} while {@code p} runs. */
    static void await(Process p, int seconds, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(p.isAlive(), what + ": the process ended first");
            assertTrue(System.nanoTime() < deadline, what + ": not within " + seconds + " s");
            Thread.sleep(20);
        }
    }

    /** kill -9 of the process and its children (the launcher execs the JVM, so that is the process itself). */
    static void kill9(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
    }
}
