package org.neurosurrogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale report keeps each surrogate's runs apart: its own rows, growth exponents, RSS slope and figures. */
class ScaleReportTest {
    /** A run whose wall time per simulated second is {@code c · n^a} and whose RSS is {@code base + n · perCell}. */
    static ScaleRun run(String surrogate, String mode, int n, double c, double a, long perCellKb) {
        double wall = c * Math.pow(n, a);
        return new ScaleRun("net-" + n, mode, surrogate, n, n, 1, 1000, wall, 0.1, wall * 0.9, 0.01, 0, 1, 10 * n,
                100_000 + perCellKb * n, "d");
    }

    @Test
    void eachSurrogateGetsItsOwnGrowthExponentAndMemorySlope() {
        List<ScaleRun> runs = new ArrayList<>();
        for (int n : new int[] {100, 300, 1000}) {
            runs.add(run("a[lstm]", "surrogate-only", n, 0.05, 0.5, 800));
            runs.add(run("b[tcn]", "surrogate-only", n, 0.02, 0.9, 1200));
        }
        ScaleRun neuron = new ScaleRun("net-100", "neuron", "none", 1, 0, 1, 1000, 7, 7, 0, 0, 0, 1, 5, 170_000, "n");
        ScaleReport report = new ScaleReport(neuron, 1 / 7.0, runs);
        assertEquals(List.of("a[lstm]", "b[tcn]"), report.surrogates());
        assertEquals(0.5, report.wallExponent("a[lstm]", "surrogate-only"), 1e-9);
        assertEquals(0.9, report.wallExponent("b[tcn]", "surrogate-only"), 1e-9);
        assertEquals(800, report.rssKbPerSurrogate("a[lstm]", "surrogate-only"), 1e-6);
        assertEquals(1200, report.rssKbPerSurrogate("b[tcn]", "surrogate-only"), 1e-6);
        assertTrue(Double.isNaN(report.wallExponent("a[lstm]", "hybrid")), "no hybrid runs: no exponent");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("| net-1000 | b[tcn] | surrogate-only | 1000 (1000) |"), s);
        assertTrue(s.contains("a[lstm] surrogate-only: growth exponent of wall per simulated s vs surrogate cells "
                + "0.50"), s);
        assertTrue(s.contains("b[tcn] surrogate-only: growth exponent of wall per simulated s vs surrogate cells "
                + "0.90"), s);

        Figures figures = new Figures();
        report.record(figures);
        List<String> names = figures.all().stream().map(Figures.Figure::name).toList();
        assertTrue(names.contains("net-1000 surrogate-only with a[lstm]: surrogate cell-s per s of steps vs NEURON's "
                + "cell-s per wall s"), names.toString());
        assertTrue(names.contains("surrogate-only with b[tcn]: growth exponent of wall per simulated s vs surrogate "
                + "cells"), names.toString());
        assertEquals(2, names.stream().filter(n -> n.contains("peak RSS vs 8 GB")).count(), names.toString());
    }

    @Test
    void aResultLineReadsBackAsTheSameRunSurrogateIncluded() {
        ScaleRun r = new ScaleRun("l5pc-300", "hybrid", "l5pc-live[lstm]", 300, 297, 2, 500, 13.25, 12.5, 3.625,
                0.125, 0.5, 2.75, 169, 780_000, "baf4ed5b1c815d96");
        assertEquals(r, ScaleRun.parse(r.line()));
    }
}
