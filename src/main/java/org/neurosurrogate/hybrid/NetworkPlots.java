package org.neurosurrogate.hybrid;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.eval.Plots;

/** The raster and population-rate plots of a network run (PNG, written atomically). */
public final class NetworkPlots {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color DETAILED = Color.BLACK;
    private static final Color SURROGATE = new Color(0xd62728);

    private NetworkPlots() {
    }

    /** Spike raster: one row per gid, detailed cells black, surrogate cells red. */
    public static void raster(Path png, HybridResult r, String title) throws IOException {
        XYChart c = chart(title, "time (ms)", "cell (gid)");
        List<Double>[] xs = lists();
        List<Double>[] ys = lists();
        for (NetworkPlan.Cell cell : r.plan().cells()) {
            int k = cell.surrogate() ? 1 : 0;
            for (double t : r.spikeTimesMs()[cell.gid()]) {
                xs[k].add(t);
                ys[k].add((double) cell.gid());
            }
        }
        String[] names = {"detailed", "surrogate"};
        Color[] colours = {DETAILED, SURROGATE};
        for (int k = 0; k < 2; k++) {
            if (xs[k].isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(names[k] + " cells", xs[k], ys[k]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colours[k]);
        }
        c.getStyler().setMarkerSize(4);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax((double) r.plan().spec().durationMs());
        c.getStyler().setYAxisMin(-0.5);
        c.getStyler().setYAxisMax(r.plan().cells().size() - 0.5);
        save(png, c);
    }

    /** Population rates in 10-ms bins, one line per population and run. */
    public static void rates(Path png, Map<String, HybridResult> runs, String title) throws IOException {
        XYChart c = chart(title, "time (ms)", "rate (Hz per cell, 10-ms bins)");
        Color[] colours = {DETAILED, SURROGATE, new Color(0x1f77b4), new Color(0x2ca02c)};
        int k = 0;
        for (Map.Entry<String, HybridResult> run : runs.entrySet()) {
            HybridResult r = run.getValue();
            int duration = r.plan().spec().durationMs();
            for (int p = 0; p < r.plan().spec().populations().size(); p++) {
                double[] rate = NetworkStats.binnedRate(r.spikeTimesMs(), NetworkStats.gidsByKind(r.plan(), p).get("all"),
                        duration);
                double[] t = new double[rate.length];
                for (int b = 0; b < t.length; b++) {
                    t[b] = (b + 0.5) * NetworkStats.RATE_BIN_MS;
                }
                String name = r.plan().spec().populations().get(p).name() + (runs.size() > 1 ? " (" + run.getKey() + ")" : "");
                XYSeries s = c.addSeries(name, t, rate);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(colours[k++ % colours.length]);
            }
        }
        Plots.roundTimeTicks(c);
        save(png, c);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(1000).height(420).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(false);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static List<Double>[] lists() {
        return new List[] {new ArrayList<Double>(), new ArrayList<Double>()};
    }

    private static void save(Path png, XYChart c) throws IOException {
        AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
