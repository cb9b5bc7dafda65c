package org.neurosurrogate.data.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** A running worker JVM ({@link GenerationWorker}) and its line protocol. */
final class WorkerProcess {

    static final class WorkerDied extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerDied(String message) {
            super(message);
        }
    }

    private final Process process;
    private final BufferedReader in;
    private final Writer to;
    private String lastError = "";
    private int segments;

    /** Recorded segments of the worker's cell, from its {@code ready} message. */
    int segments() {
        return segments;
    }

    private WorkerProcess(Process process) {
        this.process = process;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.to = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static WorkerProcess start(PythonEnvironment env, Path dir, int id) throws IOException, WorkerDied {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Process p = new ProcessBuilder(childJava(env, GenerationWorker.class, dir.toString()))
                .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("worker-" + id + ".log").toFile()))
                .start();
        WorkerProcess w = new WorkerProcess(p);
        String[] ready = w.next();
        if (!ready[0].equals("ready")) {
            throw new WorkerDied("unexpected first message " + String.join(" ", ready));
        }
        w.segments = Integer.parseInt(ready[1]);
        return w;
    }

    /** The command that runs {@code main} in a child JVM like this one (same java, class path and home). */
    static List<String> childJava(PythonEnvironment env, Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m",
                "-D" + PythonEnvironment.HOME_PROPERTY + "=" + env.home(),
                "-Dneurosurrogate.venv=" + env.venv(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    void send(String line) throws WorkerDied {
        try {
            to.write(line + "\n");
            to.flush();
        } catch (IOException e) {
            throw new WorkerDied("cannot reach the worker: " + e.getMessage());
        }
    }

    /** Next protocol message, split on spaces; other output (NEURON's) is ignored. */
    String[] next() throws WorkerDied {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(GenerationWorker.TAG + " ")) {
                    String[] msg = line.substring(GenerationWorker.TAG.length() + 1).split(" ");
                    if (msg[0].equals("error")) {
                        lastError = line.substring(GenerationWorker.TAG.length() + 7);
                        continue;
                    }
                    return msg;
                }
            }
        } catch (IOException e) {
            lastError = e.getMessage();
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        throw new WorkerDied("exit " + code + (lastError.isEmpty() ? "" : ": " + lastError));
    }

    void quit() {
        try {
            to.write("quit\n");
            to.flush();
            to.close();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /** Ends the worker now (its current simulation is abandoned; finished shards are already on disk). */
    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
