package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;

class PlotsTest {
    @TempDir
    Path dir;

    /** Reads the PNG back, checks its size and that it is not one flat colour. */
    private static void assertDrawn(Path png, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        int first = img.getRGB(0, 0);
        int differing = 0;
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                if (img.getRGB(x, y) != first) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 100, "image looks empty: " + differing + " pixels drawn");
    }

    private static void assertNoTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void tracesStackOnePanelPerTrace() throws IOException {
        List<Plots.Trace> traces = new ArrayList<>();
        for (String label : List.of("soma", "basal dend[3](0.5)", "oblique apic[5](0.5)", "trunk apic[0](0.9)",
                "tuft apic[60](0.5)")) {
            float[] t = new float[300];
            float[] p = new float[300];
            for (int k = 0; k < t.length; k++) {
                t[k] = (float) (-70 + 10 * Math.sin(k / 20.0));
                p[k] = t[k] + (float) Math.cos(k / 5.0);
            }
            traces.add(new Plots.Trace(label, 500, 1, t, p));
        }
        Path png = dir.resolve("traces.png");
        Plots.traces(png, traces, 900, 220);
        assertDrawn(png, 900, 5 * 220);
        assertNoTemporaryFiles(dir);
    }

    @Test
    void errorAgainstDistanceIsDrawnAndSkipsUndefinedErrors() throws IOException {
        SegmentTable cell = Fixtures.cell();
        double[] err = new double[cell.size()];
        for (int i = 0; i < err.length; i++) {
            err[i] = 0.1 * i;
        }
        err[3] = Double.NaN;
        Path png = dir.resolve("error_vs_distance.png");
        Plots.errorVsDistance(png, cell.distance(), cell.region(), err, "RMSE (mV)", 800, 500);
        assertDrawn(png, 800, 500);
    }

    @Test
    void rocCurveIsDrawnForModelAndBaseline() throws IOException {
        SpikeMetrics m = new SpikeMetrics();
        float[] p = new float[1000];
        float[] l = new float[1000];
        for (int i = 0; i < p.length; i++) {
            l[i] = i % 20 == 0 ? 1 : 0;
            p[i] = (float) ((l[i] * 0.5) + 0.5 * ((i * 7919) % 1000) / 1000.0);
        }
        m.add(p, l);
        double[][] c = m.rocCurve(500);
        Path png = dir.resolve("roc.png");
        Plots.roc(png, List.of(new Plots.Curve("mmoe", c[0], c[1], m.auc()),
                new Plots.Curve("linear", new double[] {0, 0.5, 1}, new double[] {0, 0.6, 1}, 0.55)), 600, 600);
        assertDrawn(png, 600, 600);
    }

    @Test
    void morphologyIsDrawnColouredByError() throws IOException {
        SegmentTable cell = Fixtures.cell();
        double[] err = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, Double.NaN, 0.8};
        Path png = dir.resolve("morphology.png");
        Plots.morphology(png, cell.centre(), err, "RMSE (mV)", 700, 900);
        assertDrawn(png, 700, 900);
    }

    @Test
    void errorClassesSplitAtQuantilesAndCollapseWhenAllEqual() {
        double[] sorted = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] edges = Plots.classEdges(sorted, 5);
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, edges);
        assertEquals(0, Plots.classOf(0, edges));
        assertEquals(1, Plots.classOf(2, edges));
        assertEquals(4, Plots.classOf(10, edges));
        double[] flat = Plots.classEdges(new double[] {3, 3, 3}, 5);
        assertEquals(2, flat.length);
        assertEquals(0, Plots.classOf(3, flat));
    }

    @Test
    void roundTimeTicksAddsOneHiddenPointOffTheSampleGrid() {
        XYChart c = new XYChartBuilder().width(400).height(200).build();
        c.addSeries("v", new double[] {500, 501, 502}, new double[] {-65, -64, -66});
        Plots.roundTimeTicks(c);
        XYSeries hidden = c.getSeriesMap().values().stream().filter(s -> !s.isShowInLegend()).findFirst().orElseThrow();
        assertEquals(2, c.getSeriesMap().size());
        assertArrayEquals(new double[] {500.5}, hidden.getXData());
        assertTrue(Double.isNaN(hidden.getYData()[0]), "the hidden point must not widen the voltage axis");
        assertTrue(c.getSeriesMap().get("v").isShowInLegend());
    }

    @Test
    void rewritingAPlotReplacesIt() throws IOException {
        Path png = dir.resolve("roc.png");
        Plots.roc(png, List.of(new Plots.Curve("a", new double[] {0, 1}, new double[] {0, 1}, 0.5)), 400, 300);
        Plots.roc(png, List.of(new Plots.Curve("a", new double[] {0, 1}, new double[] {0, 1}, 0.5)), 500, 400);
        assertDrawn(png, 500, 400);
    }
}
