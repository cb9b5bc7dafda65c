package org.neurosurrogate.data.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * Builds a model once in a child process (mechanisms compiled, hoc loaded, template instantiated, synapses placed)
 * before {@code generate} makes a folder or starts a worker, so a model error is one line and nothing on disk
 * rather than failed shards and retries that cannot help. A child process, because this one may already hold a
 * NEURON with another model's mechanisms.
 */
public final class ModelCheck {
    private ModelCheck() {
    }

    /** Child side: {@code ModelCheck MODEL_FOLDER}; prints {@code @ns ok SEGMENTS} or {@code @ns error MESSAGE}. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        try (CellSimulator cell = CellSimulator.open(ModelSpec.load(Path.of(args[0])), PythonEnvironment.locate())) {
            out.println(GenerationWorker.TAG + " ok " + cell.segments().size());
            out.flush();
            System.exit(0);
        } catch (Throwable e) {
            out.println(GenerationWorker.TAG + " error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            out.flush();
            System.exit(2);
        }
    }

    /** Parent side: throws the model's error as one line; returns its recorded segment count. */
    public static int run(PythonEnvironment env, ModelSpec spec) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(WorkerProcess.childJava(env, ModelCheck.class, spec.folder().toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String verdict = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(GenerationWorker.TAG + " ")) {
                    verdict = line.substring(GenerationWorker.TAG.length() + 1);
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new NeuroSurrogateException("checking model " + spec.folder() + " did not finish in 30 minutes");
        }
        if (verdict != null && verdict.startsWith("ok ")) {
            return Integer.parseInt(verdict.substring(3).strip());
        }
        throw new NeuroSurrogateException(verdict != null && verdict.startsWith("error ") ? verdict.substring(6)
                : "checking model " + spec.folder() + " failed (exit " + p.exitValue() + ")");
    }
}
