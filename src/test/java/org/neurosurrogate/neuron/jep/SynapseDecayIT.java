package org.neurosurrogate.neuron.jep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.bench.GroundTruthBenchmark;

/**
 * The project's synapses (mod/synapses: decay factors computed once per dt) give the voltages of their original
 * {@code METHOD cnexp} form (python-bridge/reference) within {@value GroundTruthBenchmark#TOLERANCE_MV} mV, on a
 * small cell driven hard enough to spike, when dt changes mid-run and between runs, and when a time constant
 * changes mid-run: each form in its own NEURON, every step's voltages compared.
 */
class SynapseDecayIT {
    private static final int PROBES = 4; // soma and three dendrite segments, per step

    @TempDir
    Path dir;

    @Test
    void decayFactorsGiveCnexpVoltagesAlsoWhenDtChanges() throws Exception {
        PythonEnvironment env = PythonEnvironment.locate();
        Path reference = new MechanismCompiler(env, MechanismCompiler.defaultCacheRoot(), MechanismCompiler.STOCK_FLAGS)
                .compile(List.of(GroundTruthBenchmark.referenceSynapses(env)));
        Path project = new MechanismCompiler(env, MechanismCompiler.defaultCacheRoot())
                .compile(List.of(CellSimulator.synapseModDir(env)));
        double[] expected = runs(env, reference, dir.resolve("cnexp.f8"));
        double[] actual = runs(env, project, dir.resolve("project.f8"));
        // 6000 + (2400 + 600 + 2400) + 3000 + 6000 + 6000 steps: the script's five runs
        assertEquals(26400 * PROBES, expected.length, "every step of the five runs recorded");
        assertEquals(expected.length, actual.length);
        double max = 0;
        double somaPeak = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < expected.length; k++) {
            max = Math.max(max, Math.abs(expected[k] - actual[k]));
            if (k % PROBES == 0) {
                somaPeak = Math.max(somaPeak, expected[k]);
            }
        }
        assertTrue(somaPeak > 0, "the inputs make the soma spike (peak " + somaPeak + " mV)");
        assertTrue(max <= GroundTruthBenchmark.TOLERANCE_MV, "max |dV| " + max + " mV");
    }

    private static double[] runs(PythonEnvironment env, Path library, Path out) throws Exception {
        Path script = TestSupport.home().resolve("src/test/resources/synapse-decay/synapse_runs.py");
        TestSupport.Result r = TestSupport.exec(List.of(env.python().toString(), script.toString(), library.toString(),
                out.toString()), Map.of("NEURON_MODULE_OPTIONS", "-nogui"), 300);
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        return readDoubles(out);
    }

    private static double[] readDoubles(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[b.remaining() / Double.BYTES];
        b.asDoubleBuffer().get(values);
        return values;
    }
}
