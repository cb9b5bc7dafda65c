package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.neuron.Region;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void jsonRoundTripKeepsEveryValue() throws IOException {
        Report r = Fixtures.report("mmoe", 0.1);
        r.write(dir);
        Report back = Report.read(dir);
        assertEquals(Report.json(r), Report.json(back));
        assertEquals("mmoe", back.arch());
        assertArrayEquals(r.model().segments().rmse(), back.model().segments().rmse());
        assertEquals(r.model().spikes().auc(), back.model().spikes().auc());
        assertEquals(2, back.baselines().size());
        assertNull(back.baselines().get(0).spikes(), "a baseline without spikes stays without");
        assertEquals(r.model().segments().rmseSummary().region(Region.TUFT),
                back.model().segments().rmseSummary().region(Region.TUFT));
    }

    @Test
    void undefinedValuesSurviveTheRoundTripAsNaN() throws IOException {
        Report r = Fixtures.report("tcn", 0.1);
        Report.Scores m = r.model();
        Report.Soma flat = new Report.Soma(0.2, Double.NaN, Double.NaN);
        Report withNaN = new Report(r.arch(), r.info(), new Report.Scores(m.name(), m.segments(), flat, m.spikes()),
                r.baselines());
        withNaN.write(dir);
        assertTrue(Double.isNaN(Report.read(dir.resolve(Report.JSON)).model().soma().explainedVariance()));
    }

    @Test
    void perSimulationRowsRoundTripAndListSpikeCountsWithTheirTotals() throws IOException {
        Report r = Fixtures.report("mmoe", 0.1);
        Report withRows = new Report(r.arch(), r.info(), r.model(), r.baselines(),
                List.of(new Report.SimulationScores(3, 7, 12, 1.5, 4.25), new Report.SimulationScores(9, 0, 2, 0.75,
                        3.5)));
        withRows.write(dir);
        Report back = Report.read(dir);
        assertEquals(withRows.perSimulation(), back.perSimulation());
        String md = Files.readString(dir.resolve(Report.MARKDOWN));
        assertTrue(md.contains("## Per simulation"), md);
        assertTrue(md.contains("| 3 | 7 | 12 | 1.5000 | 4.2500 |"), md);
        assertTrue(md.contains("| all | 7 | 14 | | |"), md);

        // a report written before the rows existed reads with none, and its markdown has no such section
        String old = Files.readString(dir.resolve(Report.JSON))
                .replaceAll("(?s),\\s*\"perSimulation\"\\s*:\\s*\\[.*?\\]", "");
        assertFalse(old.contains("perSimulation"));
        Files.writeString(dir.resolve(Report.JSON), old);
        Report oldReport = Report.read(dir);
        assertTrue(oldReport.perSimulation().isEmpty());
        assertFalse(oldReport.markdown().contains("Per simulation"));
    }

    @Test
    void writingLeavesNoTemporaryFilesAndReplacesAnOldReport() throws IOException {
        Fixtures.report("a", 0.1).write(dir);
        Fixtures.report("b", 0.1).write(dir);
        assertEquals("b", Report.read(dir).arch());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(Report.JSON, Report.MARKDOWN),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void markdownHasEverySectionAndTheBaselinesSideBySide() throws IOException {
        Fixtures.report("mmoe", 0.1).write(dir);
        String md = Files.readString(dir.resolve(Report.MARKDOWN));
        for (String h : List.of("# Evaluation: mmoe", "## Overall", "## Per region", "## Per distance from the soma",
                "## Soma", "## Spikes")) {
            assertTrue(md.contains("\n" + h + "\n") || md.startsWith(h + "\n"), "missing " + h + " in\n" + md);
        }
        assertTrue(md.contains("| metric | mmoe | per-segment mean | linear filter |"), md);
        assertTrue(md.contains("| tuft | 2 |"), md);
        assertTrue(md.contains("timing recall ±5 ms"), md);
        assertTrue(md.contains("- dataset: synthetic"), md);
        assertTrue(md.contains("—"), "the baseline without spikes shows dashes");
        assertFalse(md.contains("NaN"), md);
    }
}
