package org.neurosurrogate.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurosurrogate.neuron.Region;

/** One markdown table across architectures, one row per report (its model; baselines stay in each report). */
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
        StringBuilder sb = new StringBuilder("| arch | soma RMSE (mV) | soma EV | mean segment RMSE (mV) |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (Region r : Region.values()) {
            sb.append(' ').append(r.label()).append(" RMSE |");
            rule.append("---|");
        }
        sb.append(" spike AUC | TPR@1%FPR | timing recall ±5 ms |\n");
        rule.append("---|---|---|\n");
        sb.append(rule);
        for (Report rep : reports) {
            Report.Scores s = rep.model();
            sb.append("| ").append(rep.arch()).append(" | ")
                    .append(Report.fmt(s.soma() == null ? null : s.soma().rmse())).append(" | ")
                    .append(Report.fmt(s.soma() == null ? null : s.soma().explainedVariance())).append(" | ")
                    .append(Report.fmt(s.segments() == null ? null : s.segments().rmseAll().mean())).append(" |");
            for (Region r : Region.values()) {
                RegionSummary.Stats st = Report.regionStats(s, r);
                sb.append(' ').append(Report.fmt(st == null ? null : st.mean())).append(" |");
            }
            sb.append(' ').append(Report.fmt(s.spikes() == null ? null : s.spikes().auc())).append(" | ")
                    .append(Report.fmt(s.spikes() == null ? null : s.spikes().tprAt1PctFpr())).append(" | ")
                    .append(Report.fmt(Report.timing(s, 5, false))).append(" |\n");
        }
        return sb.toString();
    }
}
