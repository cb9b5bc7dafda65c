package org.neurosurrogate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.neurosurrogate.data.AtomicFile;

/** The figures of {@code bench hybrid --scale} from its runs: the table, growth exponents, memory, files. */
final class ScaleReport {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final String[] MODES = {"hybrid", "surrogate-only"};

    private final ScaleRun neuron;
    private final double neuronRate;
    private final List<ScaleRun> runs;

    ScaleReport(ScaleRun neuron, double neuronRate, List<ScaleRun> runs) {
        this.neuron = neuron;
        this.neuronRate = neuronRate;
        this.runs = List.copyOf(runs);
    }

    /** The surrogates compared, in the order they ran. */
    List<String> surrogates() {
        return runs.stream().map(ScaleRun::surrogate).distinct().toList();
    }

    List<ScaleRun> of(String surrogate, String mode) {
        return runs.stream().filter(r -> r.surrogate().equals(surrogate) && r.mode().equals(mode)).toList();
    }

    /** Least-squares slope of log y on log x: the exponent a of y ∝ x^a (NaN with fewer than 2 sizes). */
    static double exponent(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += Math.log(x[i]) / x.length;
            my += Math.log(y[i]) / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** Least-squares slope of y on x (NaN with fewer than 2 distinct x). */
    static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** Growth exponent of the wall time per simulated second against the surrogate count (one surrogate, one mode). */
    double wallExponent(String surrogate, String mode) {
        List<ScaleRun> rs = of(surrogate, mode);
        return exponent(rs.stream().mapToDouble(ScaleRun::surrogates).toArray(),
                rs.stream().mapToDouble(ScaleRun::wallPerSimS).toArray());
    }

    /** Growth exponent of the surrogate steps' time against the surrogate count (one surrogate, one mode). */
    double stepExponent(String surrogate, String mode) {
        List<ScaleRun> rs = of(surrogate, mode);
        return exponent(rs.stream().mapToDouble(ScaleRun::surrogates).toArray(),
                rs.stream().mapToDouble(r -> r.surrogateS() / r.simS()).toArray());
    }

    /** Peak RSS added per surrogate cell (KB), the slope over the sizes of one surrogate and mode. */
    double rssKbPerSurrogate(String surrogate, String mode) {
        List<ScaleRun> rs = of(surrogate, mode);
        return slope(rs.stream().mapToDouble(ScaleRun::surrogates).toArray(),
                rs.stream().mapToDouble(ScaleRun::rssKb).toArray());
    }

    void print(PrintStream out) {
        out.println();
        out.println("| network | surrogate | mode | cells (surrogates) | wall s per sim s | NEURON | surrogate steps "
                + "| exchange | NEURON waited | setup s | peak RSS | surrogate cell-s per s of steps | vs NEURON | rate |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (ScaleRun r : runs) {
            double sim = r.simS();
            double perStep = r.surrogateCellSPerStepS();
            out.printf(Locale.ROOT, "| %s | %s | %s | %d (%d) | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f GB | "
                    + "%.1f | %.0f× | %.2f Hz |%n", r.network(), r.surrogate(), r.mode(), r.cells(), r.surrogates(),
                    r.wallPerSimS(), r.neuronS() / sim, r.surrogateS() / sim, r.exchangeS() / sim, r.waitS() / sim,
                    r.setupS(), r.rssKb() / 1048576.0, perStep, perStep / neuronRate, r.rateHz());
        }
        out.println("(NEURON and the surrogate steps overlap: the steps run beside NEURON's next interval, so the "
                + "shares need not add up to the wall time; NEURON waited: its share of the steps on the critical path)");
        for (String sur : surrogates()) {
            for (String mode : MODES) {
                List<ScaleRun> rs = of(sur, mode);
                if (rs.size() < 2) {
                    continue;
                }
                ScaleRun last = rs.get(rs.size() - 1);
                out.printf(Locale.ROOT, "%s %s: growth exponent of wall per simulated s vs surrogate cells %.2f, of "
                        + "the surrogate steps %.2f (%d to %d surrogates); peak RSS %.1f MB per added surrogate cell; "
                        + "%d cells end to end at %.1f cell-s per wall s (%.0f× NEURON's %.4f)%n", sur, mode,
                        wallExponent(sur, mode), stepExponent(sur, mode), rs.get(0).surrogates(), last.surrogates(),
                        rssKbPerSurrogate(sur, mode) / 1024, last.cells(), last.cells() * last.simS() / last.loopS(),
                        last.cells() * last.simS() / last.loopS() / neuronRate, neuronRate);
            }
        }
    }

    /** The figures for {@code bench.json}: each a ratio to its baseline, with the targets. */
    void record(Figures figures) {
        for (String sur : surrogates()) {
            List<ScaleRun> only = of(sur, "surrogate-only");
            if (only.isEmpty()) {
                continue;
            }
            ScaleRun big = only.get(only.size() - 1);
            figures.add("hybrid-scale", String.format(Locale.ROOT, "%s surrogate-only with %s: surrogate cell-s per s "
                    + "of steps vs NEURON's cell-s per wall s", big.network(), sur),
                    big.surrogateCellSPerStepS() / neuronRate,
                    String.format(Locale.ROOT, "NEURON %.4f cell-s/s", neuronRate),
                    String.format(Locale.ROOT, "%.1f cell-s/s", big.surrogateCellSPerStepS()), true, 200);
            if (only.size() > 1) {
                double e = wallExponent(sur, "surrogate-only");
                figures.add("hybrid-scale", "surrogate-only with " + sur + ": growth exponent of wall per simulated s "
                        + "vs surrogate cells", e, "linear growth (exponent 1)",
                        String.format(Locale.ROOT, "%.2f", e), false, 1);
            }
        }
        for (ScaleRun r : runs) {
            if (r.cells() >= 1000) {
                figures.add("hybrid-scale", String.format(Locale.ROOT, "%s %s with %s, %d ms: peak RSS vs 8 GB",
                        r.network(), r.mode(), r.surrogate(), r.durationMs()), r.rssKb() / (8.0 * 1048576), "8 GB",
                        String.format(Locale.ROOT, "%.2f GB", r.rssKb() / 1048576.0), false, 1);
            }
        }
    }

    /** scale.json, scale.md and scale.png in {@code dir} (each written atomically). */
    void write(Path dir, Map<String, Object> ranks, String loadAtEnd) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "neurosurrogate.bench-hybrid-scale");
        m.put("neuron_baseline", neuron.toMap());
        m.put("neuron_cell_s_per_wall_s", neuronRate);
        List<Map<String, Object>> rows = new ArrayList<>();
        runs.forEach(r -> rows.add(r.toMap()));
        m.put("runs", rows);
        Map<String, Object> growth = new LinkedHashMap<>();
        for (String sur : surrogates()) {
            Map<String, Object> modes = new LinkedHashMap<>();
            for (String mode : MODES) {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("wall_exponent", finite(wallExponent(sur, mode)));
                g.put("surrogate_steps_exponent", finite(stepExponent(sur, mode)));
                g.put("peak_rss_kb_per_surrogate", finite(rssKbPerSurrogate(sur, mode)));
                modes.put(mode, g);
            }
            growth.put(sur, modes);
        }
        m.put("growth", growth);
        m.put("ranks", ranks);
        m.put("load_average_at_end", loadAtEnd);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
        AtomicFile.write(dir.resolve("scale.json"), o -> o.write(json.getBytes(StandardCharsets.UTF_8)));
        java.io.ByteArrayOutputStream md = new java.io.ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(md, true, StandardCharsets.UTF_8)) {
            p.printf(Locale.ROOT, "NEURON baseline: %.4f cell-s per wall s (%d detailed cell(s), %d ms)%n", neuronRate,
                    neuron.cells(), neuron.durationMs());
            print(p);
        }
        AtomicFile.write(dir.resolve("scale.md"), o -> o.write(md.toByteArray()));
        XYChart c = chart();
        AtomicFile.write(dir.resolve("scale.png"), o -> BitmapEncoder.saveBitmap(c, o, BitmapEncoder.BitmapFormat.PNG));
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Wall seconds per simulated second against the cell count, log-log, with NEURON's all-detailed line. */
    XYChart chart() {
        XYChart c = new XYChartBuilder().width(720).height(480).title("Cost of a network against its size")
                .xAxisTitle("cells").yAxisTitle("wall s per simulated s").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        Color[] colours = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e)};
        List<String> surs = surrogates();
        int k = 0;
        for (String sur : surs) {
            for (String mode : MODES) {
                List<ScaleRun> rs = of(sur, mode);
                if (rs.isEmpty()) {
                    continue;
                }
                String name = (mode.equals("hybrid") ? "hybrid (1-2 % detailed)" : "surrogate-only")
                        + (surs.size() > 1 ? ", " + sur : "");
                XYSeries s = c.addSeries(name, rs.stream().map(r -> (double) r.cells()).toList(),
                        rs.stream().map(ScaleRun::wallPerSimS).toList());
                s.setMarker(SeriesMarkers.CIRCLE);
                Color colour = colours[k++ % colours.length];
                s.setLineColor(colour);
                s.setMarkerColor(colour);
            }
        }
        List<Double> xs = runs.stream().map(r -> (double) r.cells()).distinct().sorted().toList();
        if (!xs.isEmpty()) {
            XYSeries all = c.addSeries("all-detailed (NEURON, from its sample)", xs,
                    xs.stream().map(x -> x / neuronRate).toList());
            all.setMarker(SeriesMarkers.NONE);
            all.setLineColor(Color.BLACK);
            all.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        return c;
    }
}
