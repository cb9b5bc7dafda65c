package org.neurosurrogate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.BatchPredictor.FirstLayer;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.train.SurrogateTrainer;

/**
 * {@code bench all}: every benchmark in one command, each figure a ratio against a baseline measured in that same
 * command, written to {@code bench.json} and {@code bench.md}. Sizes are chosen so the whole run takes minutes on 2
 * cores; the single {@code bench WHAT} commands take larger ones.
 */
public final class BenchAll {
    public static final String JSON = "bench.json";
    public static final String MARKDOWN = "bench.md";

    /**
     * What {@code bench all} runs on and how large.
     *
     * @param simulateMs simulated ms per bridge-overhead run
     * @param generateSims simulations made with 1 and with 2 workers
     * @param generateMs their duration
     * @param readWindows windows per read measurement
     * @param trainBatch batch of the training-throughput runs (the real 639-segment sizes)
     * @param trainSteps timed steps per architecture
     * @param inferMs predicted ms per cell of whole-window inference
     * @param inferBatches whole-window batch sizes
     * @param streamMs ms per cell streamed
     * @param hybridMs the network's duration (its spec's is replaced)
     * @param scaleNetworks the networks of the scale figures, smallest first (each with its own surrogates)
     * @param scaleMs their duration
     */
    public record Settings(ModelSpec model, Path surrogate, NetworkSpec network, int threads, int simulateMs,
            int generateSims, int generateMs, int readWindows, int trainBatch, int trainSteps, int inferMs,
            int[] inferBatches, int streamMs, int hybridMs, List<Path> scaleNetworks, int scaleMs) {
    }

    private BenchAll() {
    }

    /** Runs everything and writes the two files into {@code outDir}; returns 0 when every benchmark ran cleanly. */
    public static int run(PythonEnvironment env, Settings s, Path outDir, PrintStream out) throws Exception {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new NeuroSurrogateException("--out " + outDir + ": cannot make the folder (" + e.getMessage() + ")");
        }
        AtomicFile.checkWritable(outDir.resolve(JSON), "--out");
        SurrogateTrainer.applyThreads(s.threads()); // before the engine starts
        Figures figures = new Figures();
        Map<String, Integer> status = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        int steps = 7;
        out.printf("bench all: 7 benchmarks; model %s, surrogate %s, network %s, %d threads%n", s.model().name(),
                s.surrogate(), s.network().name(), s.threads());

        out.printf("%n[1/%d] simulate: the bridge against plain Python%n", steps);
        status.put("simulate", SimulateBenchmark.run(env, s.model(), s.simulateMs(), 2, out, figures));

        out.printf("%n[2/%d] generate: 1 worker against 2%n", steps);
        Path work = Files.createTempDirectory("ns-bench-all");
        try {
            Path data = work.resolve("data");
            status.put("generate", GenerateBenchmark.run(env, s.model(), s.generateSims(), s.generateMs(), 2, out,
                    figures, data));

            out.printf("%n[3/%d] read: balanced windows from that dataset against training's consumption%n", steps);
            status.put("read", ReadBenchmark.run(data, s.readWindows(), 0, out, figures));
        } finally {
            FileTrees.deleteTree(work);
        }

        out.printf("%n[4/%d] train: each architecture against the seed's formulation%n", steps);
        status.put("train", TrainBenchmark.run(s.trainBatch(), 300, s.threads(), s.trainSteps(), List.of(Arch.values()),
                out, figures));

        out.printf("%n[5/%d] infer: the surrogate against NEURON on the same inputs%n", steps);
        status.put("infer", InferBenchmark.run(env, new InferBenchmark.Settings(s.surrogate(), s.model(), s.inferMs(),
                s.inferBatches(), s.threads(), 1, 2, s.streamMs(), new int[] {1, 20}, new int[] {1, 5},
                List.of(FirstLayer.values()), List.of()), out, figures));

        out.printf("%n[6/%d] hybrid: the network with its surrogates against all-detailed%n", steps);
        status.put("hybrid", HybridBenchmark.run(s.network().withDuration(s.hybridMs()), env, out, figures));

        out.printf("%n[7/%d] hybrid --scale: the cost against the number of surrogate cells%n", steps);
        status.put("hybrid-scale", HybridScaleBenchmark.run(new HybridScaleBenchmark.Settings(s.scaleNetworks(),
                s.scaleMs(), 1, null, 0, null, null, List.of()), env, out, figures));

        double wall = (System.nanoTime() - t0) / 1e9;
        write(s, figures, status, wall, outDir);
        out.printf("%n%s", markdown(figures));
        out.printf("bench all: %.0f s; wrote %s and %s%n", wall, outDir.resolve(JSON), outDir.resolve(MARKDOWN));
        return status.values().stream().allMatch(v -> v == 0) ? 0 : 1;
    }

    private static void write(Settings s, Figures figures, Map<String, Integer> status, double wallS, Path outDir)
            throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", s.model().name());
        settings.put("surrogate", s.surrogate().toString());
        settings.put("network", s.network().file() == null ? s.network().name() : s.network().file().toString());
        settings.put("threads", s.threads());
        settings.put("simulate_ms", s.simulateMs());
        settings.put("generate", ordered("simulations", s.generateSims(), "duration_ms", s.generateMs(), "workers", 2));
        settings.put("read_windows", s.readWindows());
        settings.put("train", ordered("batch", s.trainBatch(), "window_ms", 300, "steps", s.trainSteps()));
        settings.put("infer", ordered("duration_ms", s.inferMs(), "batches", s.inferBatches(),
                "stream_ms", s.streamMs(), "stream_batches", new int[] {1, 20}, "stream_steps_ms", new int[] {1, 5}));
        settings.put("hybrid_ms", s.hybridMs());
        settings.put("scale", ordered("networks", s.scaleNetworks().stream().map(Path::toString).toList(),
                "duration_ms", s.scaleMs()));
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "neurosurrogate.bench");
        doc.put("format_version", 1);
        doc.put("finished", Instant.now().toString());
        doc.put("wall_s", Math.round(wallS * 10) / 10.0);
        doc.put("machine", machine);
        doc.put("settings", settings);
        doc.put("status", status);
        doc.put("figures", figures.all().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", f.benchmark());
            m.put("name", f.name());
            m.put("ratio", Double.isFinite(f.ratio()) ? f.ratio() : null);
            m.put("baseline", f.baseline());
            m.put("measured", f.measured());
            m.put("target", f.target());
            m.put("met", f.met());
            return m;
        }).toList());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFile.write(outDir.resolve(JSON), o -> mapper.writeValue(o, doc));
        AtomicFile.write(outDir.resolve(MARKDOWN), o -> o.write(markdown(figures).getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The figures as a markdown table, one row each. */
    public static String markdown(Figures figures) {
        StringBuilder b = new StringBuilder("| benchmark | figure | ratio | baseline (same command) | measured | target "
                + "| met |\n|---|---|---|---|---|---|---|\n");
        for (Figures.Figure f : figures.all()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s× | %s | %s | %s | %s |%n", f.benchmark(), f.name(),
                    InferBenchmark.sig(f.ratio()), f.baseline(), f.measured(), f.target().isEmpty() ? "-" : f.target(),
                    f.met() == null ? "-" : f.met() ? "yes" : "**no**"));
        }
        return b.toString();
    }
}
