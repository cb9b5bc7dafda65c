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

    List<ScaleRun> of(String mode) {
        return runs.stream().filter(r -> r.mode().equals(mode)).toList();
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

    /** Growth exponent of the wall time per simulated second against the surrogate count, for one mode. */
    double wallExponent(String mode) {
        List<ScaleRun> rs = of(mode);
        return exponent(rs.stream().mapToDouble(ScaleRun::surrogates).toArray(),
                rs.stream().mapToDouble(ScaleRun::wallPerSimS).toArray());
    }

    /** Growth exponent of the surrogate steps' time against the surrogate count, for one mode. */
    double stepExponent(String mode) {
        List<ScaleRun> rs = of(mode);
        return exponent(rs.stream().mapToDouble(ScaleRun::surrogates).toArray(),
                rs.stream().mapToDouble(r -> r.surrogateS() / r.simS()).toArray());
    }

    /** Peak RSS added per surrogate cell (KB), the slope over one mode's sizes. */
    double rssKbPerSurrogate(String mode) {
        List<ScaleRun> rs = of(mode);
        return slope(rs.stream().mapToDouble(ScaleRun::surrogates).toArray(),
                rs.stream().mapToDouble(ScaleRun::rssKb).toArray());
    }

    void print(PrintStream out) {
        out.println();
        out.println("| network | mode | cells (surrogates) | wall s per sim s | NEURON | surrogate steps | exchange "
                + "| NEURON waited | setup s | peak RSS | surrogate cell-s per s of steps | vs NEURON | rate |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (ScaleRun r : runs) {
            double sim = r.simS();
            double perStep = r.surrogateCellSPerStepS();
            out.printf(Locale.ROOT, "| %s | %s | %d (%d) | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f GB | %.1f | "
                    + "%.0f× | %.2f Hz |%n", r.network(), r.mode(), r.cells(), r.surrogates(), r.wallPerSimS(),
                    r.neuronS() / sim, r.surrogateS() / sim, r.exchangeS() / sim, r.waitS() / sim, r.setupS(),
                    r.rssKb() / 1048576.0, perStep, perStep / neuronRate, r.rateHz());
        }
        out.println("(NEURON and the surrogate steps overlap: the steps run beside NEURON's next interval, so the "
                + "shares need not add up to the wall time; NEURON waited: its share of the steps on the critical path)");
        for (String mode : MODES) {
            List<ScaleRun> rs = of(mode);
            if (rs.size() < 2) {
                continue;
            }
            ScaleRun last = rs.get(rs.size() - 1);
            out.printf(Locale.ROOT, "%s: growth exponent of wall per simulated s vs surrogate cells %.2f, of the "
                    + "surrogate steps %.2f (%d to %d surrogates); peak RSS %.1f MB per added surrogate cell; "
                    + "%d cells end to end at %.1f cell-s per wall s (%.0f× NEURON's %.4f)%n", mode,
                    wallExponent(mode), stepExponent(mode), rs.get(0).surrogates(), last.surrogates(),
                    rssKbPerSurrogate(mode) / 1024, last.cells(), last.cells() * last.simS() / last.loopS(),
                    last.cells() * last.simS() / last.loopS() / neuronRate, neuronRate);
        }
    }

    /** The figures for {@code bench.json}: each a ratio to its baseline, with the targets. */
    void record(Figures figures) {
        List<ScaleRun> only = of("surrogate-only");
        if (only.isEmpty()) {
            return;
        }
        ScaleRun big = only.get(only.size() - 1);
        figures.add("hybrid-scale", String.format(Locale.ROOT, "%s surrogate-only: surrogate cell-s per s of steps vs "
                + "NEURON's cell-s per wall s", big.network()), big.surrogateCellSPerStepS() / neuronRate,
                String.format(Locale.ROOT, "NEURON %.4f cell-s/s", neuronRate),
                String.format(Locale.ROOT, "%.1f cell-s/s", big.surrogateCellSPerStepS()), true, 200);
        figures.add("hybrid-scale", "surrogate-only growth exponent of wall per simulated s vs surrogate cells",
                wallExponent("surrogate-only"), "linear growth (exponent 1)",
                String.format(Locale.ROOT, "%.2f", wallExponent("surrogate-only")), false, 1);
        for (ScaleRun r : runs) {
            if (r.cells() >= 1000) {
                figures.add("hybrid-scale", String.format(Locale.ROOT, "%s %s, %d ms: peak RSS vs 8 GB", r.network(),
                        r.mode(), r.durationMs()), r.rssKb() / (8.0 * 1048576), "8 GB",
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
        for (String mode : MODES) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("wall_exponent", finite(wallExponent(mode)));
            g.put("surrogate_steps_exponent", finite(stepExponent(mode)));
            g.put("peak_rss_kb_per_surrogate", finite(rssKbPerSurrogate(mode)));
            m.put(mode, g);
        }
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
        Color[] colours = {new Color(0x1f77b4), new Color(0xd62728)};
        for (int i = 0; i < MODES.length; i++) {
            List<ScaleRun> rs = of(MODES[i]);
            if (rs.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(MODES[i].equals("hybrid") ? "hybrid (1-2 % detailed)" : "surrogate-only",
                    rs.stream().map(r -> (double) r.cells()).toList(), rs.stream().map(ScaleRun::wallPerSimS).toList());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colours[i]);
            s.setMarkerColor(colours[i]);
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
