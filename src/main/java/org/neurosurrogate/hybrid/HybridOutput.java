package org.neurosurrogate.hybrid;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.NetworkRecordingFile;

/**
 * Writes a network run's outputs: {@code spikes.h5} ({@link NetworkRecordingFile}), {@code summary.json} (rates per
 * population and cell kind, wall time split), {@code raster.png} and {@code rates.png}; for a validation also
 * {@code validation.md} and {@code validation.json}. Everything goes into a temporary folder beside the target,
 * renamed into place at the end, so a failed or refused run leaves no partial output folder.
 */
public final class HybridOutput {
    public static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HybridOutput() {
    }

    /** Refuses, before any work, an output folder that cannot be (re)placed. */
    public static void checkTarget(Path out) {
        Path abs = out.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NeuroSurrogateException("--out " + out + ": folder " + parent + " does not exist (create it first)");
        }
        if (!Files.isWritable(parent)) {
            throw new NeuroSurrogateException("--out " + out + ": folder " + parent + " is not writable");
        }
        if (Files.exists(abs) && !isReplaceable(abs)) {
            throw new NeuroSurrogateException("--out " + out + ": exists and is not the output of an earlier hybrid "
                    + "run (choose a new folder or remove it)");
        }
    }

    private static boolean isReplaceable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return Files.exists(dir.resolve(SUMMARY)) || Files.exists(dir.resolve("validation.md"))
                    || s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** A fresh temporary folder beside {@code out}. */
    public static Path begin(Path out) throws IOException {
        Path tmp = AtomicFile.temporaryFor(out);
        Files.createDirectories(tmp);
        return tmp;
    }

    /** Moves the finished temporary folder to {@code out}, replacing an earlier run's output. */
    public static void commit(Path tmp, Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Path old = null;
        if (Files.exists(abs)) {
            old = AtomicFile.temporaryFor(abs);
            Files.move(abs, old);
        }
        Files.move(tmp, abs);
        if (old != null) {
            FileTrees.deleteTree(old);
        }
    }

    /** {@code .NAME + suffix} beside the output folder {@code NAME}: the run's files that are not its output. */
    public static Path beside(Path out, String suffix) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + suffix);
    }

    /** Deletes the temporary folders an interrupted run left beside {@code out} (call while holding its lock). */
    public static void removeStaleTemporaries(Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        String prefix = "." + abs.getFileName() + ".tmp-";
        try (var siblings = Files.list(abs.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                FileTrees.deleteTree(p);
            }
        }
    }

    /** Deletes an unfinished temporary folder. */
    public static void discard(Path tmp) {
        FileTrees.deleteTree(tmp);
    }

    /** One run's files into {@code dir}. */
    public static void writeRun(Path dir, HybridResult r, String kind) throws IOException {
        Files.createDirectories(dir);
        NetworkPlan plan = r.plan();
        int cells = plan.cells().size();
        int[] population = new int[cells];
        boolean[] surrogate = new boolean[cells];
        for (NetworkPlan.Cell c : plan.cells()) {
            population[c.gid()] = c.population();
            surrogate[c.gid()] = c.surrogate();
        }
        List<String> names = plan.spec().populations().stream().map(NetworkSpec.Population::name).toList();
        NetworkRecordingFile.write(dir.resolve("spikes.h5"), new NetworkRecordingFile.Header(plan.spec().name(),
                plan.spec().seed(), plan.spec().durationMs(), plan.intervalMs(), kind, names), r.spikeTimesMs(),
                population, surrogate, r.voltages());
        writeJson(dir.resolve(SUMMARY), summary(r, kind));
        NetworkPlots.raster(dir.resolve("raster.png"), r, plan.spec().name() + " (" + kind + "): spikes");
        NetworkPlots.rates(dir.resolve("rates.png"), Map.of(kind, r), plan.spec().name() + " (" + kind
                + "): population rates");
    }

    /** summary.json's content. */
    public static Map<String, Object> summary(HybridResult r, String kind) {
        NetworkPlan plan = r.plan();
        int duration = plan.spec().durationMs();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", plan.spec().name());
        m.put("kind", kind);
        m.put("seed", plan.spec().seed());
        m.put("duration_ms", duration);
        m.put("cells", plan.cells().size());
        m.put("surrogate_cells", plan.surrogateCount());
        m.put("connections", plan.connections().size());
        m.put("interval_ms", plan.intervalMs());
        m.put("neuron_exchange_interval_ms", r.exchangeIntervalMs());
        m.put("ranks", r.ranks());
        Map<String, Object> wall = new LinkedHashMap<>();
        wall.put("setup_s", r.setupS());
        wall.put("neuron_s", r.neuronS());
        wall.put("surrogate_s", r.surrogateS());
        wall.put("exchange_s", r.exchangeS());
        wall.put("waited_for_surrogates_s", r.waitS());
        wall.put("run_s", r.wallS());
        wall.put("note", plan.lagIntervals() == 2 ? "surrogate steps overlap NEURON (on their own thread): run_s is "
                + "not the sum; waited_for_surrogates_s is their share of it" : "run_s = NEURON + surrogate + exchange");
        m.put("wall", wall);
        m.put("lag_intervals", plan.lagIntervals());
        List<Map<String, Object>> pops = new ArrayList<>();
        for (int p = 0; p < plan.spec().populations().size(); p++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("population", plan.spec().populations().get(p).name());
            for (Map.Entry<String, List<Integer>> e : NetworkStats.gidsByKind(plan, p).entrySet()) {
                double rate = NetworkStats.meanRateHz(r.spikeTimesMs(), e.getValue(), duration);
                row.put("cells_" + e.getKey(), e.getValue().size());
                row.put("rate_hz_" + e.getKey(), Double.isFinite(rate) ? rate : null);
            }
            pops.add(row);
        }
        m.put("populations", pops);
        double[] perCell = new double[plan.cells().size()];
        for (int g = 0; g < perCell.length; g++) {
            perCell[g] = NetworkStats.rateHz(r.spikeTimesMs()[g], duration);
        }
        m.put("rate_hz_per_cell", perCell);
        return m;
    }

    /** validation.md and validation.json, and both runs' population rates in one plot. */
    public static void writeValidation(Path dir, Validation v, HybridResult detailed, HybridResult hybrid)
            throws IOException {
        writeJson(dir.resolve("validation.json"), v.toMap());
        AtomicFile.write(dir.resolve("validation.md"),
                out -> out.write(v.toMarkdown(hybrid.plan().spec().name()).getBytes(StandardCharsets.UTF_8)));
        Map<String, HybridResult> runs = new LinkedHashMap<>();
        runs.put("all-detailed", detailed);
        runs.put("hybrid", hybrid);
        NetworkPlots.rates(dir.resolve("rates.png"), runs, hybrid.plan().spec().name() + ": population rates");
    }

    static void writeJson(Path file, Object value) throws IOException {
        AtomicFile.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, value));
    }
}
