package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.neuron.ModelFingerprint;
import org.neurosurrogate.surrogate.Surrogate;

/** Every example network loads as it is, and the surrogates it names ship with the repository and load. */
class ExampleNetworksTest {
    @Test
    void everyExampleNetworkLoadsWithItsShippedSurrogates() throws Exception {
        List<Path> specs = TestSupport.filesIn("examples/networks", ".json");
        assertTrue(specs.size() >= 2, "examples/networks holds " + specs);
        int surrogates = 0;
        for (Path f : specs) {
            NetworkSpec spec = NetworkSpec.load(f, TestSupport.home());
            for (NetworkSpec.Population p : spec.populations()) {
                if (p.surrogate() == null) {
                    continue;
                }
                try (Surrogate s = Surrogate.load(p.surrogate().path())) {
                    // trained on exactly this model (its fingerprint), as the hybrid runner checks
                    assertEquals(ModelFingerprint.of(p.spec(), List.of(TestSupport.home().resolve("mod/synapses"))),
                            s.info().get("model_hash"), f + ": " + p.surrogate().path());
                    assertTrue(s.info().containsKey(Surrogate.SPIKE_THRESHOLD), f + ": a calibrated read-out");
                    surrogates++;
                }
            }
        }
        assertTrue(surrogates >= 2, "example networks with surrogates: " + surrogates);
    }
}
