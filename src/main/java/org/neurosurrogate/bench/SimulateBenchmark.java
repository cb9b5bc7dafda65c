package org.neurosurrogate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.PoissonDrive;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * {@code bench simulate}: one simulation through the JVM bridge (JEP) and the same simulation through
 * plain CPython driving the same bridge module, in one command. Prints the wall-time ratio JVM / Python;
 * the bridge should add almost nothing (target ≤ 1.05).
 */
public final class SimulateBenchmark {
    private SimulateBenchmark() {
    }

    public static int run(PythonEnvironment env, ModelSpec spec, int durationMs, int repeats, PrintStream out,
            Figures figures)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ns-bench-simulate");
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            SpikeTrains inputs = new PoissonDrive(PoissonDrive.DEFAULT_EXC_HZ, PoissonDrive.DEFAULT_INH_HZ)
                    .generate(cell.segments(), durationMs, 1);
            out.printf("bench simulate: model %s, %d segments, %d ms, %d input spikes, %d repeats each (best taken)%n",
                    spec.name(), cell.segments().size(), durationMs, inputs.size(), repeats);
            double jvmBest = Double.POSITIVE_INFINITY;
            double jvmChecksum = 0;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                SimulationResult r = cell.run(inputs, durationMs, 1);
                double s = (System.nanoTime() - t0) / 1e9;
                jvmBest = Math.min(jvmBest, s);
                jvmChecksum = 0;
                for (float v : r.soma()) {
                    jvmChecksum += v;
                }
                out.printf("  JVM (JEP)     run %d: %.2f s%n", i + 1, s);
            }
            Path config = writeConfig(work, cell, inputs, durationMs, repeats);
            JsonNode py = runPython(env, config);
            double pyBest = Double.POSITIVE_INFINITY;
            int i = 0;
            for (JsonNode s : py.get("run_s")) {
                pyBest = Math.min(pyBest, s.asDouble());
                out.printf("  plain Python  run %d: %.2f s%n", ++i, s.asDouble());
            }
            double pyChecksum = py.get("soma_checksum").asDouble();
            boolean same = Math.abs(pyChecksum - jvmChecksum) <= 1e-6 * Math.abs(jvmChecksum);
            out.printf("same simulation in both: %s (soma checksum %.4f vs %.4f)%n", same ? "yes" : "NO",
                    jvmChecksum, pyChecksum);
            out.printf("wall per simulated second: JVM %.2f s, Python %.2f s%n", jvmBest * 1000 / durationMs,
                    pyBest * 1000 / durationMs);
            out.printf("ratio JVM / Python = %.3f (target <= 1.05)%n", jvmBest / pyBest);
            figures.add("simulate", "bridge overhead: " + spec.name() + " " + durationMs + " ms through JVM + JEP",
                    jvmBest / pyBest, String.format(java.util.Locale.ROOT, "plain Python NEURON %.2f s", pyBest),
                    String.format(java.util.Locale.ROOT, "JVM %.2f s%s", jvmBest, same ? "" : "; NOT the same run"),
                    false, 1.05);
            return same ? 0 : 1;
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private static Path writeConfig(Path work, CellSimulator cell, SpikeTrains inputs, int durationMs, int repeats)
            throws IOException {
        Path times = work.resolve("times.f8");
        Path channels = work.resolve("channels.i4");
        ByteBuffer tb = ByteBuffer.allocate(inputs.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer cb = ByteBuffer.allocate(inputs.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < inputs.size(); k++) {
            tb.putDouble(inputs.timesMs()[k]);
            cb.putInt(inputs.channels()[k]);
        }
        Files.write(times, tb.array());
        Files.write(channels, cb.array());
        ModelSpec spec = cell.spec();
        Map<String, Object> cfg = PlainNeuronConfig.of(spec, cell.mechanismLibrary(), durationMs);
        cfg.put("segment_interval_ms", CellSimulator.SEGMENT_INTERVAL_MS);
        cfg.put("soma_interval_ms", CellSimulator.SOMA_INTERVAL_MS);
        cfg.put("times_file", times.toString());
        cfg.put("channels_file", channels.toString());
        cfg.put("segments", cell.segments().size());
        cfg.put("repeats", repeats);
        Path config = work.resolve("config.json");
        new ObjectMapper().writeValue(config.toFile(), cfg);
        return config;
    }

    private static JsonNode runPython(PythonEnvironment env, Path config) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(env.python().toString(),
                env.bridgeDir().resolve("bench_simulate.py").toString(), config.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("NEURON_MODULE_OPTIONS", "-nogui");
        pb.environment().remove("LD_PRELOAD"); // libjsig is for the JVM only
        pb.environment().put("PYTHONPATH", env.bridgeDir().toString());
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new NeuroSurrogateException("the plain-Python baseline failed (exit " + p.exitValue() + ")");
        }
        List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
        if (lines.isEmpty()) {
            throw new NeuroSurrogateException("the plain-Python baseline printed no result: " + stdout);
        }
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
}
