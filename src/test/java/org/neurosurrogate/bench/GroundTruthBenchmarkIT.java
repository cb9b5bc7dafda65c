package org.neurosurrogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.TestSupport;

/**
 * {@code bench generate} on the example cell: the generation path and the plain NEURON script (synapses in their
 * original cnexp form, stock nrnivmodl) give the same voltages, and the command prints the figures it promises.
 */
class GroundTruthBenchmarkIT {
    @Test
    void generationPathMatchesPlainNeuronAndPrintsTheSpeedRatio() throws Exception {
        TestSupport.Result r = TestSupport.launcher(Map.of(), "bench", "generate", "--model", "examples/ball-and-stick",
                "--simulations", "2", "--duration", "300", "--repeats", "2");
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        String out = r.stdout();
        assertTrue(out.contains("max |dV| over 13200 values (22 segments, every ms): 0 mV; 0 values differ; within"),
                out);
        assertTrue(out.contains("  simulation 1: plain NEURON "), out);
        assertTrue(out.matches("(?s).*speed \\(fastest runs\\): plain NEURON [0-9.]+ simulated s per wall s, "
                + "generation path [0-9.]+; ratio [0-9.]+x.*"), out);
        assertTrue(out.contains("median of the 4 run-by-run ratios"), out);
    }
}
