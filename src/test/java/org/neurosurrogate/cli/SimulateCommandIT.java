package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/** {@code simulate} on the small example model, end to end in this JVM, read back by h5py and jHDF. */
class SimulateCommandIT {
    static final String MODEL = TestSupport.home().resolve("examples/ball-and-stick").toString();

    @TempDir
    Path dir;

    private int simulate(TestSupport.Captured c, String... extra) {
        String[] base = {"simulate", "--model", MODEL, "--duration", "300", "--exc-hz", "3000", "--inh-hz", "500"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Main.run(args, c.outStream, c.errStream);
    }

    @Test
    void simulateWritesAFileThatH5pyReads() throws Exception {
        Path out = dir.resolve("run.h5");
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(0, simulate(c, "--seed", "5", "--out", out.toString()), c.err());
        assertTrue(c.out().contains("somatic spikes"), c.out());
        TestSupport.Result r = TestSupport.python("""
                import sys, h5py
                f = h5py.File(sys.argv[1], 'r')
                print(f['voltages'].shape, f['voltages'].dtype, f['soma/v'].shape, f['soma/v_fine'].shape)
                print(f['inputs/times_ms'].shape[0] == f['inputs/channels'].shape[0], int(f['inputs/channels'][:].max()) < 44)
                print(len(f['segments/section']), f['segments/centre_um'].shape, sorted(set(x.decode() for x in f['segments/region'][:])))
                print(f.attrs['seed'], f.attrs['neuron_version'].decode(), f.attrs['model_hash'].decode()[:7], f.attrs['format'].decode())
                print(len(f['soma/spike_times_ms'][:]) > 0, float(f['voltages'][:].max()) > -70)
                """, out.toString());
        assertEquals(0, r.status(), r.stderr());
        String[] lines = r.stdout().strip().split("\n");
        assertEquals("(300, 22) float32 (300,) (2400,)", lines[0]);
        assertEquals("True True", lines[1]);
        assertEquals("22 (22, 3) ['apical_trunk', 'basal', 'tuft']", lines[2]);
        assertEquals("5 9.0.2 sha256: neurosurrogate.simulation", lines[3]);
        assertEquals("True True", lines[4], "the drive makes the cell spike and depolarises dendrites");
    }

    @Test
    void sameSeedGivesTheSameSimulationAndAnotherSeedDoesNot() throws Exception {
        Path a = dir.resolve("a.h5");
        Path b = dir.resolve("b.h5");
        Path other = dir.resolve("c.h5");
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(0, simulate(c, "--seed", "11", "--out", a.toString()), c.err());
        assertEquals(0, simulate(c, "--seed", "11", "--out", b.toString()), c.err());
        assertEquals(0, simulate(c, "--seed", "12", "--out", other.toString()), c.err());
        float[][] va = voltages(a);
        assertArrayEquals(va, voltages(b));
        assertFalse(java.util.Arrays.deepEquals(va, voltages(other)));
    }

    @Test
    void silentSimulationStoresEmptySpikeAndInputListsWithCountZero() throws Exception {
        Path out = dir.resolve("silent.h5");
        TestSupport.Captured c = new TestSupport.Captured();
        assertEquals(0, Main.run(new String[] {"simulate", "--model", MODEL, "--duration", "100", "--exc-hz", "0",
                "--inh-hz", "0", "--out", out.toString()}, c.outStream, c.errStream), c.err());
        TestSupport.Result r = TestSupport.python("""
                import sys, h5py
                f = h5py.File(sys.argv[1], 'r')
                print(f['soma/spike_times_ms'].attrs['count'], f['inputs/times_ms'].attrs['count'], f['voltages'].shape)
                """, out.toString());
        assertEquals("0 0 (100, 22)", r.stdout().strip(), r.stderr());
    }

    private static float[][] voltages(Path file) {
        try (HdfFile f = new HdfFile(file)) {
            return (float[][]) f.getDatasetByPath("voltages").getData();
        }
    }

    @Test
    void nonPositiveDurationExitsWithTwoAndWritesNothing() {
        Path out = dir.resolve("never.h5");
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(new String[] {"simulate", "--model", MODEL, "--duration", "0", "--out", out.toString()},
                c.outStream, c.errStream);
        assertEquals(Main.USAGE_ERROR, status);
        assertTrue(c.err().contains("--duration"), c.err());
        assertEquals(1, c.err().strip().split("\n").length, "one line: " + c.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unwritableOutputIsRefusedBeforeSimulating() {
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(new String[] {"simulate", "--model", MODEL, "--out", dir.resolve("no/such/dir/x.h5").toString()},
                c.outStream, c.errStream);
        assertEquals(Main.USAGE_ERROR, status);
        assertTrue(c.err().contains("--out") && c.err().contains("does not exist"), c.err());
    }
}
