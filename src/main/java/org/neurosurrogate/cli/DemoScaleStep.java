package org.neurosurrogate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * The demo's network at scale: {@code examples/networks/l5pc-100.json} with every cell a surrogate for 500 ms, and
 * its cell-seconds per wall second against NEURON's pace on the demo's own simulation of the cell.
 */
final class DemoScaleStep {
    private DemoScaleStep() {
    }

    /**
     * @param neuronWallS NEURON's wall seconds for one cell and simulated second, measured earlier in the demo
     * @return the hybrid command's exit status
     */
    static int run(Path dir, PythonEnvironment env, double neuronWallS, PrintStream out) throws Exception {
        out.println();
        out.println("== 7. a network at scale: 100 L5PCs, every one a surrogate, 500 ms (NEURON holds only the spike "
                + "exchange) ==");
        Path network = dir.resolve("network-100");
        int status = new HybridCommand().run(new String[] {"--network",
                env.home().resolve("examples/networks/l5pc-100.json").toString(), "--surrogate-only", "--duration",
                "500", "--out", network.toString()}, out);
        if (status != 0) {
            return status;
        }
        JsonNode summary = new ObjectMapper().readTree(network.resolve("summary.json").toFile());
        double runS = summary.path("wall").path("run_s").asDouble();
        int cells = summary.path("cells").asInt();
        double simulatedS = summary.path("duration_ms").asDouble() / 1000;
        double cellS = cells * simulatedS;
        out.printf(Locale.ROOT, "%d cells x %.1f s = %.0f cell-s in %.1f s: %.1f cell-s per wall s; NEURON took %.1f s "
                + "for one cell-s in step 2: %.0fx its pace%n", cells, simulatedS, cellS, runS, cellS / runS,
                neuronWallS, cellS / runS * neuronWallS);
        return 0;
    }
}
