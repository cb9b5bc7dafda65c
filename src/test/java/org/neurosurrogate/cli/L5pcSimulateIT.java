package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/** The acceptance check on the built-in cell: info counts and a 1-s simulation with spikes. */
class L5pcSimulateIT {
    @TempDir
    Path dir;

    @Test
    void infoReports639SegmentsAnd1278Channels() {
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(0, Main.run(new String[] {"info", "--model", "builtin:l5pc"}, c.outStream, c.errStream), c.err());
        String out = c.out();
        assertTrue(out.contains("recorded         639 segments"), out);
        assertTrue(out.contains("input channels   1278"), out);
        assertTrue(out.contains("sections         196 (642 segments in all)"), out);
        assertTrue(out.matches("(?s).*basal\\s+262 segments.*"), out);
    }

    @Test
    void oneSecondUnderTheDefaultDriveGives1000x639VoltagesAndSomaticSpikes() throws Exception {
        Path out = dir.resolve("r.h5");
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(0, Main.run(new String[] {"simulate", "--model", "builtin:l5pc", "--duration", "1000", "--out",
                out.toString()}, c.outStream, c.errStream), c.err());
        TestSupport.Result r = TestSupport.python("""
                import sys, h5py
                f = h5py.File(sys.argv[1], 'r')
                print(f['voltages'].shape, len(f['soma/spike_times_ms']), f['inputs/channels'][:].max() < 1278)
                """, out.toString());
        assertEquals(0, r.status(), r.stderr());
        String line = r.stdout().strip();
        assertTrue(line.startsWith("(1000, 639) "), line);
        int spikes = Integer.parseInt(line.split(" ")[2]);
        System.out.println("L5PC 1 s default drive: " + spikes + " somatic spikes");
        assertTrue(spikes >= 1 && spikes <= 30, "a few Hz expected, got " + spikes);
        assertTrue(line.endsWith("True"), line);
    }
}
