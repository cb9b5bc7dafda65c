package org.neurosurrogate.surrogate;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * The linear causal-filter baseline trained beside a surrogate ({@link LinearCausalFilter}), kept in the
 * surrogate's folder as {@value #PARAMS} (DJL parameters) and {@value #JSON} (rank, receptive field, input
 * channels, tasks, how it was trained; format {@value #FORMAT} version {@value #VERSION}). It shares the
 * surrogate's input contract and normalisation statistics, so it predicts in the same units and is scored by
 * {@code evaluate} exactly like the surrogate. Folders saved before baselines were kept have neither file; their
 * surrogate loads without one.
 */
public final class LinearBaseline {
    public static final String FORMAT = "neurosurrogate.linear-baseline";
    public static final int VERSION = 1;
    public static final String JSON = "baseline-linear.json";
    public static final String PARAMS = "baseline-linear.params";

    private final LinearCausalFilter filter;
    private final SegmentTable segments;
    private final NormalisationStats stats;
    private final Map<String, Object> info;
    private final NDManager manager;

    LinearBaseline(LinearCausalFilter filter, SegmentTable segments, NormalisationStats stats,
            Map<String, Object> info, NDManager manager) {
        if (filter.inputChannels() != segments.inputChannels() || filter.tasks() != segments.size() + 2) {
            throw new NeuroSurrogateException("the linear baseline maps " + filter.inputChannels() + " channels to "
                    + filter.tasks() + " tasks; the surrogate has " + segments.inputChannels() + " channels and "
                    + (segments.size() + 2) + " tasks");
        }
        this.filter = filter;
        this.segments = segments;
        this.stats = stats;
        this.info = new LinkedHashMap<>(info);
        this.manager = manager;
    }

    /** Predicts like {@link Surrogate#predict}: silence before t = 0, mV, spike probability and times. */
    public Surrogate.Prediction predict(SpikeTrains inputs, int durationMs) {
        return Surrogate.predict(filter, filter.inputChannels(), filter.receptiveField(), segments, stats, manager,
                inputs, durationMs, "linear baseline", Surrogate.spikeThreshold(info), Surrogate.spikeRefractoryMs(info));
    }

    public LinearCausalFilter filter() {
        return filter;
    }

    public int receptiveField() {
        return filter.receptiveField();
    }

    /** How it was trained (steps, learning rate, validation metrics), as given when it was attached. */
    public Map<String, Object> info() {
        return info;
    }

    /** As {@link Surrogate#setSpikeReadout}, for the baseline (saved with it). */
    public void setSpikeReadout(double threshold, double refractoryMs, Map<String, Object> details) {
        info.put(Surrogate.SPIKE_THRESHOLD, threshold);
        info.put(Surrogate.SPIKE_REFRACTORY_MS, refractoryMs);
        info.put("spike_calibration", details);
    }

    /** Writes {@value #PARAMS}, then {@value #JSON}, each under a temporary name renamed into place. */
    void save(Path dir) throws IOException {
        String paramsSha = Surrogate.writeParameters(filter, dir.resolve(PARAMS));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", VERSION);
        m.put("kind", "linear causal filter, factorised: 1x1 map input channels -> rank, causal rank -> rank filter"
                + " of length receptive_field, 1x1 map rank -> tasks (with bias); no activations");
        m.put("rank", LinearCausalFilter.RANK);
        m.put("receptive_field", filter.receptiveField());
        m.put("input_channels", filter.inputChannels());
        m.put("tasks", filter.tasks());
        m.put("task_order", "S segment voltages, soma voltage, spike logit (as the surrogate's)");
        m.put("normalisation", "the surrogate's (" + Surrogate.JSON + ")");
        m.putAll(info);
        m.put(Surrogate.PARAMS_SHA256, paramsSha);
        Surrogate.writeJson(m, dir.resolve(JSON));
    }

    /** Saves a trained filter alone into {@code dir} (a cache of it), as a surrogate saves its baseline. */
    public static void saveAlone(Path dir, LinearCausalFilter filter, SegmentTable segments, NormalisationStats stats,
            Map<String, Object> info, NDManager manager) throws IOException {
        Files.createDirectories(dir);
        new LinearBaseline(filter, segments, stats, info, manager).save(dir);
    }

    /** Removes a baseline left in {@code dir} by an earlier save (the JSON first: it marks the pair present). */
    static void remove(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(JSON));
        Files.deleteIfExists(dir.resolve(PARAMS));
    }

    /** The baseline saved in {@code dir}, or null when there is none (a folder saved before baselines were kept). */
    @SuppressWarnings("unchecked")
    public static LinearBaseline load(Path dir, SegmentTable segments, NormalisationStats stats, NDManager manager) {
        Path json = dir.resolve(JSON);
        if (!Files.isRegularFile(json)) {
            return null;
        }
        Map<String, Object> m = Surrogate.readJson(json, FORMAT, VERSION);
        int rank;
        int r;
        int channels;
        int tasks;
        try {
            rank = ((Number) m.get("rank")).intValue();
            r = ((Number) m.get("receptive_field")).intValue();
            channels = ((Number) m.get("input_channels")).intValue();
            tasks = ((Number) m.get("tasks")).intValue();
        } catch (RuntimeException e) {
            throw new NeuroSurrogateException(json + ": malformed (rank, receptive_field, input_channels and tasks"
                    + " must be numbers)", e);
        }
        if (rank != LinearCausalFilter.RANK || r < 1) {
            throw new NeuroSurrogateException(json + ": rank " + rank + ", receptive field " + r + "; this program"
                    + " reads rank " + LinearCausalFilter.RANK + " filters");
        }
        LinearCausalFilter filter = new LinearCausalFilter(channels, tasks, r);
        LinearBaseline b;
        try {
            b = new LinearBaseline(filter, segments, stats, withoutLayout(m), manager);
        } catch (NeuroSurrogateException e) {
            throw new NeuroSurrogateException(json + ": " + e.getMessage(), e);
        }
        filter.initialize(manager, DataType.FLOAT32, new Shape(1, channels, r));
        Surrogate.readParameters(filter, manager, dir.resolve(PARAMS), "the linear baseline's parameters",
                m.get(Surrogate.PARAMS_SHA256));
        return b;
    }

    private static Map<String, Object> withoutLayout(Map<String, Object> m) {
        Map<String, Object> info = new LinkedHashMap<>(m);
        for (String k : List.of("format", "format_version", "kind", "rank", "receptive_field", "input_channels",
                "tasks", "task_order", "normalisation")) {
            info.remove(k);
        }
        return info;
    }
}
