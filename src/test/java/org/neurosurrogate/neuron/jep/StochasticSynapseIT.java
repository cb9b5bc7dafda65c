package org.neurosurrogate.neuron.jep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * A model's own stochastic synapse (examples/stochastic-synapses: NsStochasticAmpa, NEURON 9 RANDOM) through
 * model.json's "synapses": the simulation seed seeds every synapse's release stream, so the same inputs and seed
 * give the same voltages, another seed other releases.
 */
class StochasticSynapseIT {
    @Test
    void theSimulationSeedSeedsTheReleases() {
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(env.home().resolve("examples/stochastic-synapses").toString(), env.home());
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            int channels = cell.segments().inputChannels();
            int excitatory = cell.segments().size();
            // every excitatory synapse gets an event each 7 ms: releases, not inputs, make the difference
            List<Double> times = new ArrayList<>();
            List<Integer> ch = new ArrayList<>();
            for (int c = 0; c < excitatory; c++) {
                for (double t = 1 + c * 0.3; t < 300; t += 7) {
                    times.add(t);
                    ch.add(c);
                }
            }
            SpikeTrains inputs = SpikeTrains.sorted(times.stream().mapToDouble(Double::doubleValue).toArray(),
                    ch.stream().mapToInt(Integer::intValue).toArray(), channels);
            SimulationResult a = cell.run(inputs, 300, 11);
            SimulationResult again = cell.run(inputs, 300, 11);
            SimulationResult other = cell.run(inputs, 300, 12);
            assertArrayEquals(a.voltages(), again.voltages(), "same seed, same releases, same voltages");
            assertFalse(Arrays.equals(a.voltages(), other.voltages()), "another seed, other releases");
            assertEquals(excitatory, cell.session().seedSynapses(11), "one stream per excitatory synapse");
        }
    }
}
