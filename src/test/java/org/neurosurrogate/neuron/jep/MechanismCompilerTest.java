package org.neurosurrogate.neuron.jep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;

class MechanismCompilerTest {
    @TempDir
    Path dir;

    @Test
    void cacheKeyChangesWithContentNeuronVersionAndFlagsOnly() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.writeString(a.resolve("x.mod"), "NEURON { SUFFIX x }\n");
        Map<String, Path> files = MechanismCompiler.modFiles(List.of(a));
        String k1 = MechanismCompiler.cacheKey(files, "9.0.2", "-O3");
        assertEquals(k1, MechanismCompiler.cacheKey(MechanismCompiler.modFiles(List.of(a)), "9.0.2", " -O3 "));
        assertNotEquals(k1, MechanismCompiler.cacheKey(files, "9.0.1", "-O3"));
        assertNotEquals(k1, MechanismCompiler.cacheKey(files, "9.0.2", MechanismCompiler.STOCK_FLAGS));
        assertNotEquals(k1, MechanismCompiler.cacheKey(files, "9.0.2", "-O3 -march=native"));
        Files.writeString(a.resolve("x.mod"), "NEURON { SUFFIX x }\n: changed\n");
        assertNotEquals(k1, MechanismCompiler.cacheKey(files, "9.0.2", "-O3"));
    }

    @Test
    void sameFileNameInTwoFoldersIsRejected() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(a.resolve("x.mod"), "");
        Files.writeString(b.resolve("x.mod"), "");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> MechanismCompiler.modFiles(List.of(a, b)));
        assertTrue(e.getMessage().contains("x.mod"), e.getMessage());
    }

    @Test
    void failureMessageNamesTheFailingModFile() {
        Map<String, Path> files = Map.of("bad.mod", Path.of("/m/bad.mod"), "good.mod", Path.of("/m/good.mod"));
        List<String> log = List.of("Translating bad.mod into /tmp/x86_64/bad.cpp", "syntax error:",
                " Error: Illegal block at line 2 in file bad.mod", "PARAMETER { x = }",
                "make: *** [makemod2c_inc:3: bad.cpp] Error 1");
        String msg = MechanismCompiler.failureMessage(log, files);
        assertTrue(msg.startsWith("mechanism file /m/bad.mod failed to compile: Error: Illegal block at line 2"), msg);
    }

    @Test
    void aNeuron8VerbatimDeclarationIsExplainedWithBothWaysOut() {
        Map<String, Path> files = Map.of("LegacyRandomSyn.mod", Path.of("/m/LegacyRandomSyn.mod"));
        // nrnivmodl's lines for src/test/resources/legacy-mod/LegacyRandomSyn.mod under NEURON 9.0.2
        List<String> log = List.of(" -> \u001B[32mCompiling\u001B[0m /tmp/x86_64/LegacyRandomSyn.cpp",
                "/tmp/x86_64/LegacyRandomSyn.cpp:264:7: error: ambiguating new declaration of "
                        + "\u2018void* nrn_random_arg(int)\u2019",
                "  264 | void* nrn_random_arg(int argpos);",
                "make: *** [makemod2c_inc:7: LegacyRandomSyn.o] Error 1");
        String msg = MechanismCompiler.failureMessage(log, files);
        assertTrue(msg.startsWith("mechanism file /m/LegacyRandomSyn.mod was written for NEURON 8 or older: its "
                + "VERBATIM C declares nrn_random_arg itself, which NEURON 9 declares"), msg);
        assertTrue(msg.contains("\"mod_exclude\": [\"LegacyRandomSyn.mod\"]") && msg.contains("\"mod_files\""), msg);
        assertTrue(msg.contains(MechanismCompiler.MIGRATION_GUIDE), msg);
        assertTrue(!msg.contains("\n") && !msg.contains("\u001B"), "one plain line: " + msg);
    }

    @Test
    void aSelectedModFileIsTakenAsItIs() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.writeString(a.resolve("x.mod"), "");
        Files.writeString(a.resolve("y.mod"), "");
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(b.resolve("z.mod"), "");
        assertEquals(List.of("x.mod", "z.mod"),
                List.copyOf(MechanismCompiler.modFiles(List.of(a.resolve("x.mod"), b)).keySet()));
    }
}
