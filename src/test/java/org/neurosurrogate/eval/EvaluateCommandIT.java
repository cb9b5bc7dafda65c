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
        assertEquals(2, r.baselines().size());
        assertEquals("per-segment mean", r.baselines().get(0).name());
        Report.Scores linear = r.baselines().get(1);
        assertEquals("linear filter", linear.name());
        assertEquals(22, linear.segments().rmse().length);
        assertTrue(linear.segments().rmseAll().mean() > 0, "scored like the model");
        assertTrue(linear.soma().rmse() > 0 && linear.spikes() != null && linear.spikes().at(5) != null);
        assertTrue(r.info().get("linear_baseline").startsWith("baseline-linear.params"), r.info().toString());
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("| metric | surrogate | per-segment mean | linear filter |"), md);
        // one row per scored simulation; NEURON's spikes there are the pooled spike bins, its predictions the timing's
        assertEquals(1, r.perSimulation().size(), "the one test simulation of 6");
        assertEquals(r.model().spikes().positiveBins(),
                r.perSimulation().stream().mapToLong(Report.SimulationScores::neuronSpikes).sum());
        assertEquals(r.model().spikes().at(5).predicted(),
                r.perSimulation().stream().mapToLong(Report.SimulationScores::surrogateSpikes).sum());
        assertEquals(r.model().soma().rmse(), r.perSimulation().get(0).somaRmse(), 1e-9);
        assertTrue(md.contains("## Per simulation"), md);
        TestSupport.Captured cmp = new TestSupport.Captured();
        assertEquals(0, run(cmp, "compare", report.toString(), report.toString()), cmp.err());
        assertTrue(cmp.out().contains("| mh |"), cmp.out());
        assertTrue(cmp.out().contains("| per-segment mean |") && cmp.out().contains("| linear filter |"), cmp.out());

        // a surrogate saved before linear baselines were kept: one line says so, the rest goes on
        Path old = dir.resolve("old-model");
        Files.createDirectories(old);
        for (String f : new String[] {"surrogate.json", "surrogate.params"}) {
            Files.copy(model.resolve(f), old.resolve(f));
        }
        TestSupport.Captured o = new TestSupport.Captured();
        Path oldReport = dir.resolve("old-report");
        assertEquals(0, run(o, "evaluate", "--surrogate", old.toString(), "--data", data.toString(), "--out",
                oldReport.toString()), o.err());
        assertTrue(o.out().contains("no linear baseline saved with this surrogate"), o.out());
        Report without = Report.read(oldReport);
        assertEquals(1, without.baselines().size());
        assertEquals(SurrogateEvaluator.ABSENT, without.info().get("linear_baseline"));

        TestSupport.Captured bad = new TestSupport.Captured();
        assertEquals(Main.USAGE_ERROR, run(bad, "evaluate", "--surrogate", model.toString(), "--data", data.toString(),
                "--split", "holdout", "--out", dir.resolve("x").toString()));
        assertTrue(bad.err().contains("--split holdout"), bad.err());
    }
}
