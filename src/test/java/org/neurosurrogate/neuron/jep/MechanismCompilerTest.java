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
    void cacheKeyChangesWithContentAndNeuronVersionOnly() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.writeString(a.resolve("x.mod"), "NEURON { SUFFIX x }\n");
        Map<String, Path> files = MechanismCompiler.modFiles(List.of(a));
        String k1 = MechanismCompiler.cacheKey(files, "9.0.2");
        assertEquals(k1, MechanismCompiler.cacheKey(MechanismCompiler.modFiles(List.of(a)), "9.0.2"));
        assertNotEquals(k1, MechanismCompiler.cacheKey(files, "9.0.1"));
        Files.writeString(a.resolve("x.mod"), "NEURON { SUFFIX x }\n: changed\n");
        assertNotEquals(k1, MechanismCompiler.cacheKey(files, "9.0.2"));
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
}
