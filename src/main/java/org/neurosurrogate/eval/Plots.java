package org.neurosurrogate.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.neurosurrogate.neuron.Region;

/**
 * PNG figures of an evaluation, drawn with XChart off screen. Callers pick what to draw (which segments,
 * which time window); nothing here reads datasets. Each file is written beside its target and renamed over it.
 */
public final class Plots {
    static {
        // Rendering needs no display; must be set before AWT initialises.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final Map<Region, Color> REGION_COLOURS = new EnumMap<>(Map.of(
            Region.BASAL, new Color(0x1b9e77), Region.OBLIQUE, new Color(0xd95f02),
            Region.APICAL_TRUNK, new Color(0x7570b3), Region.TUFT, new Color(0xe7298a)));
    /** Low to high error: blue to red, light in the middle (diverging ramp, readable on white). */
    static final Color[] ERROR_RAMP = {new Color(0x4575b4), new Color(0x91bfdb), new Color(0xe0c050),
        new Color(0xfc8d59), new Color(0xd73027)};

    private Plots() {
    }

    /**
     * One recorded trace for {@link #traces}: NEURON's and the surrogate's voltage at the same steps.
     *
     * @param label panel title, e.g. "soma" or "tuft apic[60](0.5), 1020 µm"
     * @param startMs time of the first value
     * @param dtMs time between values
     */
    public record Trace(String label, double startMs, double dtMs, float[] neuron, float[] surrogate) {
        public Trace {
            if (neuron.length != surrogate.length) {
                throw new IllegalArgumentException(neuron.length + " NEURON values, " + surrogate.length
                        + " surrogate values");
            }
        }
    }

    /** A ROC curve for {@link #roc}, e.g. from {@link SpikeMetrics#rocCurve(int)}. */
    public record Curve(String name, double[] fpr, double[] tpr, double auc) {
    }

    /** Traces stacked vertically, one panel of {@code width × panelHeight} per trace: time (ms) × mV. */
    public static void traces(Path png, List<Trace> traces, int width, int panelHeight) throws IOException {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no traces to plot");
        }
        BufferedImage img = new BufferedImage(width, panelHeight * traces.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            for (int i = 0; i < traces.size(); i++) {
                Trace t = traces.get(i);
                XYChart c = chart(width, panelHeight, t.label(), "time (ms)", "voltage (mV)");
                c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
                double[] time = new double[t.neuron().length];
                Arrays.setAll(time, k -> t.startMs() + k * t.dtMs());
                line(c.addSeries("NEURON", time, toDouble(t.neuron())), Color.BLACK);
                line(c.addSeries("surrogate", time, toDouble(t.surrogate())), new Color(0xd62728));
                roundTimeTicks(c);
                g.drawImage(BitmapEncoder.getBufferedImage(c), 0, i * panelHeight, null);
            }
        } finally {
            g.dispose();
        }
        write(png, img);
    }

    /** Per-segment error against path distance from the soma, one colour per region. */
    public static void errorVsDistance(Path png, double[] distanceUm, Region[] region, double[] error,
                                       String errorLabel, int width, int height) throws IOException {
        if (distanceUm.length != error.length || region.length != error.length) {
            throw new IllegalArgumentException("columns differ in length");
        }
        XYChart c = chart(width, height, errorLabel + " against distance from the soma", "path distance (µm)",
                errorLabel);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (Region r : Region.values()) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < error.length; i++) {
                if (region[i] == r && Double.isFinite(error[i])) {
                    idx.add(i);
                }
            }
            if (!idx.isEmpty()) {
                points(c.addSeries(r.label(), pick(distanceUm, idx), pick(error, idx)), REGION_COLOURS.get(r));
            }
        }
        write(png, BitmapEncoder.getBufferedImage(c));
    }

    /** ROC curves (false- against true-positive rate) with the chance line and the 1 % FPR mark. */
    public static void roc(Path png, List<Curve> curves, int width, int height) throws IOException {
        XYChart c = chart(width, height, "somatic spikes, ROC per 1 ms bin", "false-positive rate",
                "true-positive rate");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setYAxisDecimalPattern("0.0#").setXAxisDecimalPattern("0.0#");
        Color[] palette = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd)};
        for (int i = 0; i < curves.size(); i++) {
            Curve k = curves.get(i);
            line(c.addSeries(String.format(Locale.ROOT, "%s (AUC %.4f)", k.name(), k.auc()), k.fpr(), k.tpr()),
                    palette[i % palette.length]);
        }
        XYSeries chance = c.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        line(chance, Color.GRAY).setLineStyle(dashed());
        XYSeries mark = c.addSeries("1 % FPR", new double[] {Conventions.FPR_TARGET, Conventions.FPR_TARGET},
                new double[] {0, 1});
        line(mark, Color.LIGHT_GRAY).setLineStyle(dashed());
        write(png, BitmapEncoder.getBufferedImage(c));
    }

    /**
     * Segment centres projected on the x–y plane, coloured by error in up to five classes split at the
     * quantiles (so every colour is used whatever the error's spread); the legend gives each class's range.
     */
    public static void morphology(Path png, double[][] centre, double[] error, String errorLabel, int width,
                                  int height) throws IOException {
        if (centre.length != error.length) {
            throw new IllegalArgumentException(centre.length + " centres, " + error.length + " errors");
        }
        double[] finite = Arrays.stream(error).filter(Double::isFinite).sorted().toArray();
        XYChart c = chart(width, height, "morphology (x–y), " + errorLabel, "x (µm)", "y (µm)");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[] edges = classEdges(finite, ERROR_RAMP.length);
        for (int k = 0; k + 1 < edges.length; k++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < error.length; i++) {
                if (Double.isFinite(error[i]) && classOf(error[i], edges) == k) {
                    idx.add(i);
                }
            }
            if (!idx.isEmpty()) {
                String name = String.format(Locale.ROOT, "%.3g–%.3g", edges[k], edges[k + 1]);
                points(c.addSeries(name, column(centre, idx, 0), column(centre, idx, 1)), ERROR_RAMP[k]);
            }
        }
        List<Integer> undefined = new ArrayList<>();
        for (int i = 0; i < error.length; i++) {
            if (!Double.isFinite(error[i])) {
                undefined.add(i);
            }
        }
        if (!undefined.isEmpty()) {
            points(c.addSeries("undefined", column(centre, undefined, 0), column(centre, undefined, 1)), Color.GRAY);
        }
        equalAspect(c, centre, width, height);
        write(png, BitmapEncoder.getBufferedImage(c));
    }

    /** Distinct quantile edges of sorted values, at most {@code classes + 1}; one class if all are equal. */
    static double[] classEdges(double[] sorted, int classes) {
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] e = new double[classes + 1];
        for (int k = 0; k <= classes; k++) {
            e[k] = sorted[(int) Math.round((double) k * (sorted.length - 1) / classes)];
        }
        double[] d = Arrays.stream(e).distinct().toArray();
        return d.length == 1 ? new double[] {d[0], d[0]} : d;
    }

    static int classOf(double v, double[] edges) {
        for (int k = 1; k < edges.length - 1; k++) {
            if (v < edges[k]) {
                return k - 1;
            }
        }
        return edges.length - 2;
    }

    // Same µm per pixel on both axes (roughly: the plot area is a fixed share of the image), so the cell is not
    // stretched.
    private static void equalAspect(XYChart c, double[][] centre, int width, int height) {
        if (centre.length == 0) {
            return;
        }
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (double[] p : centre) {
            x0 = Math.min(x0, p[0]);
            x1 = Math.max(x1, p[0]);
            y0 = Math.min(y0, p[1]);
            y1 = Math.max(y1, p[1]);
        }
        double aspect = 0.75 * width / height; // the legend outside takes about a quarter of the width
        double w = Math.max(x1 - x0, 1);
        double h = Math.max(y1 - y0, 1);
        if (w / h < aspect) {
            w = h * aspect;
        } else {
            h = w / aspect;
        }
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        c.getStyler().setXAxisMin(cx - 0.55 * w).setXAxisMax(cx + 0.55 * w).setYAxisMin(cy - 0.55 * h)
                .setYAxisMax(cy + 0.55 * h);
    }

    /**
     * Ticks at round times (500, 1000, ... ms) on a time axis of evenly spaced samples. XChart puts the ticks of
     * evenly spaced x values on data points, every (n - 1)/k-th sample (ticks at 500, 591, 682, ... ms); one
     * invisible point between the first series' first two samples makes the axis uneven and its ticks round.
     * Call it after adding the data series.
     */
    public static void roundTimeTicks(XYChart c) {
        double[] x = c.getSeriesMap().isEmpty() ? new double[0] : c.getSeriesMap().values().iterator().next().getXData();
        if (x.length < 2) {
            return; // fewer than two samples: nothing evenly spaced
        }
        XYSeries hidden = c.addSeries("\u0000ticks", new double[] {0.5 * (x[0] + x[1])}, new double[] {Double.NaN});
        hidden.setShowInLegend(false);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setLineColor(new Color(0, 0, 0, 0));
        c.getStyler().setXAxisDecimalPattern("0");
    }

    private static XYChart chart(int width, int height, String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setMarkerSize(5);
        return c;
    }

    private static XYSeries line(XYSeries s, Color colour) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineWidth(1.2f);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return s;
    }

    private static void points(XYSeries s, Color colour) {
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(colour);
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static double[] pick(double[] v, List<Integer> idx) {
        return idx.stream().mapToDouble(i -> v[i]).toArray();
    }

    private static double[] column(double[][] rows, List<Integer> idx, int col) {
        return idx.stream().mapToDouble(i -> rows[i][col]).toArray();
    }

    private static void write(Path png, BufferedImage img) throws IOException {
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + png.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer");
        }
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
    }
}
