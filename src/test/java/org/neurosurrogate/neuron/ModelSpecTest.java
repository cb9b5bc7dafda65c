package org.neurosurrogate.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;

class ModelSpecTest {
    static final Path HOME = Path.of(System.getProperty("neurosurrogate.home", ".")).toAbsolutePath();

    @TempDir
    Path dir;

    private Path model(String json) throws IOException {
        Files.writeString(dir.resolve("cell.hoc"), "// empty\n");
        Files.writeString(dir.resolve("model.json"), json);
        return dir;
    }

    @Test
    void builtinL5pcResolvesToTheShippedModel() {
        ModelSpec spec = ModelSpec.resolve("builtin:l5pc", HOME);
        assertEquals("L5PC", spec.template());
        assertEquals(List.of("basal", "apical"), spec.recordedLists());
        assertEquals(34.0, spec.celsius());
        assertTrue(Files.isRegularFile(Path.of((String) spec.templateArgs().get(0))), "morphology path resolved");
        assertTrue(spec.modDir().endsWith(Path.of("mod", "l5pc")));
    }

    @Test
    void unknownBuiltinListsTheAvailableOnes() {
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> ModelSpec.resolve("builtin:nope", HOME));
        assertTrue(e.getMessage().contains("builtin:l5pc"), e.getMessage());
    }

    @Test
    void missingFolderIsNamed() {
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> ModelSpec.resolve(dir.resolve("absent").toString(), HOME));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }

    @Test
    void defaultsApplyWhenFieldsAreOmitted() throws IOException {
        ModelSpec spec = ModelSpec.load(model("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\"}"));
        assertEquals("soma[0]", spec.soma());
        assertEquals(0.025, spec.dt());
        assertEquals(ModelSpec.SynapseSpec.DEFAULT, spec.synapses());
        assertEquals(dir.getFileName().toString(), spec.name());
    }

    @Test
    void rejectsUnknownField() throws IOException {
        Path m = model("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\", \"templte_args\": []}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(m));
        assertTrue(e.getMessage().contains("templte_args") && e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void rejectsMissingHocFileByName() throws IOException {
        Path m = model("{\"hoc_files\": [\"missing.hoc\"], \"template\": \"Cell\"}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(m));
        assertTrue(e.getMessage().contains("missing.hoc"), e.getMessage());
    }

    @Test
    void rejectsMissingModFolder() throws IOException {
        Path m = model("{\"mod_dir\": \"nomods\", \"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\"}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(m));
        assertTrue(e.getMessage().contains("mod_dir 'nomods'"), e.getMessage());
    }

    @Test
    void rejectsMissingTemplateField() throws IOException {
        Path m = model("{\"hoc_files\": [\"cell.hoc\"]}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(m));
        assertTrue(e.getMessage().contains("template"), e.getMessage());
    }

    @Test
    void pathArgumentsResolveAgainstTheModelFolder() throws IOException {
        Files.writeString(dir.resolve("m.asc"), "");
        ModelSpec spec = ModelSpec.load(model(
                "{\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\", \"template_args\": [{\"path\": \"m.asc\"}, 2, \"x\"]}"));
        assertEquals(List.of(dir.resolve("m.asc").toString(), 2.0, "x"), spec.templateArgs());
    }

    @Test
    void rejectsNonPositiveDt() throws IOException {
        Path m = model("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\", \"dt\": 0}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(m));
        assertTrue(e.getMessage().contains("dt"), e.getMessage());
    }

    private Path modelWithMods(String selection) throws IOException {
        Path mods = Files.createDirectories(dir.resolve("mods"));
        Files.writeString(mods.resolve("Used.mod"), "");
        Files.writeString(mods.resolve("Legacy.mod"), "");
        return model("{\"mod_dir\": \"mods\", " + selection + "\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\"}");
    }

    @Test
    void modFilesSelectWhatIsCompiled() throws IOException {
        ModelSpec spec = ModelSpec.load(modelWithMods("\"mod_files\": [\"Used.mod\"], "));
        assertEquals(List.of("Used.mod"), spec.modFiles());
        assertEquals(List.of(dir.resolve("mods/Used.mod")), spec.modSources());
    }

    @Test
    void modExcludeLeavesFilesOut() throws IOException {
        ModelSpec spec = ModelSpec.load(modelWithMods("\"mod_exclude\": [\"Legacy.mod\"], "));
        assertEquals(List.of("Used.mod"), spec.modFiles());
    }

    @Test
    void withoutASelectionTheWholeModFolderIsCompiled() throws IOException {
        ModelSpec spec = ModelSpec.load(modelWithMods(""));
        assertEquals(null, spec.modFiles());
        assertEquals(List.of(dir.resolve("mods")), spec.modSources());
    }

    @Test
    void aSelectionOnlyChangesTheFingerprintByTheFilesItLeavesOut() throws IOException {
        String all = ModelFingerprint.of(ModelSpec.load(modelWithMods("")), List.of());
        String some = ModelFingerprint.of(ModelSpec.load(modelWithMods("\"mod_exclude\": [\"Legacy.mod\"], ")), List.of());
        assertTrue(!all.equals(some));
        Files.writeString(dir.resolve("mods/Legacy.mod"), ": edited, but never compiled\n");
        assertEquals(some, ModelFingerprint.of(ModelSpec.load(modelWithMods("\"mod_exclude\": [\"Legacy.mod\"], ")),
                List.of()));
    }

    @Test
    void rejectsABadModSelectionByField() throws IOException {
        String[][] cases = {
            {"\"mod_files\": [\"Missing.mod\"], ", "mod_files names 'Missing.mod'"},
            {"\"mod_exclude\": [\"Used.mod\", \"Legacy.mod\"], ", "mod_exclude leaves no .mod file"},
            {"\"mod_files\": [\"Used.mod\"], \"mod_exclude\": [\"Legacy.mod\"], ", "not both"},
        };
        for (String[] c : cases) {
            Path m = modelWithMods(c[0]);
            NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(m));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("model.json"), e.getMessage());
        }
        Path noDir = model("{\"mod_files\": [\"Used.mod\"], \"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\"}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(noDir));
        assertTrue(e.getMessage().contains("mod_files needs mod_dir"), e.getMessage());
    }

    @Test
    void synapsesNameTheirRandomVariable() throws IOException {
        ModelSpec spec = ModelSpec.load(model("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\", \"synapses\": "
                + "{\"excitatory\": \"StochSyn\", \"excitatory_random\": \"release_rng\"}}"));
        assertEquals("release_rng", spec.synapses().excitatoryRandom());
        assertEquals(null, spec.synapses().inhibitoryRandom());
        assertTrue(spec.synapses().stochastic());
        assertTrue(!ModelSpec.SynapseSpec.DEFAULT.stochastic());
        Path bad = model("{\"hoc_files\": [\"cell.hoc\"], \"template\": \"Cell\", \"synapses\": "
                + "{\"inhibitory_random\": \"not a name\"}}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> ModelSpec.load(bad));
        assertTrue(e.getMessage().contains("'not a name'"), e.getMessage());
    }
}
