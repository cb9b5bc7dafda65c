package org.neurosurrogate.neuron;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * A cell model as plain data, read from a folder's {@code model.json}: which mechanisms to compile, which
 * hoc files to load, which template builds the cell, which section lists are recorded (and carry the
 * synapses), and the simulation settings. Paths are resolved against the folder.
 *
 * <p>{@code builtin:l5pc} names the project's own Hay et al. (2011) layer-5 pyramidal cell in
 * {@code hoc/l5pc}.
 *
 * @param name model name ({@code name} in model.json, else the folder's name)
 * @param folder folder that held model.json, absolute
 * @param modDir folder of .mod files, or null when the model needs none of its own
 * @param modFiles the .mod file names of {@code modDir} to compile, or null for all of them ({@code mod_files},
 *     or every file but {@code mod_exclude}'s): a published folder often carries mechanisms its cell never uses
 * @param hocFiles hoc files to load, in order
 * @param template hoc template that builds the cell
 * @param templateArgs template arguments (paths already resolved to absolute strings)
 * @param soma the soma section, as {@code name} or {@code name[index]} on the cell (default {@code soma[0]})
 * @param recordedLists the section lists whose segments are recorded and receive synapses (default
 *     {@code basal}, {@code apical})
 * @param trunkEnd last section of the apical trunk (for region labels), or null to infer it
 * @param celsius temperature (°C; default 34)
 * @param vInit initial membrane potential (mV; default −65)
 * @param dt fixed integration step (ms, in (0, 1]; default 0.025)
 * @param synapses synapse mechanisms and their parameters ({@link SynapseSpec#DEFAULT} when model.json names none)
 */
public record ModelSpec(String name, Path folder, Path modDir, List<String> modFiles, List<Path> hocFiles,
                        String template, List<Object> templateArgs, String soma, List<String> recordedLists,
                        String trunkEnd,
                        double celsius, double vInit, double dt, SynapseSpec synapses) {

    /** Prefix naming a model shipped in the repository's {@code hoc/} folder, as in {@code builtin:l5pc}. */
    public static final String BUILTIN_PREFIX = "builtin:";
    /** The file a model folder must hold. */
    public static final String FILE_NAME = "model.json";

    /**
     * Synapse mechanisms placed at every recorded segment, with parameter overrides, and for a stochastic mechanism
     * the name of its NMODL {@code RANDOM} variable (null for a deterministic one): each synapse's stream is seeded
     * from the simulation's seed and the synapse's index, so the same seed gives the same releases.
     *
     * @param excitatory the excitatory mechanism (its NMODL {@code POINT_PROCESS} name)
     * @param excitatoryParams values set on every excitatory synapse, by parameter name (e.g. {@code gmax})
     * @param inhibitory the inhibitory mechanism (its NMODL {@code POINT_PROCESS} name)
     * @param inhibitoryParams values set on every inhibitory synapse, by parameter name
     * @param excitatoryRandom the excitatory mechanism's {@code RANDOM} variable, or null when it is deterministic
     * @param inhibitoryRandom the inhibitory mechanism's {@code RANDOM} variable, or null when it is deterministic
     */
    public record SynapseSpec(String excitatory, Map<String, Double> excitatoryParams,
                              String inhibitory, Map<String, Double> inhibitoryParams,
                              String excitatoryRandom, String inhibitoryRandom) {
        /** The project's AMPA+NMDA and GABA_A synapses with Beniaguev et al. (2021) parameters (mod/synapses). */
        public static final SynapseSpec DEFAULT = new SynapseSpec("NsAmpaNmda", Map.of(), "NsGabaA", Map.of());

        /**
         * Deterministic mechanisms.
         *
         * @param excitatory the excitatory mechanism (its NMODL {@code POINT_PROCESS} name)
         * @param excitatoryParams values set on every excitatory synapse, by parameter name
         * @param inhibitory the inhibitory mechanism (its NMODL {@code POINT_PROCESS} name)
         * @param inhibitoryParams values set on every inhibitory synapse, by parameter name
         */
        public SynapseSpec(String excitatory, Map<String, Double> excitatoryParams,
                           String inhibitory, Map<String, Double> inhibitoryParams) {
            this(excitatory, excitatoryParams, inhibitory, inhibitoryParams, null, null);
        }

        /**
         * Whether either mechanism draws random numbers.
         *
         * @return true when a {@code RANDOM} variable is named, so that releases depend on the seed
         */
        public boolean stochastic() {
            return excitatoryRandom != null || inhibitoryRandom != null;
        }
    }

    /**
     * What nrnivmodl compiles for this model: its whole mod folder, or the selected files in it (empty when the
     * model has no mechanisms of its own).
     *
     * @return the mod folder, or the selected .mod files in it; empty without {@code mod_dir}
     */
    public List<Path> modSources() {
        if (modDir == null) {
            return List.of();
        }
        return modFiles == null ? List.of(modDir) : modFiles.stream().map(modDir::resolve).toList();
    }

    /** The JSON layout; unknown keys are rejected so a typo never passes silently. */
    static final class Json {
        @JsonProperty("name") String name;
        @JsonProperty("mod_dir") String modDir;
        @JsonProperty("mod_files") List<String> modFiles;
        @JsonProperty("mod_exclude") List<String> modExclude;
        @JsonProperty("hoc_files") List<String> hocFiles;
        @JsonProperty("template") String template;
        @JsonProperty("template_args") List<Object> templateArgs = List.of();
        @JsonProperty("soma") String soma = "soma[0]";
        @JsonProperty("recorded_lists") List<String> recordedLists = List.of("basal", "apical");
        @JsonProperty("trunk_end") String trunkEnd;
        @JsonProperty("celsius") double celsius = 34.0;
        @JsonProperty("v_init") double vInit = -65.0;
        @JsonProperty("dt") double dt = 0.025;
        @JsonProperty("synapses") SynapsesJson synapses;
    }

    static final class SynapsesJson {
        @JsonProperty("excitatory") String excitatory = SynapseSpec.DEFAULT.excitatory();
        @JsonProperty("excitatory_params") Map<String, Double> excitatoryParams = Map.of();
        @JsonProperty("inhibitory") String inhibitory = SynapseSpec.DEFAULT.inhibitory();
        @JsonProperty("inhibitory_params") Map<String, Double> inhibitoryParams = Map.of();
        @JsonProperty("excitatory_random") String excitatoryRandom;
        @JsonProperty("inhibitory_random") String inhibitoryRandom;
    }

    /**
     * Resolves a model reference and reads its model.json (see {@link #load}).
     *
     * @param model {@code builtin:NAME} (a folder under {@code home/hoc}) or a folder path holding model.json
     * @param home the installation root
     * @return the checked model
     * @throws NeuroSurrogateException when {@code model} names no built-in model (the message lists them) or no
     *     folder, or its model.json is not valid
     */
    public static ModelSpec resolve(String model, Path home) {
        Path folder;
        if (model.startsWith(BUILTIN_PREFIX)) {
            String id = model.substring(BUILTIN_PREFIX.length());
            folder = home.resolve("hoc").resolve(id);
            if (id.isEmpty() || id.contains("/") || !Files.isRegularFile(folder.resolve(FILE_NAME))) {
                throw new NeuroSurrogateException("unknown built-in model '" + model + "': available: "
                        + builtins(home).stream().map(b -> BUILTIN_PREFIX + b).collect(Collectors.joining(", ")));
            }
        } else {
            folder = Path.of(model);
            if (!Files.isDirectory(folder)) {
                throw new NeuroSurrogateException("--model " + model
                        + ": no such folder (give a folder holding model.json, or builtin:l5pc)");
            }
        }
        return load(folder);
    }

    /**
     * Names of the built-in models shipped under {@code home/hoc}.
     *
     * @param home the installation root
     * @return the names (without {@link #BUILTIN_PREFIX}), sorted; empty when {@code home/hoc} cannot be listed
     */
    public static List<String> builtins(Path home) {
        try (var dirs = Files.list(home.resolve("hoc"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(FILE_NAME)))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Reads and checks {@code folder/model.json}: unknown fields are refused, so a typo never passes silently,
     * and the files it names must exist. Relative paths are resolved against the folder.
     *
     * @param folder the model folder
     * @return the checked model
     * @throws NeuroSurrogateException on the first problem, naming the file and the field: no model.json, an
     *     unknown or missing field, a file or folder that does not exist, a {@code dt} outside (0, 1] ms
     */
    public static ModelSpec load(Path folder) {
        folder = folder.toAbsolutePath().normalize();
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NeuroSurrogateException(file + ": not found (a model folder needs a model.json)");
        }
        Json json;
        try {
            json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                    .readValue(file.toFile(), Json.class);
        } catch (UnrecognizedPropertyException e) {
            throw new NeuroSurrogateException(file + ": unknown field '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            throw new NeuroSurrogateException(file + ": " + e.getOriginalMessage()
                    + fieldPath(e));
        } catch (IOException e) {
            throw org.neurosurrogate.JsonErrors.of(file, e);
        }
        return fromJson(json, folder, file);
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "" : " (field " + path + ")";
    }

    private static ModelSpec fromJson(Json json, Path folder, Path file) {
        Path modDir = null;
        if (json.modDir != null) {
            modDir = folder.resolve(json.modDir).normalize();
            if (!Files.isDirectory(modDir)) {
                throw new NeuroSurrogateException(file + ": mod_dir '" + json.modDir + "' is not a folder ("
                        + modDir + ")");
            }
        }
        List<String> modFiles = selectedMods(json, modDir, file);
        if (json.template == null || json.template.isBlank()) {
            throw new NeuroSurrogateException(file + ": missing field 'template' (the hoc template that builds the cell)");
        }
        if (json.hocFiles == null || json.hocFiles.isEmpty()) {
            throw new NeuroSurrogateException(file + ": hoc_files is missing or empty (list the hoc files that define the template)");
        }
        List<Path> hoc = new ArrayList<>();
        for (String h : json.hocFiles) {
            Path p = folder.resolve(h).normalize();
            if (!Files.isRegularFile(p)) {
                throw new NeuroSurrogateException(file + ": hoc file '" + h + "' not found (" + p + ")");
            }
            hoc.add(p);
        }
        List<Object> args = new ArrayList<>();
        for (Object a : json.templateArgs) {
            args.add(resolveArg(a, folder, file));
        }
        if (json.recordedLists.isEmpty()) {
            throw new NeuroSurrogateException(file + ": recorded_lists is empty (name at least one SectionList)");
        }
        if (!(json.dt > 0 && json.dt <= 1)) {
            throw new NeuroSurrogateException(file + ": dt " + json.dt + " out of range (0, 1] ms");
        }
        SynapsesJson s = json.synapses != null ? json.synapses : new SynapsesJson();
        String name = json.name != null ? json.name : folder.getFileName().toString();
        for (String r : new String[] {s.excitatoryRandom, s.inhibitoryRandom}) {
            if (r != null && !r.matches("[A-Za-z_]\\w*")) {
                throw new NeuroSurrogateException(file + ": synapses random variable '" + r
                        + "' is not an NMODL name (give the name of the mechanism's RANDOM variable)");
            }
        }
        return new ModelSpec(name, folder, modDir, modFiles, List.copyOf(hoc), json.template, List.copyOf(args),
                json.soma,
                List.copyOf(json.recordedLists), json.trunkEnd, json.celsius, json.vInit, json.dt,
                new SynapseSpec(s.excitatory, Map.copyOf(s.excitatoryParams), s.inhibitory,
                        Map.copyOf(s.inhibitoryParams), s.excitatoryRandom, s.inhibitoryRandom));
    }

    /** The file names {@code mod_files} or {@code mod_exclude} select in the mod folder, or null for all. */
    private static List<String> selectedMods(Json json, Path modDir, Path file) {
        if (json.modFiles == null && json.modExclude == null) {
            return null;
        }
        String field = json.modFiles != null ? "mod_files" : "mod_exclude";
        if (json.modFiles != null && json.modExclude != null) {
            throw new NeuroSurrogateException(file + ": give mod_files (the mechanisms to compile) or mod_exclude "
                    + "(the ones to leave out), not both");
        }
        if (modDir == null) {
            throw new NeuroSurrogateException(file + ": " + field + " needs mod_dir (the folder of the .mod files)");
        }
        List<String> present;
        try (var files = Files.list(modDir)) {
            present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mod")).sorted().toList();
        } catch (IOException e) {
            throw new NeuroSurrogateException(file + ": cannot list mod_dir " + modDir + ": " + e.getMessage(), e);
        }
        List<String> named = json.modFiles != null ? json.modFiles : json.modExclude;
        for (String n : named) {
            if (!present.contains(n)) {
                throw new NeuroSurrogateException(file + ": " + field + " names '" + n + "', which is not a .mod file "
                        + "in " + modDir + " (present: " + String.join(", ", present) + ")");
            }
        }
        List<String> chosen = json.modFiles != null ? List.copyOf(new TreeSet<>(named))
                : present.stream().filter(n -> !named.contains(n)).toList();
        if (chosen.isEmpty()) {
            throw new NeuroSurrogateException(file + ": " + field + " leaves no .mod file to compile (drop mod_dir "
                    + "if the model needs no mechanisms of its own)");
        }
        return chosen;
    }

    /** {@code {"path": "rel/file"}} becomes an absolute path string; numbers and strings pass unchanged. */
    private static Object resolveArg(Object arg, Path folder, Path file) {
        if (arg instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("path") instanceof String rel) {
                Path p = folder.resolve(rel).normalize();
                if (!Files.exists(p)) {
                    throw new NeuroSurrogateException(file + ": template_args path '" + rel + "' not found (" + p + ")");
                }
                return p.toString();
            }
            throw new NeuroSurrogateException(file + ": template_args entry " + m
                    + " not understood (use a number, a string, or {\"path\": \"relative/file\"})");
        }
        if (arg instanceof Number n) {
            return n.doubleValue();
        }
        if (arg instanceof String) {
            return arg;
        }
        throw new NeuroSurrogateException(file + ": template_args entry " + arg + " must be a number, string or {\"path\": ...}");
    }
}
