package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    @TempDir
    Path dir;

    @Test
    void oneRowPerArchitectureInTheOrderGiven() throws IOException {
        Fixtures.report("mh", 0.2).write(dir.resolve("mh"));
        Fixtures.report("mmoe", 0.1).write(dir.resolve("mmoe"));
        String md = Comparison.markdown(Comparison.read(List.of(dir.resolve("mmoe"), dir.resolve("mh"))));
        List<String> lines = md.lines().toList();
        assertEquals(8, lines.size(), md); // header, rule, 2 models, 2 × 2 baselines (their numbers differ)
        assertTrue(lines.get(0).startsWith("| arch | soma RMSE (mV) | soma EV | mean segment RMSE (mV) | basal RMSE |"));
        assertTrue(lines.get(0).endsWith("| spike AUC | TPR@1%FPR | timing recall ±5 ms | timing precision ±5 ms "
                + "| spikes (predicted / NEURON) |"), lines.get(0));
        assertTrue(lines.get(2).startsWith("| mmoe |"));
        assertTrue(lines.get(3).startsWith("| mh |"));
        assertTrue(lines.get(4).startsWith("| per-segment mean (mmoe) |"), md);
        assertTrue(lines.get(5).startsWith("| per-segment mean (mh) |"), md);
        assertTrue(lines.get(6).startsWith("| linear filter (mmoe) |"), md);
        assertTrue(lines.get(7).startsWith("| linear filter (mh) |"), md);
        int columns = lines.get(0).split("\\|", -1).length;
        for (String l : lines) {
            assertEquals(columns, l.split("\\|", -1).length, "ragged row: " + l);
        }
    }

    @Test
    void cellsCarryTheModelsNumbers() {
        Report r = Fixtures.report("mmoe", 0.1);
        String row = Comparison.markdown(List.of(r)).lines().toList().get(2);
        assertTrue(row.contains(Report.fmt(r.model().soma().rmse())), row);
        assertTrue(row.contains(Report.fmt(r.model().spikes().auc())), row);
        // timing ±5 ms in the fixture: 25-26 and 50-54 of 25, 50, 75 (recall 2/3), then precision and the counts
        Report.Timing t = r.model().spikes().at(5);
        assertTrue(row.endsWith("| 0.6667 | " + Report.fmt(t.precision()) + " | " + t.predicted() + " / 3 |"), row);
    }

    @Test
    void baselinesThatAgreeAcrossReportsGetOneRowEach() throws IOException {
        Fixtures.reportWithFixedBaselines("mh", 0.2).write(dir.resolve("mh"));
        Fixtures.reportWithFixedBaselines("mmoe", 0.1).write(dir.resolve("mmoe"));
        Report r = Fixtures.reportWithFixedBaselines("mh", 0.2);
        String md = Comparison.markdown(Comparison.read(List.of(dir.resolve("mh"), dir.resolve("mmoe"))));
        List<String> lines = md.lines().toList();
        assertEquals(6, lines.size(), md);
        assertTrue(lines.get(4).startsWith("| per-segment mean |"), md);
        assertTrue(lines.get(5).startsWith("| linear filter |"), md);
        assertTrue(lines.get(5).contains(Report.fmt(r.baselines().get(1).soma().rmse())), md);
        assertTrue(lines.get(4).contains("| — |"), "the mean has no spike output here: " + md);
    }

    @Test
    void aReportWithoutTheLinearBaselineHasNoLinearRow() {
        Report r = Fixtures.report("mh", 0.2);
        Report old = new Report("mmoe", r.info(), r.model(), List.of(r.baselines().get(0)));
        String md = Comparison.markdown(List.of(old));
        assertEquals(4, md.lines().count(), md);
        assertTrue(md.contains("| per-segment mean |") && !md.contains("linear filter"), md);
        Report withLinear = Fixtures.reportWithFixedBaselines("mh", 0.2);
        Report withoutLinear = new Report("mmoe", Map.of(), r.model(), List.of(withLinear.baselines().get(0)));
        md = Comparison.markdown(List.of(withoutLinear, withLinear));
        assertTrue(md.contains("| per-segment mean |") && md.contains("| linear filter (mh) |"), md);
    }

    @Test
    void reportsOfOneArchitectureAreToldApartByTheirFolder() throws Exception {
        Report a = Fixtures.report("mh", 0.2);
        Report b = Fixtures.report("mh", 0.3);
        String md = Comparison.markdown(List.of(a, b), List.of("run-1", "run-2"));
        assertTrue(md.contains("| mh (run-1) |") && md.contains("| mh (run-2) |"), md);
        assertTrue(md.contains("| linear filter (mh (run-2)) |"), md);
        assertTrue(Comparison.markdown(List.of(a), List.of("run-1")).contains("| mh |"), "a single arch keeps its name");
    }
}
