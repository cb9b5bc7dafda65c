package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.cli.Main;

/** generate → train → evaluate → compare on the small example cell, end to end. */
class EvaluateCommandIT {
    static final String MODEL = TestSupport.home().resolve("examples/ball-and-stick").toString();

    @TempDir
    Path dir;

    private static int run(TestSupport.Captured c, String... args) {
        return Main.run(args, c.outStream, c.errStream);
    }

    @Test
    void evaluateWritesReportAndPlotsAndCompareTabulatesThem() throws Exception {
        TestSupport.Captured c = new TestSupport.Captured();
        Path data = dir.resolve("data");
        assertEquals(0, run(c, "generate", "--model", MODEL, "--simulations", "6", "--duration", "1000", "--shard-size",
                "3", "--workers", "2", "--out", data.toString()), c.err());
        Path model = dir.resolve("model");
        assertEquals(0, run(c, "train", "--data", data.toString(), "--arch", "mh", "--out", model.toString(),
                "--steps", "6", "--batch", "4", "--eval-every", "3", "--validation-windows", "8", "--threads", "2"),
                c.err());
        Path report = dir.resolve("report");
        assertEquals(0, run(c, "evaluate", "--surrogate", model.toString(), "--data", data.toString(), "--out",
                report.toString()), c.err());
        for (String f : new String[] {"report.json", "report.md", "traces.png", "error_vs_distance.png", "roc.png",
                "morphology_error.png"}) {
            assertTrue(Files.size(report.resolve(f)) > 0, f);
        }
        Report r = Report.read(report);
        assertEquals("mh", r.arch());
        assertEquals(22, r.model().segments().rmse().length);
        assertEquals("per-segment mean", r.baselines().get(0).name());
        TestSupport.Captured cmp = new TestSupport.Captured();
        assertEquals(0, run(cmp, "compare", report.toString(), report.toString()), cmp.err());
        assertTrue(cmp.out().contains("| mh |"), cmp.out());

        TestSupport.Captured bad = new TestSupport.Captured();
        assertEquals(Main.USAGE_ERROR, run(bad, "evaluate", "--surrogate", model.toString(), "--data", data.toString(),
                "--split", "holdout", "--out", dir.resolve("x").toString()));
        assertTrue(bad.err().contains("--split holdout"), bad.err());
    }
}
