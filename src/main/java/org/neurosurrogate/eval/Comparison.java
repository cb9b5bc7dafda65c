package org.neurosurrogate.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurosurrogate.neuron.Region;

/**
 * One markdown table across architectures: one row per report (its model), then the reports' baselines (the
 * per-segment mean, the linear filter) as a row group below. A baseline that every report has, with the same
 * numbers in each (the usual case: the same test set and the same training data), gets one row; otherwise one
 * row per report that has it, labelled with the report's architecture (older reports lack the linear filter).
 */
public final class Comparison {
    private Comparison() {
    }

    /** Reads each directory's report.json, in the order given. */
    public static List<Report> read(List<Path> reportDirs) throws IOException {
        List<Report> out = new ArrayList<>();
        for (Path d : reportDirs) {
            out.add(Report.read(d));
        }
        return out;
    }

    public static String markdown(List<Report> reports) {
        return markdown(reports, null);
    }

    /**
     * As {@link #markdown(List)}; where two reports share an architecture, each row also carries its report's
     * {@code names} entry (the folder name), so the rows can be told apart.
     */
    public static String markdown(List<Report> reports, List<String> names) {
        List<String> labels = new ArrayList<>();
        boolean repeated = reports.stream().map(Report::arch).distinct().count() < reports.size()
                && names != null && names.stream().distinct().count() == names.size(); // one report twice: as once
        for (int i = 0; i < reports.size(); i++) {
            labels.add(repeated ? reports.get(i).arch() + " (" + names.get(i) + ")"
                    : reports.get(i).arch());
        }
        StringBuilder sb = new StringBuilder("| arch | soma RMSE (mV) | soma EV | mean segment RMSE (mV) |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (Region r : Region.values()) {
            sb.append(' ').append(r.label()).append(" RMSE |");
            rule.append("---|");
        }
        sb.append(" spike AUC | TPR@1%FPR | timing recall ±5 ms | timing precision ±5 ms"
                + " | spikes (predicted / NEURON) |\n");
        rule.append("---|---|---|---|---|\n");
        sb.append(rule);
        for (int i = 0; i < reports.size(); i++) {
            sb.append("| ").append(labels.get(i)).append(" |").append(cells(reports.get(i).model())).append('\n');
        }
        // baselines, by name in order of first appearance
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            for (Report.Scores b : reports.get(i).baselines()) {
                byName.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
            String name = e.getKey();
            Set<String> distinct = new LinkedHashSet<>();
            for (int i : e.getValue()) {
                distinct.add(cells(baseline(reports.get(i), name)));
            }
            if (distinct.size() == 1 && e.getValue().size() == reports.size()) {
                sb.append("| ").append(name).append(" |").append(distinct.iterator().next()).append('\n');
            } else {
                for (int i : e.getValue()) {
                    sb.append("| ").append(name).append(" (").append(labels.get(i)).append(") |")
                            .append(cells(baseline(reports.get(i), name))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static Report.Scores baseline(Report rep, String name) {
        return rep.baselines().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    /** The cells after the label, each with its trailing bar. */
    private static String cells(Report.Scores s) {
        StringBuilder sb = new StringBuilder();
        sb.append(' ').append(Report.fmt(s.soma() == null ? null : s.soma().rmse())).append(" | ")
                .append(Report.fmt(s.soma() == null ? null : s.soma().explainedVariance())).append(" | ")
                .append(Report.fmt(s.segments() == null ? null : s.segments().rmseAll().mean())).append(" |");
        for (Region r : Region.values()) {
            RegionSummary.Stats st = Report.regionStats(s, r);
            sb.append(' ').append(Report.fmt(st == null ? null : st.mean())).append(" |");
        }
        sb.append(' ').append(Report.fmt(s.spikes() == null ? null : s.spikes().auc())).append(" | ")
                .append(Report.fmt(s.spikes() == null ? null : s.spikes().tprAt1PctFpr())).append(" | ")
                .append(Report.fmt(Report.timing(s, 5, false))).append(" | ")
                .append(Report.fmt(Report.timing(s, 5, true))).append(" | ");
        Report.Timing t = s.spikes() == null ? null : s.spikes().at(5);
        sb.append(t == null ? "—" : t.predicted() + " / " + t.actual()).append(" |");
        return sb.toString();
    }
}
