package org.neurosurrogate.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.generate.StreamSchedule;

/**
 * What a live training keeps across its runs, in {@code checkpoints/live-stream.json}: the stream's settings (a
 * run with other ones would train on another stream, so it is refused), the normalisation taken from the first
 * simulations (they leave the spool long before the last run), and one entry per run: its steps, the stream's
 * simulations it admitted, how many it simulated, its wall time.
 */
final class LiveRuns {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "live-stream.json";

    private final Path file;
    private final StreamSchedule schedule;
    private final Map<String, Object> state;

    private LiveRuns(Path file, StreamSchedule schedule, Map<String, Object> state) {
        this.file = file;
        this.schedule = schedule;
        this.state = state;
    }

    @SuppressWarnings("unchecked")
    static LiveRuns open(Path checkpoints, StreamSchedule schedule, TrainingRun.Live live) throws IOException {
        Files.createDirectories(checkpoints);
        Path file = checkpoints.resolve(FILE);
        String stream = schedule.describe() + ", " + live.durationMs() + " ms, model " + live.spec().name()
                + ", protocol " + Integer.toHexString(live.protocol().toMap().toString().hashCode());
        Map<String, Object> state = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            state = JSON.readValue(file.toFile(), Map.class);
            if (!stream.equals(state.get("stream"))) {
                throw new NeuroSurrogateException(file + " was written by a live run of another stream (" + state.get(
                        "stream") + "; this command: " + stream + "): give the same --buffer, --reservoir, "
                        + "--steps-per-sim, --duration, --model and --protocol to continue it, or another --out");
            }
        } else {
            state.put("stream", stream);
            state.put("runs", new ArrayList<>());
        }
        return new LiveRuns(file, schedule, state);
    }

    /** The run's normalisation: saved by the first run, computed (and saved) by {@code compute} if none is. */
    @SuppressWarnings("unchecked")
    NormalisationStats stats(Supplier<NormalisationStats> compute) throws IOException {
        Object saved = state.get("normalisation");
        if (saved != null) {
            return NormalisationStats.fromMap((Map<String, ?>) saved);
        }
        if (!runs().isEmpty()) {
            throw new NeuroSurrogateException(file + " lost its normalisation: delete " + file.getParent()
                    + " to train afresh");
        }
        NormalisationStats stats = compute.get();
        state.put("normalisation", stats.toMap());
        write();
        return stats;
    }

    /** Appends this run (steps {@code fit.startStep()} to {@code fit.steps()}) and returns every run so far. */
    List<Map<String, Object>> record(SurrogateTrainer.FitResult fit, int simulated, double wallSeconds) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run", runs().size() + 1);
        run.put("steps", List.of(fit.startStep(), fit.steps()));
        int from = fit.startStep() == 0 ? 0 : schedule.admitted(fit.startStep() - 1);
        run.put("stream_simulations", List.of(from, schedule.admitted(Math.max(0, fit.steps() - 1))));
        run.put("simulated_this_run", simulated);
        run.put("wall_s", Math.round(wallSeconds));
        run.put("ended", fit.paused() ? "paused" : fit.stoppedEarly() ? "stopped early" : "finished");
        runs().add(run);
        try {
            write();
        } catch (IOException e) {
            throw new NeuroSurrogateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return runs();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> runs() {
        return (List<Map<String, Object>>) state.get("runs");
    }

    private void write() throws IOException {
        AtomicFile.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, state));
    }
}
