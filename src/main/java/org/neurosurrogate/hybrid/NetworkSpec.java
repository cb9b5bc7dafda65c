package org.neurosurrogate.hybrid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.neurosurrogate.JsonErrors;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.PoissonDrive;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * A network as the user writes it (JSON, unknown keys rejected): populations of cells of a model, connection rules
 * between them, background input, which cells run as surrogates, what to record. Plain data, checked on load;
 * {@link NetworkPlan} turns it into cells and connections. Paths are relative to the spec file's folder.
 *
 * <p>Cells are numbered by gid, counting up through the populations in order: population p's cells are
 * {@code firstGids()[p]} to {@code firstGids()[p + 1] - 1}.
 *
 * @param file where it was read from, absolute (errors name it)
 * @param name the network's name ({@code name} in the JSON, else the file name without {@code .json})
 * @param seed seeds every random choice of the network (default 1): which cells are surrogates, who connects
 *     to whom, where each connection lands, each cell's background input
 * @param durationMs simulated time, ms
 * @param intervalMs the synchronisation interval Δ (ms), or 0 for "the largest the delays allow"
 * @param overlap whether surrogate steps run beside NEURON's next interval (null: where the delays allow)
 * @param populations the populations, in gid order
 * @param connections the connection rules, in the file's order
 * @param recordVoltages gids whose voltages are recorded
 */
