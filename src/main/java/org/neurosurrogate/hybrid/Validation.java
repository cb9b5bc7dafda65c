package org.neurosurrogate.hybrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hybrid run against the all-detailed run of the same network and seeds: per replaced cell its rate error and
 * spike coincidence, per population the rate error and the correlation of 10-ms population rates, and the wall-time
 * speed-up.
 */
public record Validation(List<CellRow> cells, List<PopulationRow> populations, double speedUp, double detailedWallS,
                         double hybridWallS, double coincidenceRecall, double coincidencePrecision,
                         double meanAbsRateError) {

    /** One replaced cell: rates (Hz), relative rate error, matched spikes within ±5 ms. */
    public record CellRow(int gid, String population, double detailedHz, double hybridHz, double relativeError,
                          int detailedSpikes, int hybridSpikes, int coincident) {
    }

    /**
     * One population: mean rate of all its cells in both runs and the correlation of their binned rates; {@code
     * surrogate} the folder its surrogate cells ran (null when it has none).
     */
    public record PopulationRow(String name, String surrogate, int cells, int surrogates, double detailedHz,
                                double hybridHz, double relativeError, double rateCorrelation,
                                double detailedHzOfKept, double hybridHzOfKept) {
    }

    public static Validation of(HybridResult detailed, HybridResult hybrid) {
        NetworkPlan plan = hybrid.plan();
        int duration = plan.spec().durationMs();
        List<CellRow> cells = new ArrayList<>();
        int refSpikes = 0;
        int hybSpikes = 0;
        int matched = 0;
        double absErr = 0;
        for (NetworkPlan.Cell c : plan.cells()) {
            if (!c.surrogate()) {
                continue;
            }
            double[] a = detailed.spikeTimesMs()[c.gid()];
            double[] b = hybrid.spikeTimesMs()[c.gid()];
            double ra = NetworkStats.rateHz(a, duration);
            double rb = NetworkStats.rateHz(b, duration);
            int m = NetworkStats.coincidences(a, b);
            cells.add(new CellRow(c.gid(), plan.spec().populations().get(c.population()).name(), ra, rb,
                    relative(rb, ra), a.length, b.length, m));
            refSpikes += a.length;
            hybSpikes += b.length;
            matched += m;
            absErr += Math.abs(rb - ra);
        }
        List<PopulationRow> pops = new ArrayList<>();
        for (int p = 0; p < plan.spec().populations().size(); p++) {
            Map<String, List<Integer>> g = NetworkStats.gidsByKind(plan, p);
            double ra = NetworkStats.meanRateHz(detailed.spikeTimesMs(), g.get("all"), duration);
            double rb = NetworkStats.meanRateHz(hybrid.spikeTimesMs(), g.get("all"), duration);
            double corr = NetworkStats.correlation(
                    NetworkStats.binnedRate(detailed.spikeTimesMs(), g.get("all"), duration),
                    NetworkStats.binnedRate(hybrid.spikeTimesMs(), g.get("all"), duration));
            NetworkSpec.Population pop = plan.spec().populations().get(p);
            pops.add(new PopulationRow(pop.name(), pop.surrogate() == null ? null
                    : pop.surrogate().path().toString(), g.get("all").size(),
                    g.get("surrogate").size(), ra, rb, relative(rb, ra), corr,
                    NetworkStats.meanRateHz(detailed.spikeTimesMs(), g.get("detailed"), duration),
                    NetworkStats.meanRateHz(hybrid.spikeTimesMs(), g.get("detailed"), duration)));
        }
        double dw = detailed.wallS();
        double hw = hybrid.wallS();
        return new Validation(cells, pops, dw / hw, dw, hw, refSpikes == 0 ? Double.NaN : (double) matched / refSpikes,
                hybSpikes == 0 ? Double.NaN : (double) matched / hybSpikes,
                cells.isEmpty() ? Double.NaN : absErr / cells.size());
    }

    private static double relative(double value, double reference) {
        return reference == 0 ? (value == 0 ? 0 : Double.POSITIVE_INFINITY) : (value - reference) / reference;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("speed_up", speedUp);
        m.put("wall_s_all_detailed", detailedWallS);
        m.put("wall_s_hybrid", hybridWallS);
        m.put("replaced_cells", cells.size());
        m.put("coincidence_window_ms", NetworkStats.COINCIDENCE_MS);
        m.put("coincidence_recall", coincidenceRecall);
        m.put("coincidence_precision", coincidencePrecision);
        m.put("mean_abs_rate_error_hz_replaced", meanAbsRateError);
        List<Map<String, Object>> p = new ArrayList<>();
        for (PopulationRow r : populations) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("population", r.name());
            row.put("surrogate", r.surrogate());
            row.put("cells", r.cells());
            row.put("surrogates", r.surrogates());
            row.put("rate_hz_all_detailed", r.detailedHz());
            row.put("rate_hz_hybrid", r.hybridHz());
            row.put("relative_rate_error", finiteOrNull(r.relativeError()));
            row.put("rate_correlation_10ms", finiteOrNull(r.rateCorrelation()));
            row.put("rate_hz_kept_detailed_cells_all_detailed", finiteOrNull(r.detailedHzOfKept()));
            row.put("rate_hz_kept_detailed_cells_hybrid", finiteOrNull(r.hybridHzOfKept()));
            p.add(row);
        }
        m.put("populations", p);
        List<Map<String, Object>> c = new ArrayList<>();
        for (CellRow r : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("gid", r.gid());
            row.put("population", r.population());
            row.put("rate_hz_all_detailed", r.detailedHz());
            row.put("rate_hz_hybrid", r.hybridHz());
            row.put("relative_rate_error", finiteOrNull(r.relativeError()));
            row.put("spikes_all_detailed", r.detailedSpikes());
            row.put("spikes_hybrid", r.hybridSpikes());
            row.put("coincident", r.coincident());
            c.add(row);
        }
        m.put("replaced", c);
        return m;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** validation.md: the figures as tables a reader can scan. */
    public String toMarkdown(String network) {
        StringBuilder s = new StringBuilder();
        s.append("# Hybrid vs all-detailed: ").append(network).append("\n\n");
        s.append(String.format(Locale.ROOT, "- wall time (NEURON + surrogates + exchange): all-detailed %.1f s, "
                + "hybrid %.1f s: **speed-up %.2f×**%n", detailedWallS, hybridWallS, speedUp));
        s.append(String.format(Locale.ROOT, "- replaced cells: %d; spikes coincident within ±%.0f ms: recall %s, "
                + "precision %s; mean |rate error| %s Hz%n", cells.size(), NetworkStats.COINCIDENCE_MS,
                fmt(coincidenceRecall), fmt(coincidencePrecision), fmt(meanAbsRateError)));
        for (PopulationRow r : populations) {
            if (r.surrogate() != null && r.surrogates() > 0) {
                s.append("- surrogate of ").append(r.name()).append(": `").append(r.surrogate()).append("`\n");
            }
        }
        s.append('\n');
        s.append("| population | cells | surrogates | rate all-detailed (Hz) | rate hybrid (Hz) | rate error | "
                + "10-ms rate correlation | kept detailed cells: all-detailed / hybrid (Hz) |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (PopulationRow r : populations) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %s | %s | %s / %s |%n", r.name(),
                    r.cells(), r.surrogates(), r.detailedHz(), r.hybridHz(), pct(r.relativeError()),
                    fmt(r.rateCorrelation()), fmt(r.detailedHzOfKept()), fmt(r.hybridHzOfKept())));
        }
        if (!cells.isEmpty()) {
            s.append("\n| replaced gid | population | rate all-detailed (Hz) | rate hybrid (Hz) | rate error | "
                    + "spikes all-detailed | spikes hybrid | coincident |\n|---|---|---|---|---|---|---|---|\n");
            for (CellRow r : cells) {
                s.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %s | %d | %d | %d |%n", r.gid(),
                        r.population(), r.detailedHz(), r.hybridHz(), pct(r.relativeError()), r.detailedSpikes(),
                        r.hybridSpikes(), r.coincident()));
            }
        }
        return s.toString();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f %%", 100 * v) : "n/a";
    }
}
