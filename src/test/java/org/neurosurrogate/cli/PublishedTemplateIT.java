package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * A template written the way published ones are (Import3d_Neurolucida3 + Import3d_GUI in its init, import3d.hoc
 * not loaded by it, biophysics in a second template) loads through model.json alone, no helper hoc file.
 */
class PublishedTemplateIT {
    static final String MODEL = TestSupport.home().resolve("examples/published-style").toString();

    @TempDir
    Path dir;

    @Test
    void anImport3dTemplateLoadsAndSimulatesUnedited() throws Exception {
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(0, Main.run(new String[] {"info", "--model", MODEL}, c.outStream, c.errStream), c.err());
        assertTrue(c.out().contains("recorded         639 segments from section lists [basal, apical]"), c.out());
        Path out = dir.resolve("run.h5");
        assertEquals(0, Main.run(new String[] {"simulate", "--model", MODEL, "--duration", "100", "--out",
            out.toString()}, c.outStream, c.errStream), c.err());
        assertTrue(Files.size(out) > 10_000);
    }
}
