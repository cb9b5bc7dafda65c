package org.neurosurrogate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.TestSupport;

/**
 * Truncated and bit-flipped HDF5 shards and surrogate files, and a surrogate of another cell: each is named in one
 * line; a damaged shard is left out of training (with a warning) and remade by generate; nothing is half-written.
 */
class DamagedFilesIT {
    @TempDir
    static Path dir;
    static Path data;
    static final Path SHIPPED = TestSupport.home().resolve("surrogates/ball-and-stick");

    @BeforeAll
    static void dataset() {
        data = Faults.dataset(dir.resolve("data"), 4);
    }

    @Test
    void aTruncatedShardIsNamedByVerifyAndLeftOutOfTraining() throws Exception {
        Path d = Faults.copy(data, dir.resolve("truncated"));
        Path shard = d.resolve("shard-00001.h5");
        Faults.truncate(shard);
        Faults.Run verify = Faults.run("dataset", "verify", d.toString());
        assertNotEquals(0, verify.status());
        assertTrue((verify.out() + verify.err()).contains("shard-00001.h5"), verify.out() + verify.err());
        Faults.Run train = Faults.run(Faults.trainArgs(d, dir.resolve("m-truncated"), 10).toArray(String[]::new));
        assertEquals(0, train.status(), train.out() + train.err());
        assertTrue(train.out().contains("warning: skipping shard " + shard), train.out());
    }

    @Test
    void aBitFlippedShardIsSkippedByReadersAndRemadeByGenerate() throws Exception {
        Path d = Faults.copy(data, dir.resolve("flipped"));
        Path shard = d.resolve("shard-00002.h5");
        String good = FileTrees.sha256(shard);
        Faults.flipByte(shard);
        Faults.Run verify = Faults.run("dataset", "verify", d.toString());
        assertNotEquals(0, verify.status());
        assertTrue((verify.out() + verify.err()).contains("shard-00002.h5"), verify.out() + verify.err());
        Faults.Run train = Faults.run(Faults.trainArgs(d, dir.resolve("m-flipped"), 10).toArray(String[]::new));
        assertEquals(0, train.status(), train.out() + train.err());
        assertTrue(train.out().contains("warning: skipping shard " + shard + ": damaged"), train.out());
        Faults.Run again = Faults.run("generate", "--model", Faults.MODEL, "--simulations", "4", "--duration", "1200",
                "--shard-size", "1", "--seed", "5", "--workers", "1", "--out", d.toString());
        assertEquals(0, again.status(), again.out() + again.err());
        assertTrue(again.out().contains("making it again"), again.out());
        assertEquals(good, FileTrees.sha256(shard), "remade byte for byte (deterministic generation)");
    }

    @Test
    void aDamagedSurrogateIsRefusedInOneLineAndWritesNoReport() throws Exception {
        String[] cases = {"surrogate.json:truncate", "surrogate.params:flip", "surrogate.params:truncate",
                "baseline-linear.params:flip"};
        for (String c : cases) {
            String file = c.substring(0, c.indexOf(':'));
            Path s = Faults.copy(SHIPPED, dir.resolve("s-" + c.replace(':', '-')));
            if (c.endsWith("flip")) {
                Faults.flipByte(s.resolve(file));
            } else {
                Faults.truncate(s.resolve(file));
            }
            Path report = dir.resolve("report-" + c.replace(':', '-'));
            Faults.run("evaluate", "--surrogate", s.toString(), "--data", data.toString(), "--split", "all",
                    "--out", report.toString()).fails(2, s.resolve(file).toString());
            assertFalse(Files.exists(report), c + ": no report folder");
        }
        Path intact = Faults.copy(SHIPPED, dir.resolve("s-intact"));
        Faults.Run ok = Faults.run("evaluate", "--surrogate", intact.toString(), "--data", data.toString(), "--split",
                "all", "--out", dir.resolve("report-intact").toString());
        assertEquals(0, ok.status(), "the same files undamaged load: " + ok.out() + ok.err());
    }

    @Test
    void aSurrogateOfAnotherCellIsRefusedInOneLine() {
        Path report = dir.resolve("report-other-cell");
        Faults.run("evaluate", "--surrogate", "builtin:l5pc", "--data", data.toString(), "--split", "all", "--out",
                report.toString()).fails(2, "segment");
        assertFalse(Files.exists(report));
    }
}
