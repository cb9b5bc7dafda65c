package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/** No command prints the JVM's signal-chaining warning (NEURON's signal() calls go through sigaction()). */
class NoJvmWarningIT {
    @TempDir
    Path dir;

    @Test
    void commandsThatLoadNeuronPrintNoVmWarning() throws Exception {
        String model = TestSupport.home().resolve("examples/ball-and-stick").toString();
        String[][] commands = {
            {"info", "--model", model},
            {"simulate", "--model", model, "--duration", "50", "--out", dir.resolve("a.h5").toString()},
            {"hybrid", "--help"},
        };
        for (String[] c : commands) {
            TestSupport.Result r = TestSupport.launcher(Map.of(), c);
            assertEquals(0, r.status(), r.stdout() + r.stderr());
            String all = r.stdout() + r.stderr();
            assertFalse(all.contains("VM warning"), String.join(" ", c) + " printed: " + all);
        }
    }
}