public record NetworkSpec(Path file, String name, long seed, int durationMs, int intervalMs, Boolean overlap,
                          List<Population> populations, List<ConnectionRule> connections, List<Integer> recordVoltages) {

    /** Synapse kind of a connection: which of the target segment's two synapses (input channels) it uses. */
    public enum Synapse {
        /** The segment's excitatory synapse (input channel s for segment s). */
        EXCITATORY,
        /** The segment's inhibitory synapse (input channel S + s for segment s of S). */
        INHIBITORY
    }

    /**
     * A population: {@code count} cells of one model.
     *
     * @param name the population's name, unique in the network; connection rules name it
     * @param model the model reference as written ({@code builtin:l5pc} or a folder), resolved in {@code spec}
     * @param spec the model, read and checked
     * @param count number of cells, at least 1
     * @param background the cells' own input (null: none)
     * @param surrogate which cells run as surrogates (null: none)
     */
    public record Population(String name, String model, ModelSpec spec, int count, Background background,
                             SurrogateChoice surrogate) {
    }

    /**
     * Background input per cell: the published protocol (possibly with overrides) or stationary Poisson. Exactly
     * one of the two is set; each cell draws its own spikes, seeded by the network's seed and its gid.
     *
     * @param protocol the time-varying input protocol, or null
     * @param poisson the stationary Poisson drive, or null
     */
    public record Background(InputProtocol protocol, PoissonDrive poisson) {
    }

    /**
     * Which cells of a population run as surrogates, and which surrogate. Exactly one of {@code cells} and
     * {@code fraction} chooses them.
     *
     * @param path the saved surrogate's folder ({@code builtin:} names resolved)
     * @param cells indices within the population, or null when {@code fraction} chooses them (by seed)
     * @param fraction share of the population, in [0, 1]: round(fraction · count) cells chosen by the seed; NaN
     *     when {@code cells} lists them
     * @param spikeThreshold overrides the surrogate's saved threshold (NaN: use the saved one)
     */
    public record SurrogateChoice(Path path, List<Integer> cells, double fraction, double spikeThreshold) {
    }

    /**
     * A connection rule: every cell of {@code to} gets inputs from cells of {@code from}, each with probability
     * {@code probability} or exactly {@code inDegree} distinct sources; each connection lands on one segment of the
     * target chosen (length-weighted, by seed) among those in {@code region} or at a path distance in
     * [{@code minDistanceUm}, {@code maxDistanceUm}]; a connection makes {@code contacts} synapses, each on its own
     * drawn segment (cortical connections are multi-synaptic).
     *
     * @param index the rule's position in the spec's {@code connections} (it seeds the rule's draws)
     * @param from the source population
     * @param to the target population
     * @param probability chance that each source connects to each target, or NaN when {@code inDegree} is given
     * @param inDegree distinct sources per target cell, or −1 when {@code probability} is given
     * @param synapse which synapse of the target segment the connection uses
     * @param weight the input's weight (1 = the trained synapse's weight)
     * @param delayMs from the source's spike to the target's synapse, ms
     * @param region the target region, or null for any
     * @param minDistanceUm least path distance of the target segment's centre from the soma, µm (0 when not given)
     * @param maxDistanceUm greatest path distance, µm (infinite when not given)
     * @param autapses whether a cell may connect to itself
     * @param contacts synapses per connection, at least 1
     */
    public record ConnectionRule(int index, String from, String to, double probability, int inDegree, Synapse synapse,
                                 double weight, double delayMs, Region region, double minDistanceUm,
                                 double maxDistanceUm, boolean autapses, int contacts) {
        /**
         * How errors name the rule.
         *
         * @return e.g. {@code connections[0] (exc → inh)}
         */
        public String label() {
            return "connections[" + index + "] (" + from + " → " + to + ")";
        }
    }

    // ---- JSON layout ----

    static final class Json {
        @JsonProperty("name") String name;
        @JsonProperty("seed") Long seed = 1L;
        @JsonProperty(value = "duration_ms", required = true) Integer durationMs;
        @JsonProperty("interval_ms") Integer intervalMs = 0;
        @JsonProperty("overlap") Boolean overlap;
        @JsonProperty(value = "populations", required = true) List<PopulationJson> populations;
        @JsonProperty("connections") List<ConnectionJson> connections = List.of();
        @JsonProperty("record") RecordJson record;
    }

    static final class PopulationJson {
        @JsonProperty(value = "name", required = true) String name;
        @JsonProperty(value = "model", required = true) String model;
        @JsonProperty(value = "count", required = true) Integer count;
        @JsonProperty("background") BackgroundJson background;
        @JsonProperty("surrogate") SurrogateJson surrogate;
    }

    static final class BackgroundJson {
        @JsonProperty("protocol") Map<String, Object> protocol;
        @JsonProperty("poisson") PoissonJson poisson;
    }

    static final class PoissonJson {
        @JsonProperty(value = "exc_hz", required = true) Double excHz;
        @JsonProperty(value = "inh_hz", required = true) Double inhHz;
    }

    static final class SurrogateJson {
        @JsonProperty(value = "path", required = true) String path;
        @JsonProperty("cells") List<Integer> cells;
        @JsonProperty("fraction") Double fraction;
        @JsonProperty("spike_threshold") Double spikeThreshold;
    }

    static final class ConnectionJson {
        @JsonProperty(value = "from", required = true) String from;
        @JsonProperty(value = "to", required = true) String to;
        @JsonProperty("probability") Double probability;
        @JsonProperty("in_degree") Integer inDegree;
        @JsonProperty(value = "synapse", required = true) String synapse;
        @JsonProperty("weight") Double weight = 1.0;
        @JsonProperty(value = "delay_ms", required = true) Double delayMs;
        @JsonProperty("region") String region;
        @JsonProperty("distance_um") @JsonDeserialize(contentAs = Double.class) List<Double> distanceUm;
        @JsonProperty("autapses") Boolean autapses = false;
        @JsonProperty("contacts") Integer contacts = 1;
    }

    static final class RecordJson {
        @JsonProperty("voltages") List<Integer> voltages = List.of();
    }

    /**
     * Reads and checks a spec, and each population's model. Unknown fields are refused, so a typo never passes
     * silently.
     *
     * @param file the network JSON
     * @param home the installation root, for {@code builtin:} models and surrogates
     * @return the checked spec
     * @throws NeuroSurrogateException on the first problem, one line naming the file, the field and, where
     *     known, the line
     */
    public static NetworkSpec load(Path file, Path home) {
        if (!Files.isRegularFile(file)) {
            throw new NeuroSurrogateException(file + ": no such network file");
        }
        Json json;
        try {
            json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .readValue(file.toFile(), Json.class);
        } catch (UnrecognizedPropertyException e) {
            throw new NeuroSurrogateException(file + JsonErrors.line(e) + ": unknown field '" + fieldPath(e)
                    + "' (known here: " + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
                throw JsonErrors.of(file, syntax);
            }
            throw new NeuroSurrogateException(file + JsonErrors.line(e) + ": " + e.getOriginalMessage()
                    + (fieldPath(e).isEmpty() ? "" : " (field " + fieldPath(e) + ")"));
        } catch (IOException e) { // a syntax error (with its line) or an unreadable file
            throw JsonErrors.of(file, e);
        }
        return fromJson(json, file.toAbsolutePath().normalize(), home);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static NeuroSurrogateException bad(Path file, String field, String what) {
        return new NeuroSurrogateException(file + ": " + field + " " + what);
    }

    private static NetworkSpec fromJson(Json j, Path file, Path home) {
        Path folder = file.getParent();
        if (j.durationMs == null || j.durationMs <= 0) {
            throw bad(file, "duration_ms", j.durationMs + " must be > 0");
        }
        if (j.intervalMs == null || j.intervalMs < 0) {
            throw bad(file, "interval_ms", j.intervalMs + " must be ≥ 1 ms (or absent: chosen from the delays)");
        }
        if (j.populations == null || j.populations.isEmpty()) {
            throw bad(file, "populations", "is empty: name at least one population");
        }
        List<Population> pops = new ArrayList<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        for (int i = 0; i < j.populations.size(); i++) {
            PopulationJson p = j.populations.get(i);
            String field = "populations[" + i + "]";
            if (p.name == null || p.name.isBlank()) {
                throw bad(file, field + ".name", "is missing");
            }
            if (sizes.containsKey(p.name)) {
                throw bad(file, field + ".name", "'" + p.name + "' is used twice");
            }
            if (p.count == null || p.count < 1) {
                throw bad(file, field + ".count", p.count + " must be ≥ 1");
            }
            ModelSpec spec = models.computeIfAbsent(p.model, m -> resolveModel(m, folder, home, file, field));
            pops.add(new Population(p.name, p.model, spec, p.count, background(p.background, file, field),
                    surrogate(p.surrogate, p.count, folder, home, file, field)));
            sizes.put(p.name, p.count);
        }
        List<ConnectionRule> rules = new ArrayList<>();
        for (int i = 0; i < j.connections.size(); i++) {
            rules.add(rule(i, j.connections.get(i), sizes, file));
        }
        int cells = sizes.values().stream().mapToInt(Integer::intValue).sum();
        List<Integer> record = j.record == null || j.record.voltages == null ? List.of() : j.record.voltages;
        Set<Integer> seen = new HashSet<>();
        for (int gid : record) {
            if (gid < 0 || gid >= cells) {
                throw bad(file, "record.voltages", "names cell " + gid + ": the network has cells 0.." + (cells - 1)
                        + " (gids count up through the populations in order)");
            }
            if (!seen.add(gid)) {
                throw bad(file, "record.voltages", "names cell " + gid + " twice");
            }
        }
        String name = j.name != null ? j.name : file.getFileName().toString().replaceFirst("\\.json$", "");
        return new NetworkSpec(file, name, j.seed, j.durationMs, j.intervalMs, j.overlap, List.copyOf(pops),
                List.copyOf(rules),
                List.copyOf(record));
    }

    private static ModelSpec resolveModel(String model, Path folder, Path home, Path file, String field) {
        if (model == null) {
            throw bad(file, field + ".model", "is missing (builtin:l5pc or a model folder)");
        }
        try {
            return model.startsWith(ModelSpec.BUILTIN_PREFIX) ? ModelSpec.resolve(model, home)
                    : ModelSpec.load(folder.resolve(model));
        } catch (NeuroSurrogateException e) {
            throw bad(file, field + ".model", "'" + model + "': " + e.getMessage());
        }
    }

    private static Background background(BackgroundJson b, Path file, String field) {
        if (b == null) {
            return null;
        }
        if ((b.protocol == null) == (b.poisson == null)) {
            throw bad(file, field + ".background", "needs exactly one of 'protocol' (the published input protocol, "
                    + "{} for its defaults) or 'poisson' ({\"exc_hz\": ..., \"inh_hz\": ...})");
        }
        try {
            if (b.protocol != null) {
                return new Background(b.protocol.isEmpty() ? InputProtocol.BENIAGUEV_2021
                        : InputProtocol.fromMap(b.protocol), null);
            }
            return new Background(null, new PoissonDrive(b.poisson.excHz, b.poisson.inhHz));
        } catch (RuntimeException e) {
            throw bad(file, field + ".background", e.getMessage());
        }
    }

    private static SurrogateChoice surrogate(SurrogateJson s, int count, Path folder, Path home, Path file,
                                             String field) {
        if (s == null) {
            return null;
        }
        String f = field + ".surrogate";
        if ((s.cells == null) == (s.fraction == null)) {
            throw bad(file, f, "needs exactly one of 'cells' (indices within the population) or 'fraction' (0..1)");
        }
        if (s.fraction != null && !(s.fraction >= 0 && s.fraction <= 1)) {
            throw bad(file, f + ".fraction", s.fraction + " must be within [0, 1]");
        }
        if (s.cells != null) {
            Set<Integer> seen = new HashSet<>();
            for (int c : s.cells) {
                if (c < 0 || c >= count) {
                    throw bad(file, f + ".cells", "names cell " + c + ": the population has cells 0.." + (count - 1));
                }
                if (!seen.add(c)) {
                    throw bad(file, f + ".cells", "names cell " + c + " twice");
                }
            }
        }
        if (s.spikeThreshold != null && !(s.spikeThreshold > 0 && s.spikeThreshold < 1)) {
            throw bad(file, f + ".spike_threshold", s.spikeThreshold + " must be a probability in (0, 1)");
        }
        Path path;
        try {
            path = s.path.startsWith(Surrogate.BUILTIN_PREFIX) ? Surrogate.locate(s.path, home)
                    : folder.resolve(s.path).normalize();
        } catch (NeuroSurrogateException e) {
            throw bad(file, f + ".path", e.getMessage());
        }
        return new SurrogateChoice(path, s.cells == null ? null : List.copyOf(s.cells),
                s.fraction == null ? Double.NaN : s.fraction, s.spikeThreshold == null ? Double.NaN : s.spikeThreshold);
    }

    private static ConnectionRule rule(int i, ConnectionJson c, Map<String, Integer> sizes, Path file) {
        String f = "connections[" + i + "]";
        for (String[] end : new String[][] {{"from", c.from}, {"to", c.to}}) {
            if (!sizes.containsKey(end[1])) {
                throw bad(file, f + "." + end[0], "'" + end[1] + "' is not a population (known: " + sizes.keySet() + ")");
            }
        }
        if ((c.probability == null) == (c.inDegree == null)) {
            throw bad(file, f, "needs exactly one of 'probability' (each pair independently) or 'in_degree' "
                    + "(distinct sources per target cell)");
        }
        if (c.probability != null && !(c.probability >= 0 && c.probability <= 1)) {
            throw bad(file, f + ".probability", c.probability + " must be within [0, 1]");
        }
        int available = sizes.get(c.from) - (c.from.equals(c.to) && !Boolean.TRUE.equals(c.autapses) ? 1 : 0);
        if (c.inDegree != null && (c.inDegree < 0 || c.inDegree > available)) {
            throw bad(file, f + ".in_degree", c.inDegree + " must be within 0.." + available + " (sources available"
                    + " per target)");
        }
        Synapse syn;
        try {
            syn = Synapse.valueOf(c.synapse.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(file, f + ".synapse", "'" + c.synapse + "' must be 'excitatory' or 'inhibitory'");
        }
        if (c.weight == null || !(c.weight > 0) || Double.isInfinite(c.weight)) {
            throw bad(file, f + ".weight", c.weight + " must be > 0 (1 = the trained synapse's weight)");
        }
        if (c.delayMs == null || !(c.delayMs > 0) || Double.isInfinite(c.delayMs)) {
            throw bad(file, f + ".delay_ms", c.delayMs + " must be > 0");
        }
        if (c.region != null && c.distanceUm != null) {
            throw bad(file, f, "give 'region' or 'distance_um', not both");
        }
        Region region = null;
        if (c.region != null) {
            try {
                region = Region.fromLabel(c.region);
            } catch (IllegalArgumentException e) {
                throw bad(file, f + ".region", "'" + c.region + "' is not a region (basal, oblique, apical_trunk, tuft)");
            }
        }
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        if (c.distanceUm != null) {
            if (c.distanceUm.size() != 2 || !(c.distanceUm.get(0) >= 0) || !(c.distanceUm.get(1) > c.distanceUm.get(0))) {
                throw bad(file, f + ".distance_um", c.distanceUm + " must be [min, max] µm with 0 ≤ min < max");
            }
            lo = c.distanceUm.get(0);
            hi = c.distanceUm.get(1);
        }
        if (c.contacts == null || c.contacts < 1) {
            throw bad(file, f + ".contacts", c.contacts + " must be ≥ 1 (synapses per connection)");
        }
        return new ConnectionRule(i, c.from, c.to, c.probability == null ? Double.NaN : c.probability,
                c.inDegree == null ? -1 : c.inDegree, syn, c.weight, c.delayMs, region, lo, hi,
                Boolean.TRUE.equals(c.autapses), c.contacts);
    }

    /**
     * The same network run for {@code ms} instead (a shorter look, or a longer run), checked like the file's.
     *
     * @param ms the new duration, ms
     * @return a copy with that duration
     * @throws NeuroSurrogateException when {@code ms} is not positive
     */
    public NetworkSpec withDuration(int ms) {
        if (ms <= 0) {
            throw new NeuroSurrogateException("--duration " + ms + " must be > 0 ms");
        }
        return new NetworkSpec(file, name, seed, ms, intervalMs, overlap, populations, connections, recordVoltages);
    }

    /**
     * The same network with every cell a surrogate (each population's own surrogate), so that NEURON holds only
     * the surrogates' stand-ins, their NetCons and the spike exchange: a surrogate-only network.
     *
     * @param flag how errors name the option that asked for it
     * @return the surrogate-only network
     */
    public NetworkSpec allSurrogates(String flag) {
        List<Population> all = new ArrayList<>();
        for (Population p : populations) {
            if (p.surrogate() == null) {
                throw new NeuroSurrogateException(flag + ": population '" + p.name() + "' of " + file
                        + " has no surrogate (give it \"surrogate\": {\"path\": ...})");
            }
            SurrogateChoice c = p.surrogate();
            all.add(new Population(p.name(), p.model(), p.spec(), p.count(), p.background(),
                    new SurrogateChoice(c.path(), null, 1.0, c.spikeThreshold())));
        }
        return new NetworkSpec(file, name, seed, durationMs, intervalMs, overlap, List.copyOf(all), connections,
                recordVoltages);
    }

    /**
     * The same network with another surrogate in place of each population's (the same cells chosen), so one spec
     * compares surrogates, for example a TCN and an LSTM trunk of the same cell.
     *
     * @param path the surrogate's folder
     * @param flag how errors name the option that asked for it
     * @return the network with {@code path} as every population's surrogate
     * @throws NeuroSurrogateException when no population has a surrogate
     */
    public NetworkSpec withSurrogate(Path path, String flag) {
        List<Population> all = new ArrayList<>();
        boolean any = false;
        for (Population p : populations) {
            SurrogateChoice c = p.surrogate();
            any |= c != null;
            all.add(c == null ? p : new Population(p.name(), p.model(), p.spec(), p.count(), p.background(),
                    new SurrogateChoice(path, c.cells(), c.fraction(), c.spikeThreshold())));
        }
        if (!any) {
            throw new NeuroSurrogateException(flag + ": no population of " + file + " has a surrogate to replace");
        }
        return new NetworkSpec(file, name, seed, durationMs, intervalMs, overlap, List.copyOf(all), connections,
                recordVoltages);
    }

    /**
     * Whether every cell of every population runs as a surrogate.
     *
     * @return true for a surrogate-only network
     */
    public boolean surrogateOnly() {
        for (Population p : populations) {
            SurrogateChoice c = p.surrogate();
            if (c == null || (c.cells() == null ? Math.round(c.fraction() * p.count()) < p.count()
                    : new HashSet<>(c.cells()).size() < p.count())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first gid of each population, and the cell count last.
     *
     * @return {@code populations().size() + 1} entries: population p's cells are gids {@code [first[p],
     *     first[p + 1])}
     */
    public int[] firstGids() {
        int[] first = new int[populations.size() + 1];
        for (int p = 0; p < populations.size(); p++) {
            first[p + 1] = first[p] + populations.get(p).count();
        }
        return first;
    }

    /**
     * The number of cells over all populations.
     *
     * @return the cell count; gids run from 0 to it, exclusive
     */
    public int cellCount() {
        return firstGids()[populations.size()];
    }
}
