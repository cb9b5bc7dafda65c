package org.neurosurrogate.surrogate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.model.StreamingPredictor;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * A trained surrogate and what is needed to use it: the network, the input contract (segment table, channel
 * order), the normalisation statistics, the training data's manifest hash and the metrics at save time.
 *
 * <p>On disk a surrogate is a folder: {@value #PARAMS} (the network's parameters in DJL's format) and
 * {@value #JSON} (everything else; format {@value #FORMAT} version {@value #VERSION}), and, when one was trained
 * with it, the linear baseline ({@link LinearBaseline}: {@value LinearBaseline#PARAMS} and
 * {@value LinearBaseline#JSON}). {@value #JSON} is written last, so a folder with it is complete.
 *
 * <p>{@link #predict} treats the time before t = 0 as silence: the network sees R − 1 frames of zero input in front
 * of the given spike trains, which is what a cell at rest since long before sees. Its first outputs are thus the
 * resting state, as in training where every scored frame had a full receptive field of real input.
 */
public final class Surrogate implements AutoCloseable {
    /** The {@code format} field of {@value #JSON}: a folder whose JSON names another format is refused. */
    public static final String FORMAT = "neurosurrogate.surrogate";
    /** 2: the MMoE gate expert-major ({@link SurrogateNet#GATE_LAYOUT}); format 1 files are read and re-ordered. */
    public static final int VERSION = 2;
    /** The surrogate's JSON file: everything but the weights; written last, so its presence marks a complete save. */
    public static final String JSON = "surrogate.json";
    /** The network's parameters, in DJL's format. */
    public static final String PARAMS = "surrogate.params";
    /** Channel order of the input contract, stored in the JSON for readers that are not this program. */
    public static final String CHANNEL_ORDER = "channel c < S: excitatory synapse of segment c; S + c: its inhibitory"
            + " synapse; value 1 in each 1-ms bin holding an input spike, else 0";
    /** Output frames computed per forward pass in {@link #predict}; bounds memory for long inputs. */
    static final int CHUNK_FRAMES = 1000;
    /**
     * JSON field of the spike read-out: the probability above which a bin holds a spike (absent in surrogates
     * saved before calibration: {@value #DEFAULT_SPIKE_THRESHOLD}).
     */
    public static final String SPIKE_THRESHOLD = "spike_threshold";
    /** JSON field of the spike read-out: the refractory merge, ms (absent before calibration: no merge). */
    public static final String SPIKE_REFRACTORY_MS = "spike_refractory_ms";
    /** The spike threshold of a surrogate saved without a calibrated one. */
    public static final double DEFAULT_SPIKE_THRESHOLD = 0.5;
    /** JSON field: the SHA-256 of the parameters file beside it, checked on load. */
    public static final String PARAMS_SHA256 = "params_sha256";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Predictions for one simulation of T ms. A surrogate trained on a clipped soma (the default, see
     * {@code normalisation.soma_clip_mv} in its JSON) predicts the subthreshold soma voltage; its spikes are
     * {@code spikeTimesMs}, from the spike head. Arrays over time have one entry per 1-ms bin, from t = 0.
     *
     * @param voltagesMv each recorded segment's voltage, mV, indexed {@code [segment][ms]} in segment-table order
     * @param somaMv the soma's voltage, mV, one value per ms
     * @param spikeProbability the spike head's probability that each 1-ms bin holds a somatic spike
     * @param spikeTimesMs the somatic spikes read out of {@code spikeProbability} with the surrogate's threshold
     *     and refractory merge ({@link Surrogate#spikeTimes(float[], double, double)}), ms, ascending
     */
    public record Prediction(float[][] voltagesMv, float[] somaMv, float[] spikeProbability, double[] spikeTimesMs) {
    }

    private final SurrogateNet net;
    private final Hyper hyper;
    private final SegmentTable segments;
    private final NormalisationStats stats;
    private final Map<String, Object> info;
    private final NDManager manager;
    private final boolean ownsManager;
    private LinearBaseline linear;

    private Surrogate(SurrogateNet net, Hyper hyper, SegmentTable segments, NormalisationStats stats,
            Map<String, Object> info, NDManager manager, boolean ownsManager) {
        this.net = net;
        this.hyper = hyper;
        this.segments = segments;
        this.stats = stats;
        this.info = info;
        this.manager = manager;
        this.ownsManager = ownsManager;
    }

    /**
     * Wraps a trained, initialised network (its parameters stay where they are). {@link #close} leaves
     * {@code manager} open: it belongs to the caller.
     *
     * @param net the trained network, initialised
     * @param hyper the hyperparameters it was built with (saved so that {@link #load} can rebuild it)
     * @param segments the input contract: the recorded segments, in channel order
     * @param stats the training split's normalisation, which turns the network's z-scores back into mV
     * @param info extra fields for the JSON, e.g. {@code training_manifest_sha256}, {@code metrics}, {@code window_ms}
     * @param manager the DJL manager that holds the network's parameters
     * @return the surrogate
     * @throws NeuroSurrogateException when {@code stats} is null, or the segment table or the statistics do not
     *     fit the network's inputs and outputs
     */
    public static Surrogate of(SurrogateNet net, Hyper hyper, SegmentTable segments, NormalisationStats stats,
            Map<String, Object> info, NDManager manager) {
        if (stats == null) {
            throw new NeuroSurrogateException("missing normalisation statistics: a surrogate cannot report mV without"
                    + " them");
        }
        checkFits(net, segments, stats);
        return new Surrogate(net, hyper, segments, stats, new LinkedHashMap<>(info), manager, false);
    }

    private static void checkFits(SurrogateNet net, SegmentTable segments, NormalisationStats stats) {
        if (segments.size() != net.layout().segments() || segments.inputChannels() != net.inputChannels()) {
            throw new NeuroSurrogateException("the segment table has " + segments.size() + " segments ("
                    + segments.inputChannels() + " input channels), the network " + net.layout().segments() + " ("
                    + net.inputChannels() + ")");
        }
        if (stats.rows() != net.layout().voltageTasks()) {
            throw new NeuroSurrogateException("normalisation statistics have " + stats.rows() + " rows, the network "
                    + net.layout().voltageTasks() + " voltage outputs");
        }
    }

    /**
     * Attaches the linear baseline trained beside this surrogate (same input contract and normalisation; its
     * parameters stay where they are); {@link #save} then writes it too.
     *
     * @param filter the trained linear causal filter
     * @param info how it was trained (steps, learning rate, validation metrics), written into its JSON
     * @return this surrogate
     * @throws NeuroSurrogateException when the filter's input channels or outputs do not fit this surrogate's
     */
    public Surrogate withLinearBaseline(LinearCausalFilter filter, Map<String, Object> info) {
        linear = new LinearBaseline(filter, segments, stats, info, manager);
        return this;
    }

    /**
     * The linear baseline saved with this surrogate.
     *
     * @return the baseline; empty for folders saved before baselines were kept
     */
    public Optional<LinearBaseline> linearBaseline() {
        return Optional.ofNullable(linear);
    }

    /**
     * Checks that data recorded with {@code table} fits this surrogate: a surrogate fed another cell's inputs
     * would predict without complaint, and wrongly.
     *
     * @param table the segment table of the data
     * @throws NeuroSurrogateException when the segments differ (another cell, or another segment order)
     */
    public void checkCompatible(SegmentTable table) {
        if (table.size() != segments.size() || !Arrays.equals(table.section(), segments.section())
                || !Arrays.equals(table.x(), segments.x())) {
            throw new NeuroSurrogateException("the data's segment table (" + table.size() + " segments) is not the "
                    + "surrogate's (" + segments.size() + " segments): another cell or another segment order");
        }
    }

    /**
     * Writes {@value #PARAMS}, the linear baseline's files (or removes an earlier save's, if this surrogate has
     * none) and, last, {@value #JSON} into {@code dir} (created if needed). Each file is written atomically, and
     * the JSON records the parameters file's SHA-256, so a damaged copy is refused on load.
     *
     * @param dir the surrogate's folder
     * @throws IOException when a file cannot be written
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        String paramsSha = writeParameters(net, dir.resolve(PARAMS));
        if (linear != null) {
            linear.save(dir);
        } else {
            LinearBaseline.remove(dir);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", VERSION);
        m.put("arch", net.arch().name());
        if (net.arch() != Arch.MH) {
            m.put("gate_layout", SurrogateNet.GATE_LAYOUT);
        }
        m.put("hyper", hyperMap(hyper, net.arch()));
        m.put("receptive_field", net.receptiveField());
        Map<String, Object> contract = new LinkedHashMap<>();
        contract.put("segments", segments.size());
        contract.put("input_channels", net.inputChannels());
        contract.put("channel_order", CHANNEL_ORDER);
        contract.put("task_order", "S segment voltages, soma voltage, spike logit");
        contract.put("segment_table", tableMap(segments));
        m.put("input_contract", contract);
        m.put("normalisation", stats.toMap());
        m.putAll(info);
        m.put(PARAMS_SHA256, paramsSha); // after info: a reloaded surrogate's info holds its old file's
        writeJson(m, dir.resolve(JSON));
    }

    /** A block's DJL parameters, written atomically; returns the file's SHA-256 (hex). */
    static String writeParameters(Block block, Path file) throws IOException {
        AtomicFile.write(file, out -> block.saveParameters(new DataOutputStream(out)));
        return org.neurosurrogate.FileTrees.sha256(file);
    }

    /** Pretty-printed JSON, written atomically. */
    static void writeJson(Map<String, Object> m, Path file) throws IOException {
        AtomicFile.write(file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, m));
    }

    /** Reads {@code json} and checks its format and version; errors name the file. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(Path json, String format, int version) {
        return readJson(json, format, version, version);
    }

    /** As above, for any version from {@code oldest} to {@code newest}. */
    static Map<String, Object> readJson(Path json, String format, int oldest, int newest) {
        Map<String, Object> m;
        try {
            m = MAPPER.readValue(json.toFile(), Map.class);
        } catch (IOException e) {
            throw org.neurosurrogate.JsonErrors.of(json, e);
        }
        Object v = m.get("format_version");
        if (!format.equals(m.get("format")) || !(v instanceof Integer n) || n < oldest || n > newest) {
            throw new NeuroSurrogateException(json + ": format " + m.get("format") + " version " + v
                    + ", this program reads " + format + " version " + (oldest == newest ? "" + newest
                    : oldest + " to " + newest) + (v instanceof Integer n && n > newest
                    ? " (written by a newer NeuroSurrogate: update it)" : ""));
        }
        return m;
    }

    /**
     * Loads DJL parameters into an initialised block; an error names the file and {@code what} it holds. With
     * {@code sha256} (the JSON's {@value #PARAMS_SHA256}; null for files saved before it was recorded) the file is
     * checked first: a damaged or replaced file is refused instead of loading as other weights.
     */
    static void readParameters(Block block, NDManager manager, Path file, String what, Object sha256) {
        if (sha256 != null) {
            String actual;
            try {
                actual = org.neurosurrogate.FileTrees.sha256(file);
            } catch (IOException e) {
                throw new NeuroSurrogateException(file + ": cannot read " + what + " (" + e.getMessage() + ")", e);
            }
            if (!actual.equals(sha256)) {
                throw new NeuroSurrogateException(file + ": damaged or replaced (its SHA-256 is not the "
                        + PARAMS_SHA256 + " its JSON records); copy the surrogate folder again or retrain it");
            }
        }
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException | IOException e) {
            throw new NeuroSurrogateException(file + ": cannot load " + what + " (" + e.getMessage() + ")", e);
        }
    }

    /** Prefix naming a surrogate shipped in the repository's {@code surrogates/} folder. */
    public static final String BUILTIN_PREFIX = "builtin:";

    /**
     * The folder a surrogate reference names. A folder path is returned unchecked ({@link #load} says what is
     * wrong with it); a built-in name is checked, so that a typo lists the shipped ones.
     *
     * @param ref {@code builtin:NAME} (a folder under {@code home/surrogates}) or a folder path
     * @param home the installation root
     * @return the surrogate's folder
     * @throws NeuroSurrogateException when {@code ref} names no shipped surrogate
     */
    public static Path locate(String ref, Path home) {
        if (!ref.startsWith(BUILTIN_PREFIX)) {
            return Path.of(ref);
        }
        Path root = home.resolve("surrogates");
        Path dir = root.resolve(ref.substring(BUILTIN_PREFIX.length()));
        if (ref.length() == BUILTIN_PREFIX.length() || ref.contains("/") || !Files.isRegularFile(dir.resolve(JSON))) {
            String shipped;
            try (var dirs = Files.list(root)) {
                shipped = dirs.filter(d -> Files.isRegularFile(d.resolve(JSON)))
                        .map(d -> BUILTIN_PREFIX + d.getFileName()).sorted().collect(java.util.stream.Collectors.joining(", "));
            } catch (IOException e) {
                shipped = "none";
            }
            throw new NeuroSurrogateException("unknown built-in surrogate '" + ref + "' (shipped: " + shipped + ")");
        }
        return dir;
    }

    /**
     * As {@link #locate}, checked before any run: the absolute folder of a saved surrogate, or a one-line error
     * naming {@code flag} when it holds no {@code surrogate.json}.
     *
     * @param ref {@code builtin:NAME} or a folder path
     * @param home the installation root
     * @param flag the flag that gave {@code ref}, for the error
     * @return the surrogate's absolute, normalised folder
     * @throws NeuroSurrogateException when {@code ref} names no saved surrogate
     */
    public static Path savedFolder(String ref, Path home, String flag) {
        Path dir = locate(ref, home).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(JSON))) {
            throw new NeuroSurrogateException(flag + ": " + ref + " is not a saved surrogate (no " + JSON + " in "
                    + dir + ")");
        }
        return dir;
    }

    /**
     * Loads a saved surrogate, with its linear baseline if one was saved, on the CPU. Format 1 folders are read
     * too. {@link #close} frees it.
     *
     * @param dir the surrogate's folder (see {@link #locate} for {@code builtin:} names)
     * @return the surrogate
     * @throws IOException declared for reading the folder; today a file that cannot be read is reported as a
     *     {@link NeuroSurrogateException} naming it
     * @throws NeuroSurrogateException when the folder holds no {@value #JSON}, the JSON is malformed or of
     *     another format or a newer version, or the parameters file does not match the SHA-256 the JSON records
     */
    public static Surrogate load(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.isRegularFile(json)) {
            throw new NeuroSurrogateException(dir + ": not a saved surrogate (no " + JSON + ")");
        }
        Map<String, Object> m = readJson(json, FORMAT, 1, VERSION);
        if (!(m.get("normalisation") instanceof Map<?, ?> norm)) {
            throw new NeuroSurrogateException(json + ": missing normalisation statistics ('normalisation')");
        }
        NormalisationStats stats;
        Hyper hyper;
        Arch arch;
        SegmentTable table;
        try {
            stats = NormalisationStats.fromMap((Map<String, ?>) norm);
            arch = Arch.valueOf((String) m.get("arch"));
            hyper = hyperFrom((Map<String, Object>) m.get("hyper"));
            table = tableFrom((Map<String, Object>) ((Map<String, Object>) m.get("input_contract")).get("segment_table"));
        } catch (RuntimeException e) {
            throw new NeuroSurrogateException(json + ": malformed (" + e + ")", e);
        }
        SurrogateNet net = SurrogateNet.create(arch, new TaskLayout(table.size()), table.inputChannels(), hyper);
        checkFits(net, table, stats);
        NDManager manager = NDManager.newBaseManager();
        try {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, net.inputChannels(), net.receptiveField()));
            readParameters(net, manager, dir.resolve(PARAMS), "parameters", m.get(PARAMS_SHA256));
            if (Integer.valueOf(1).equals(m.get("format_version"))) {
                net.gateFromTaskMajor(); // format 1 kept the MMoE gate task-major
            }
            Map<String, Object> info = new LinkedHashMap<>(m);
            for (String k : List.of("format", "format_version", "arch", "gate_layout", "hyper", "receptive_field",
                    "input_contract", "normalisation")) {
                info.remove(k);
            }
            Surrogate s = new Surrogate(net, hyper, table, stats, info, manager, true);
            s.linear = LinearBaseline.load(dir, table, stats, manager);
            return s;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Predicts {@code durationMs} ms driven by {@code inputs}, in chunks of {@value #CHUNK_FRAMES} ms so that
     * memory stays bounded for long inputs. Each event sets its channel's 1-ms bin ({@code floor(t)}) to 1;
     * events at t ≥ {@code durationMs} are ignored.
     *
     * @param inputs input spikes, channels as {@link #CHANNEL_ORDER} says
     * @param durationMs how long to predict, ms
     * @return every segment's and the soma's voltage, the spike probability and the spike times
     * @throws NeuroSurrogateException when {@code inputs} has another channel count than the surrogate
     */
    public Prediction predict(SpikeTrains inputs, int durationMs) {
        if (!net.isRecurrent()) {
            return predict(net, net.inputChannels(), net.receptiveField(), segments, stats, manager, inputs, durationMs,
                    "surrogate", spikeThreshold(info), spikeRefractoryMs(info));
        }
        // A recurrent state is carried from chunk to chunk (a restart per chunk would re-warm it on real input).
        try (StreamingPredictor stream = new StreamingPredictor(net, manager, 1)) {
            return predict(stream::step, 0, net.inputChannels(), segments, stats, manager, inputs, durationMs,
                    "surrogate", spikeThreshold(info), spikeRefractoryMs(info));
        }
    }

    /**
     * The probability above which a bin holds a spike.
     *
     * @param info a surrogate's JSON fields (see {@link #info()})
     * @return the calibrated threshold saved in {@code info}, else {@value #DEFAULT_SPIKE_THRESHOLD}
     */
    public static double spikeThreshold(Map<String, Object> info) {
        return info.get(SPIKE_THRESHOLD) instanceof Number n ? n.doubleValue() : DEFAULT_SPIKE_THRESHOLD;
    }

    /**
     * The refractory merge: spikes closer than this to the previous one are merged into it.
     *
     * @param info a surrogate's JSON fields (see {@link #info()})
     * @return the calibrated value saved in {@code info}, ms, else 0 (no merge)
     */
    public static double spikeRefractoryMs(Map<String, Object> info) {
        return info.get(SPIKE_REFRACTORY_MS) instanceof Number n ? n.doubleValue() : 0;
    }

    /**
     * This surrogate's spike threshold.
     *
     * @return the calibrated threshold, else {@value #DEFAULT_SPIKE_THRESHOLD} (see {@link #spikeThreshold(Map)})
     */
    public double spikeThreshold() {
        return spikeThreshold(info);
    }

    /**
     * Sets a calibrated spike read-out, which {@link #predict} uses from now on and {@link #save} writes into
     * {@value #JSON}; the details (how and where it was chosen) go under {@code spike_calibration}.
     *
     * @param threshold the probability above which a bin holds a spike
     * @param refractoryMs spikes closer than this to the previous one are merged, ms (0: no merge)
     * @param details how and on which data the read-out was chosen
     */
    public void setSpikeReadout(double threshold, double refractoryMs, Map<String, Object> details) {
        info.put(SPIKE_THRESHOLD, threshold);
        info.put(SPIKE_REFRACTORY_MS, refractoryMs);
        info.put("spike_calibration", details);
    }

    /**
     * The prediction loop of the surrogate and of its linear baseline: {@code block} maps {@code (1, channels, L)}
     * to {@code (1, S + 2, L − r + 1)} z-scored voltages and a spike logit; R − 1 frames of silence go in front,
     * {@value #CHUNK_FRAMES} output frames per forward pass.
     */
    static Prediction predict(Block block, int channels, int r, SegmentTable segments, NormalisationStats stats,
            NDManager manager, SpikeTrains inputs, int durationMs, String what, double threshold, double refractoryMs) {
        ParameterStore ps = new ParameterStore(manager, false);
        return predict(in -> block.forward(ps, new NDList(in), false).singletonOrThrow(), r - 1, channels, segments,
                stats, manager, inputs, durationMs, what, threshold, refractoryMs);
    }

    /**
     * The loop itself: {@code forward} maps a chunk's input {@code (1, channels, lookBack + Δ)} to its Δ output
     * frames; a stateless block looks back R − 1 frames, a stateful stream none.
     */
    private static Prediction predict(java.util.function.UnaryOperator<NDArray> forward, int lookBack, int channels,
            SegmentTable segments, NormalisationStats stats, NDManager manager, SpikeTrains inputs, int durationMs,
            String what, double threshold, double refractoryMs) {
        if (inputs.channelCount() != channels) {
            throw new NeuroSurrogateException("the input has " + inputs.channelCount() + " channels, the " + what
                    + " " + channels + " (2 × " + segments.size() + " segments)");
        }
        int s = segments.size();
        float[][] v = new float[s][durationMs];
        float[] soma = new float[durationMs];
        float[] p = new float[durationMs];
        for (int t0 = 0; t0 < durationMs; t0 += CHUNK_FRAMES) {
            int t1 = Math.min(durationMs, t0 + CHUNK_FRAMES);
            int from = t0 - lookBack; // first input frame; negative frames are silence
            int len = t1 - from;
            float[] x = new float[channels * len];
            double[] times = inputs.timesMs();
            int[] ch = inputs.channels();
            for (int e = 0; e < times.length; e++) {
                int bin = (int) Math.floor(times[e]);
                if (bin >= Math.max(0, from) && bin < t1) {
                    x[ch[e] * len + bin - from] = 1f;
                }
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray in = step.create(x, new Shape(1, channels, len));
                float[] y = forward.apply(in).toFloatArray();
                int out = t1 - t0; // y is (1, tasks, out)
                for (int row = 0; row < s; row++) {
                    for (int t = 0; t < out; t++) {
                        v[row][t0 + t] = (float) stats.toMillivolts(row, y[row * out + t]);
                    }
                }
                for (int t = 0; t < out; t++) {
                    soma[t0 + t] = (float) stats.toMillivolts(s, y[s * out + t]);
                    p[t0 + t] = (float) (1 / (1 + Math.exp(-y[(s + 1) * out + t])));
                }
            }
        }
        return new Prediction(v, soma, p, spikeTimes(p, threshold, refractoryMs));
    }

    /**
     * As {@link #spikeTimes(float[], double)}, then a spike less than {@code refractoryMs} after the previous kept
     * one is merged into it (dropped).
     *
     * @param probability spike probability per 1-ms bin
     * @param threshold the probability above which a bin holds a spike
     * @param refractoryMs the merge window, ms; 0 or less keeps every spike
     * @return the spike times, ms, ascending
     */
    public static double[] spikeTimes(float[] probability, double threshold, double refractoryMs) {
        double[] all = spikeTimes(probability, threshold);
        if (refractoryMs <= 0 || all.length < 2) {
            return all;
        }
        double[] kept = new double[all.length];
        int k = 0;
        for (double t : all) {
            if (k == 0 || t - kept[k - 1] >= refractoryMs) {
                kept[k++] = t;
            }
        }
        return Arrays.copyOf(kept, k);
    }

    /**
     * One spike per run of consecutive bins with probability above {@code threshold}, at the run's most probable
     * bin (the first of equals): a spike spread over two bins counts once.
     *
     * @param probability spike probability per 1-ms bin
     * @param threshold the probability above which a bin holds a spike
     * @return the spike times, ms (each a bin's start), ascending
     */
    public static double[] spikeTimes(float[] probability, double threshold) {
        List<Double> times = new ArrayList<>();
        for (int t = 0; t < probability.length; t++) {
            if (probability[t] > threshold) {
                int best = t;
                while (t + 1 < probability.length && probability[t + 1] > threshold) {
                    t++;
                    if (probability[t] > probability[best]) {
                        best = t;
                    }
                }
                times.add((double) best);
            }
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The network.
     *
     * @return the network, its parameters loaded
     */
    public SurrogateNet net() {
        return net;
    }

    /**
     * The input contract: the recorded segments, in the order of the input channels and the predicted voltages.
     *
     * @return the segment table
     */
    public SegmentTable segments() {
        return segments;
    }

    /**
     * The normalisation statistics of the training split, which turn the network's outputs into mV.
     *
     * @return the statistics
     */
    public NormalisationStats stats() {
        return stats;
    }

    /**
     * The JSON's other fields: training manifest hash, metrics, window, spike read-out.
     *
     * @return the surrogate's own map, not a copy: what is put in it is saved by {@link #save}
     */
    public Map<String, Object> info() {
        return info;
    }

    static Map<String, Object> hyperMap(Hyper h, Arch arch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channels", h.channels());
        m.put("kernel", h.kernel());
        m.put("dilations", h.dilations());
        m.put("dropout", h.dropout());
        m.put("tower_units", h.towerUnits(arch));
        m.put("experts", h.experts());
        m.put("exclusivity", h.exclusivity());
        if (h.taskGroup() != null) {
            m.put("task_group", h.taskGroup());
        }
        m.put("linear_skip", h.linearSkip());
        m.put("linear_skip_tasks", h.skipTasks().name().toLowerCase(Locale.ROOT));
        m.put("local_input", h.localInput());
        m.put("trunk", h.trunk().name().toLowerCase(Locale.ROOT));
        if (h.trunk() == Hyper.Trunk.LSTM) {
            m.put("lstm_units", h.lstmUnits());
            m.put("lstm_features", h.lstmFeatures());
            m.put("warm_up", h.warmUp());
        }
        return m;
    }

    static Hyper hyperFrom(Map<String, Object> m) {
        Hyper.Builder b = Hyper.builder().optChannels(ints(m.get("channels"))).optKernel(num(m, "kernel").intValue())
                .optDilations(ints(m.get("dilations"))).optDropout(num(m, "dropout").floatValue())
                .optTowerUnits(num(m, "tower_units").intValue()).optExperts(num(m, "experts").intValue())
                .optExclusivity(num(m, "exclusivity").doubleValue())
                // absent in surrogates saved before the skip path existed: they have none
                .optLinearSkip(Boolean.TRUE.equals(m.get("linear_skip")))
                // absent in surrogates saved before the skip path could feed the spike logit alone: it fed all
                .optSkipTasks(skipTasks(m.get("linear_skip_tasks")))
                // absent in surrogates saved before the local input path existed: they have none
                .optLocalInput(Boolean.TRUE.equals(m.get("local_input")));
        if (m.get("task_group") != null) {
            b.optTaskGroup(ints(m.get("task_group")));
        }
        // absent in surrogates saved before recurrent trunks existed: they are TCNs
        if (m.get("trunk") != null) {
            b.optTrunk(Hyper.Trunk.valueOf(String.valueOf(m.get("trunk")).toUpperCase(Locale.ROOT)));
        }
        if (b.build().trunk() == Hyper.Trunk.LSTM) {
            b.optLstmUnits(num(m, "lstm_units").intValue()).optWarmUp(num(m, "warm_up").intValue());
            if (m.get("lstm_features") != null) {
                b.optLstmFeatures(num(m, "lstm_features").intValue());
            }
        }
        return b.build();
    }

    static Map<String, Object> tableMap(SegmentTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", t.section());
        m.put("x", t.x());
        m.put("distance", t.distance());
        m.put("region", Arrays.stream(t.region()).map(Region::name).toArray(String[]::new));
        m.put("diam", t.diam());
        m.put("length", t.length());
        m.put("centre", t.centre());
        return m;
    }

    static SegmentTable tableFrom(Map<String, Object> m) {
        List<?> centre = (List<?>) m.get("centre");
        double[][] c = new double[centre.size()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = doubles(centre.get(i));
        }
        return new SegmentTable(((List<?>) m.get("section")).toArray(String[]::new), doubles(m.get("x")),
                doubles(m.get("distance")), ((List<?>) m.get("region")).stream().map(o -> Region.valueOf((String) o))
                .toArray(Region[]::new), doubles(m.get("diam")), doubles(m.get("length")), c);
    }

    private static Hyper.SkipTasks skipTasks(Object v) {
        if (v == null) {
            return Hyper.SkipTasks.ALL;
        }
        try {
            return Hyper.SkipTasks.valueOf(String.valueOf(v).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyper.linear_skip_tasks '" + v + "' is not 'all' or 'spike'");
        }
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("hyper." + key + " missing");
        }
        return n;
    }

    private static int[] ints(Object o) {
        return ((List<?>) o).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
    }

    private static double[] doubles(Object o) {
        return ((List<?>) o).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    /** Frees the native memory of a surrogate from {@link #load}; one from {@link #of} leaves its manager open. */
    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
