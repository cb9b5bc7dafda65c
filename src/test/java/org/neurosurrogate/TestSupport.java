package org.neurosurrogate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helpers shared by tests: the installation root, running the venv's Python and the launcher. */
public final class TestSupport {
    private TestSupport() {
    }

    public static Path home() {
        return Path.of(System.getProperty("neurosurrogate.home", ".")).toAbsolutePath().normalize();
    }

    /** The files of a folder below the project home whose names end with {@code suffix}, sorted. */
    public static List<Path> filesIn(String folder, String suffix) throws IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(home().resolve(folder))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Output and exit status of a process. */
    public record Result(int status, String stdout, String stderr) {
    }

    /** Runs a command to completion (at most {@code timeoutS} seconds) with extra environment variables. */
    public static Result exec(List<String> command, Map<String, String> env, int timeoutS)
            throws IOException, InterruptedException {
        return exec(command, home(), env, timeoutS);
    }

    /** As {@link #exec(List, Map, int)}, in the working directory {@code dir}. */
    public static Result exec(List<String> command, Path dir, Map<String, String> env, int timeoutS)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t1 = new Thread(() -> copy(p.getInputStream(), out));
        Thread t2 = new Thread(() -> copy(p.getErrorStream(), err));
        t1.start();
        t2.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutS + " s: " + command);
        }
        t1.join();
        t2.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(java.io.InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /**
     * Runs a Python snippet in the project's venv (h5py, numpy, NEURON available): the launcher's, {@code
     * NEUROSURROGATE_VENV} where set, else {@code .venv}.
     */
    public static Result python(String code, String... args) throws IOException, InterruptedException {
        String venv = System.getenv("NEUROSURROGATE_VENV");
        java.nio.file.Path python = (venv != null ? java.nio.file.Path.of(venv) : home().resolve(".venv"))
                .resolve("bin/python");
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c", code));
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of(), 120);
    }

    /** Runs the user-facing launcher {@code ./neurosurrogate} with the given arguments. */
    public static Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home().resolve("neurosurrogate").toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, env, 600);
    }

    /** Captures what an in-process CLI call prints. */
    public static final class Captured {
        public final ByteArrayOutputStream out = new ByteArrayOutputStream();
        public final ByteArrayOutputStream err = new ByteArrayOutputStream();
        public final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        public final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        public String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        public String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }
}
