package org.neurosurrogate.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.neurosurrogate.FileTrees;
import java.util.TreeMap;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * {@code manifest.json} of a dataset folder: what was simulated (model hash, input protocol, seeds,
 * settings), how it is split (train / validation / test by whole simulations), and every finished shard
 * with its checksum and spike counts. Written atomically after each finished shard.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public final class DatasetManifest {
    public static final String FILE_NAME = "manifest.json";
    public static final String FORMAT = "neurosurrogate.dataset";
    public static final int VERSION = 1;

    @JsonProperty("format") public String format = FORMAT;
    @JsonProperty("format_version") public int formatVersion = VERSION;
    @JsonProperty("model_name") public String modelName;
    @JsonProperty("model_folder") public String modelFolder;
    @JsonProperty("model_hash") public String modelHash;
    @JsonProperty("neuron_version") public String neuronVersion;
    @JsonProperty("protocol") public Map<String, Object> protocol;
    @JsonProperty("seed") public long seed;
    @JsonProperty("simulations") public int simulations;
    @JsonProperty("duration_ms") public int durationMs;
    @JsonProperty("shard_size") public int shardSize;
    @JsonProperty("dt_ms") public double dtMs;
    @JsonProperty("celsius") public double celsius;
    @JsonProperty("v_init_mv") public double vInitMv;
    @JsonProperty("segments") public int segments;
    @JsonProperty("input_channels") public int inputChannels;
    /** This folder holds part {@code index} (1-based) of {@code of} disjoint parts, or null for the whole. */
    @JsonProperty("part") public Part part;
    @JsonProperty("split") public Split split;
    @JsonProperty("shards") public List<Shard> shards = new ArrayList<>();
    @JsonProperty("rejected_simulations") public List<Integer> rejected = new ArrayList<>();

    /** One of n disjoint parts (cluster array jobs). */
    public record Part(@JsonProperty("index") int index, @JsonProperty("of") int of) {
    }

    /** Simulation indices per split. */
    public record Split(@JsonProperty("train") List<Integer> train, @JsonProperty("validation") List<Integer> validation,
                        @JsonProperty("test") List<Integer> test) {
        /** The same split less some simulations (rejected ones). */
        public Split without(List<Integer> removed) {
            return new Split(train.stream().filter(i -> !removed.contains(i)).toList(),
                    validation.stream().filter(i -> !removed.contains(i)).toList(),
                    test.stream().filter(i -> !removed.contains(i)).toList());
        }
    }

    /**
     * Closes the manifest of a stream of one-simulation shards (a live source's spool): simulations run up to
     * the last finished one. Workers finish out of order, so a simulation still running when the stream stopped
     * leaves a gap below it; each gap is recorded as a shard without a file and left out of the split (as the
     * generator does for rejected simulations), so the folder stays a valid dataset.
     */
    public void endStream() {
        int last = shards.stream().mapToInt(Shard::index).max().orElse(-1);
        simulations = last + 1;
        for (int i = 0; i < simulations; i++) {
            if (shard(i) == null) {
                shards.add(new Shard(i, null, List.of(), List.of(), List.of(), null, 0));
                rejected.add(i);
            }
        }
        split = split(simulations, seed).without(rejected);
    }

    /** A finished shard. */
    public record Shard(@JsonProperty("index") int index, @JsonProperty("file") String file,
                        @JsonProperty("simulations") List<Integer> simulations,
                        @JsonProperty("somatic_spikes") List<Integer> somaticSpikes,
                        @JsonProperty("input_spikes") List<Long> inputSpikes,
                        @JsonProperty("sha256") String sha256, @JsonProperty("bytes") long bytes) {
        /** Whether {@code file} is still the file recorded: same size, then same SHA-256. */
        public boolean matches(Path file) throws IOException {
            return Files.isRegularFile(file) && Files.size(file) == bytes
                    && FileTrees.sha256(file).equals(sha256);
        }
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static Path path(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(path(dir));
    }

    public static DatasetManifest read(Path dir) {
        Path file = path(dir);
        if (!Files.isRegularFile(file)) {
            throw new NeuroSurrogateException(dir + ": not a dataset (no " + FILE_NAME + ")");
        }
        try {
            DatasetManifest m = mapper().readValue(file.toFile(), DatasetManifest.class);
            if (!FORMAT.equals(m.format) || m.formatVersion != VERSION) {
                throw new DataFormatException(file, "format " + m.format + " v" + m.formatVersion + ", expected "
                        + FORMAT + " v" + VERSION);
            }
            return m;
        } catch (IOException e) {
            throw new DataFormatException(file, "unreadable manifest (" + e.getMessage() + ")");
        }
    }

    /** Writes {@code dir/manifest.json} atomically. */
    public synchronized void write(Path dir) {
        Path target = path(dir);
        Path tmp = AtomicFile.temporaryFor(target);
        try {
            shards.sort((a, b) -> Integer.compare(a.index(), b.index()));
            mapper().writeValue(tmp.toFile(), this);
            AtomicFile.commit(tmp, target);
        } catch (IOException e) {
            AtomicFile.discard(tmp);
            throw new NeuroSurrogateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Number of shards of the whole dataset. */
    public int shardCount() {
        return (simulations + shardSize - 1) / shardSize;
    }

    /** Global simulation indices of shard {@code index}. */
    public int[] simulationsOf(int shardIndex) {
        int from = shardIndex * shardSize;
        int to = Math.min(simulations, from + shardSize);
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }

    /** Shards that belong to this folder: all, or those of its part (shard index mod n). */
    public List<Integer> ownShards() {
        List<Integer> own = new ArrayList<>();
        for (int s = 0; s < shardCount(); s++) {
            if (part == null || s % part.of() == part.index() - 1) {
                own.add(s);
            }
        }
        return own;
    }

    public Shard shard(int index) {
        return shards.stream().filter(s -> s.index() == index).findFirst().orElse(null);
    }

    /**
     * The parts of the configuration that define the data; a folder is resumed only when they match.
     * Returns the first field that differs, or null.
     */
    public String differenceFrom(DatasetManifest other) {
        return difference(other, true);
    }

    /**
     * As {@link #differenceFrom}, over what makes simulation i alone (model, protocol, seed, duration, numerics),
     * not how many there are or how they are sharded: whether simulation i of one is simulation i of the other.
     */
    public String simulationDifferenceFrom(DatasetManifest other) {
        return difference(other, false);
    }

    private String difference(DatasetManifest other, boolean layout) {
        Map<String, Object[]> fields = new TreeMap<>();
        fields.put("model_hash", new Object[] {modelHash, other.modelHash});
        fields.put("protocol", new Object[] {protocol, other.protocol});
        fields.put("seed", new Object[] {seed, other.seed});
        fields.put("duration_ms", new Object[] {durationMs, other.durationMs});
        fields.put("dt_ms", new Object[] {dtMs, other.dtMs});
        fields.put("celsius", new Object[] {celsius, other.celsius});
        fields.put("v_init_mv", new Object[] {vInitMv, other.vInitMv});
        if (layout) {
            fields.put("simulations", new Object[] {simulations, other.simulations});
            fields.put("shard_size", new Object[] {shardSize, other.shardSize});
        }
        for (Map.Entry<String, Object[]> f : fields.entrySet()) {
            if (!Objects.equals(String.valueOf(f.getValue()[0]), String.valueOf(f.getValue()[1]))) {
                return f.getKey() + " (" + f.getValue()[1] + " here, " + f.getValue()[0] + " requested)";
            }
        }
        return null;
    }

    /**
     * Splits simulations 0..n−1 into train / validation / test by whole simulations, shuffled with the
     * dataset seed: about 80 / 10 / 10 %, with at least one validation and one test simulation when n ≥ 3.
     */
    public static Split split(int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EED5EEDL);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        int val = n >= 3 ? Math.max(1, (int) Math.round(0.1 * n)) : 0;
        int test = n >= 3 ? Math.max(1, (int) Math.round(0.1 * n)) : 0;
        int train = n - val - test;
        List<Integer> tr = new ArrayList<>(order.subList(0, train));
        List<Integer> va = new ArrayList<>(order.subList(train, train + val));
        List<Integer> te = new ArrayList<>(order.subList(train + val, n));
        tr.sort(null);
        va.sort(null);
        te.sort(null);
        return new Split(tr, va, te);
    }
}
