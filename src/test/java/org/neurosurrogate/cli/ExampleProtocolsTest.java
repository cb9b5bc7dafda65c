package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.neuron.InputProtocol;

/** Every protocol file in examples/protocols is one {@code generate --protocol} accepts as it is. */
class ExampleProtocolsTest {
    @Test
    void everyExampleProtocolReadsAndDiffersFromThePublishedOne() throws Exception {
        List<Path> files = TestSupport.filesIn("examples/protocols", ".json");
        assertFalse(files.isEmpty(), "examples/protocols holds no .json");
        for (Path f : files) {
            InputProtocol p = ProtocolFile.read(f);
            assertNotEquals(InputProtocol.BENIAGUEV_2021, p, f + " changes nothing");
        }
    }
}
