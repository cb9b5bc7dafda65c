package org.neurosurrogate.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.neurosurrogate.JsonErrors;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;

/**
 * The evaluation of one surrogate and its baselines on one test set, written as report.json (everything,
 * per-segment values included, so plots can be redrawn) and report.md (tables for people).
 *
 * @param arch architecture name, the row label in {@link Comparison}
 * @param info free-form provenance (dataset, checkpoint, simulations scored, ...), listed in report.md
 * @param model the surrogate's scores
 * @param baselines the baselines' scores, shown beside the model's
 * @param perSimulation the surrogate on each scored simulation (empty in reports written before it existed)
 */
public record Report(String arch, Map<String, String> info, Scores model, List<Scores> baselines,
                     List<SimulationScores> perSimulation) {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Report {
        info = info == null ? Map.of() : info;
        baselines = baselines == null ? List.of() : baselines;
        perSimulation = perSimulation == null ? List.of() : perSimulation;
    }

    /** A report without per-simulation rows. */
    public Report(String arch, Map<String, String> info, Scores model, List<Scores> baselines) {
        this(arch, info, model, baselines, List.of());
    }

    /**
     * The surrogate on one simulation, scored from the warm-up's end: somatic spike counts (NEURON's and the
     * surrogate's at its saved read-out), soma RMSE (clipped) and mean segment RMSE. Where the pooled figures
     * hide it, these rows show on which inputs a surrogate fires too often or too rarely.
     */
    public record SimulationScores(int simulation, long neuronSpikes, long surrogateSpikes, double somaRmse,
                                   double meanSegmentRmse) {
    }

    /**
     * One predictor's scores; a part it does not predict is null (e.g. a baseline without a spike output).
     */
    public record Scores(String name, Segments segments, Soma soma, Spikes spikes) {
    }

    /** Per-segment voltage scores (arrays in segment-table order) and their summaries. */
    public record Segments(double[] rmse, double[] explainedVariance, double[] pearson,
                           RegionSummary.Stats rmseAll, RegionSummary.Stats explainedVarianceAll,
                           RegionSummary.Stats pearsonAll, RegionSummary rmseSummary,
                           RegionSummary explainedVarianceSummary) {

        public static Segments of(VoltageMetrics m, SegmentTable table) {
            if (m.rows() != table.size()) {
                throw new IllegalArgumentException(m.rows() + " rows scored for " + table.size() + " segments");
            }
            double[] rmse = m.rmse();
            double[] ev = m.explainedVariance();
            double[] r = m.pearson();
            return new Segments(rmse, ev, r, RegionSummary.overall(rmse), RegionSummary.overall(ev),
                    RegionSummary.overall(r), RegionSummary.of(rmse, table), RegionSummary.of(ev, table));
        }
    }

    /** Soma voltage scores; the caller scored voltages clipped at −55 mV ({@link VoltageMetrics#clipSoma}). */
    public record Soma(double rmse, double explainedVariance, double pearson) {
        public static Soma of(VoltageMetrics m) {
            if (m.rows() != 1) {
                throw new IllegalArgumentException("soma metrics need one row, got " + m.rows());
            }
            return new Soma(m.rmse(0), m.explainedVariance(0), m.pearson(0));
        }
    }

    /** Spike agreement within one tolerance. */
    public record Timing(double toleranceMs, long matched, long predicted, long actual, double precision,
                         double recall) {
        public static Timing of(SpikeTiming t) {
            return new Timing(t.toleranceMs(), t.matched(), t.predicted(), t.actual(), t.precision(), t.recall());
        }
    }

    /** Somatic spike scores per 1 ms bin and by timing. */
    public record Spikes(double auc, double tprAt1PctFpr, int positiveBins, int negativeBins, List<Timing> timing) {
        public static Spikes of(SpikeMetrics m, List<SpikeTiming> timing) {
            return new Spikes(m.auc(), m.tprAt1PctFpr(), m.positives(), m.negatives(),
                    timing.stream().map(Timing::of).toList());
        }

        /** The timing entry at a tolerance, or null. */
        public Timing at(double toleranceMs) {
            return timing == null ? null
                    : timing.stream().filter(t -> t.toleranceMs() == toleranceMs).findFirst().orElse(null);
        }
    }

    /** Writes report.json and report.md into {@code dir} (created if needed), each via a temporary file. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        replace(dir.resolve(JSON), MAPPER.writeValueAsString(this));
        replace(dir.resolve(MARKDOWN), markdown());
    }

    /**
     * Reads a report from its report.json or from the directory holding it; a folder without one, or a file that
     * does not parse, is a one-line {@link NeuroSurrogateException} naming it.
     */
    public static Report read(Path dirOrFile) throws IOException {
        Path f = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(JSON) : dirOrFile;
        if (!Files.isRegularFile(f)) {
            throw new NeuroSurrogateException(dirOrFile + ": no " + JSON + " here; give a folder written by"
                    + " evaluate --out");
        }
        try {
            return MAPPER.readValue(f.toFile(), Report.class);
        } catch (IOException e) {
            throw JsonErrors.of(f, e);
        }
    }

    static String json(Report r) throws IOException {
        return MAPPER.writeValueAsString(r);
    }

    // A reader never sees a half-written report: write beside it, then rename over it.
    private static void replace(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** All predictors, model first. */
    public List<Scores> all() {
        List<Scores> out = new ArrayList<>();
        out.add(model);
        out.addAll(baselines);
        return out;
    }

    /** report.md: overall, per region, per distance, soma and spike tables, model and baselines side by side. */
    public String markdown() {
        List<Scores> all = all();
        StringBuilder sb = new StringBuilder();
        sb.append("# Evaluation: ").append(arch).append("\n\n");
        info.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        if (!info.isEmpty()) {
            sb.append('\n');
        }
        sb.append("Conventions: first ").append(Conventions.WARMUP_MS).append(" ms of each simulation unscored; soma "
                + "voltage clipped at ").append(String.format(Locale.ROOT, "%.0f", Conventions.SOMA_CLIP_MV)).append(" mV; spikes scored per 1 ms bin.\n\n");

        sb.append("## Overall\n\n");
        header(sb, "metric", all);
        row(sb, "mean segment RMSE (mV)", all, s -> s.segments() == null ? null : s.segments().rmseAll().mean());
        row(sb, "median segment RMSE (mV)", all, s -> s.segments() == null ? null : s.segments().rmseAll().median());
        row(sb, "mean segment explained variance", all,
                s -> s.segments() == null ? null : s.segments().explainedVarianceAll().mean());
        row(sb, "mean segment Pearson r", all, s -> s.segments() == null ? null : s.segments().pearsonAll().mean());
        row(sb, "soma RMSE (mV)", all, s -> s.soma() == null ? null : s.soma().rmse());
        row(sb, "spike AUC", all, s -> s.spikes() == null ? null : s.spikes().auc());
        sb.append('\n');

        sb.append("## Per region\n\nSegment RMSE (mV), mean / median.\n\n");
        StringBuilder h = new StringBuilder("| region | segments |");
        StringBuilder d = new StringBuilder("|---|---|");
        for (Scores s : all) {
            h.append(' ').append(s.name()).append(" |");
            d.append("---|");
        }
        sb.append(h).append('\n').append(d).append('\n');
        for (Region r : Region.values()) {
            RegionSummary.Stats first = regionStats(model, r);
            if (first == null) {
                continue;
            }
            sb.append("| ").append(r.label()).append(" | ").append(first.count()).append(" |");
            for (Scores s : all) {
                RegionSummary.Stats st = regionStats(s, r);
                sb.append(' ').append(st == null ? "—" : fmt(st.mean()) + " / " + fmt(st.median())).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');

        sb.append("## Per distance from the soma\n\nSegment RMSE (mV), mean over the segments whose path distance "
                + "lies in the bin.\n\n");
        sb.append(h.toString().replace("| region |", "| distance (µm) |")).append('\n').append(d).append('\n');
        if (model.segments() != null) {
            for (RegionSummary.DistanceBin b : model.segments().rmseSummary().byDistance()) {
                sb.append("| ").append(String.format(Locale.ROOT, "%.0f–%.0f", b.fromUm(), b.toUm())).append(" | ")
                        .append(b.stats().count()).append(" |");
                for (Scores s : all) {
                    RegionSummary.DistanceBin o = s.segments() == null ? null
                            : s.segments().rmseSummary().byDistance().stream()
                                    .filter(x -> x.fromUm() == b.fromUm()).findFirst().orElse(null);
                    sb.append(' ').append(o == null ? "—" : fmt(o.stats().mean())).append(" |");
                }
                sb.append('\n');
            }
        }
        sb.append('\n');

        sb.append("## Soma\n\n");
        header(sb, "metric", all);
        row(sb, "RMSE (mV)", all, s -> s.soma() == null ? null : s.soma().rmse());
        row(sb, "explained variance", all, s -> s.soma() == null ? null : s.soma().explainedVariance());
        row(sb, "Pearson r", all, s -> s.soma() == null ? null : s.soma().pearson());
        sb.append('\n');

        sb.append("## Spikes\n\n");
        header(sb, "metric", all);
        row(sb, "ROC AUC (1 ms bins)", all, s -> s.spikes() == null ? null : s.spikes().auc());
        row(sb, "TPR at 1 % FPR", all, s -> s.spikes() == null ? null : s.spikes().tprAt1PctFpr());
        rowText(sb, "spike bins / other bins", all, s -> s.spikes() == null ? null
                : s.spikes().positiveBins() + " / " + s.spikes().negativeBins());
        for (double tol : Conventions.TIMING_TOLERANCES_MS) {
            String t = fmtTol(tol);
            row(sb, "timing precision ±" + t + " ms", all, s -> timing(s, tol, true));
            row(sb, "timing recall ±" + t + " ms", all, s -> timing(s, tol, false));
        }
        if (!perSimulation.isEmpty()) {
            sb.append("\n## Per simulation\n\nThe surrogate on each simulation: somatic spikes at its saved read-out "
                    + "against NEURON's, and its RMSE.\n\n");
            sb.append("| simulation | NEURON spikes | surrogate spikes | soma RMSE (mV) | mean segment RMSE (mV) |\n");
            sb.append("|---|---|---|---|---|\n");
            long neuron = 0;
            long surrogate = 0;
            for (SimulationScores r : perSimulation) {
                sb.append("| ").append(r.simulation()).append(" | ").append(r.neuronSpikes()).append(" | ")
                        .append(r.surrogateSpikes()).append(" | ").append(fmt(r.somaRmse())).append(" | ")
                        .append(fmt(r.meanSegmentRmse())).append(" |\n");
                neuron += r.neuronSpikes();
                surrogate += r.surrogateSpikes();
            }
            sb.append("| all | ").append(neuron).append(" | ").append(surrogate).append(" | | |\n");
        }
        return sb.toString();
    }

    static RegionSummary.Stats regionStats(Scores s, Region r) {
        return s == null || s.segments() == null ? null : s.segments().rmseSummary().region(r);
    }

    static Double timing(Scores s, double tol, boolean precision) {
        Timing t = s == null || s.spikes() == null ? null : s.spikes().at(tol);
        return t == null ? null : precision ? t.precision() : t.recall();
    }

    private static void header(StringBuilder sb, String first, List<Scores> all) {
        sb.append("| ").append(first).append(" |");
        all.forEach(s -> sb.append(' ').append(s.name()).append(" |"));
        sb.append("\n|---|");
        all.forEach(s -> sb.append("---|"));
        sb.append('\n');
    }

    private static void row(StringBuilder sb, String label, List<Scores> all, Function<Scores, Double> f) {
        rowText(sb, label, all, s -> {
            Double v = f.apply(s);
            return v == null ? null : fmt(v);
        });
    }

    private static void rowText(StringBuilder sb, String label, List<Scores> all, Function<Scores, String> f) {
        sb.append("| ").append(label).append(" |");
        for (Scores s : all) {
            String v = f.apply(s);
            sb.append(' ').append(v == null ? "—" : v).append(" |");
        }
        sb.append('\n');
    }

    /** Four decimals; a dash for a missing or undefined value. */
    static String fmt(Double v) {
        return v == null || v.isNaN() ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmtTol(double tol) {
        return tol == Math.rint(tol) ? String.valueOf((long) tol) : String.valueOf(tol);
    }
}
