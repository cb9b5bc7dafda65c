package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * No command prints a warning a user cannot act on: the JVM's signal-chaining warning (NEURON's signal() calls go
 * through sigaction()) or libtorch's deprecation warning that DJL's buffer copy triggers (ParameterValues).
 */
class NoJvmWarningIT {
    @TempDir
    Path dir;

    @Test
    void commandsPrintNoVmOrEngineWarning() throws Exception {
        String model = TestSupport.home().resolve("examples/ball-and-stick").toString();
        String data = dir.resolve("data").toString();
        String surrogate = dir.resolve("s").toString();
        String[][] commands = {
            {"info", "--model", model},
            {"simulate", "--model", model, "--duration", "50", "--out", dir.resolve("a.h5").toString()},
            {"hybrid", "--help"},
            {"generate", "--model", model, "--simulations", "3", "--duration", "700", "--workers", "1", "--out", data},
            // the linear baseline, then the network started from it (the parameter copy that used to warn)
            {"train", "--data", data, "--arch", "mh", "--steps", "2", "--baseline-steps", "2", "--batch", "2",
                "--window", "200", "--validation-windows", "2", "--threads", "1", "--out", surrogate},
            {"evaluate", "--surrogate", surrogate, "--data", data, "--out", dir.resolve("r").toString()},
        };
        for (String[] c : commands) {
            TestSupport.Result r = TestSupport.launcher(Map.of(), c);
            assertEquals(0, r.status(), r.stdout() + r.stderr());
            String all = r.stdout() + r.stderr();
            assertFalse(all.contains("VM warning"), String.join(" ", c) + " printed: " + all);
            assertFalse(all.contains("Warning:") || all.matches("(?sm).*^\\[W\\d{4}.*"),
                    String.join(" ", c) + " printed an engine warning: " + all);
        }
    }
}
