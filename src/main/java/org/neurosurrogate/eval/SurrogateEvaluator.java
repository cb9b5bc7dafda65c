package org.neurosurrogate.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.surrogate.LinearBaseline;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * Scores a saved surrogate against NEURON on whole held-out simulations (the first
 * {@value Conventions#WARMUP_MS} ms of each skipped), next to the per-segment-mean baseline (each row's
 * training mean; a spike probability of 0) and, when one was saved with the surrogate, the linear causal-filter
 * baseline (predicted exactly as the surrogate is, same metrics), and writes report.json, report.md and the plots.
 */
public final class SurrogateEvaluator {
    /** Names of the baselines in reports, in this order. */
    public static final String MEAN = "per-segment mean";
    public static final String LINEAR = "linear filter";

    private SurrogateEvaluator() {
    }

    public static Report evaluate(Surrogate surrogate, DatasetReader reader, int[] simulations, String split,
                                  Path outDir) throws IOException {
        if (simulations.length == 0) {
            throw new NeuroSurrogateException("the " + split + " split holds no readable simulation");
        }
        SegmentTable table = reader.segmentTable();
        surrogate.checkCompatible(table);
        int s = table.size();
        int t = reader.durationMs();
        if (t <= Conventions.WARMUP_MS) {
            throw new NeuroSurrogateException("simulations of " + t + " ms leave nothing to score after the "
                    + Conventions.WARMUP_MS + "-ms warm-up");
        }
        NormalisationStats stats = surrogate.stats();
        Scorer model = new Scorer(s);
        Scorer mean = new Scorer(s);
        LinearBaseline linear = surrogate.linearBaseline().orElse(null);
        Scorer linearScorer = linear == null ? null : new Scorer(s);
        float[] meanSeg = new float[s * t];
        float[] meanSoma = new float[t];
        for (int r = 0; r < s; r++) {
            Arrays.fill(meanSeg, r * t, (r + 1) * t, (float) stats.mean()[r]);
        }
        Arrays.fill(meanSoma, (float) stats.mean()[s]);
        List<Plots.Trace> traces = new ArrayList<>();
        List<Report.SimulationScores> perSimulation = new ArrayList<>();
        for (int i = 0; i < simulations.length; i++) {
            int sim = simulations[i];
            float[] truth = reader.readTargets(sim, 0, t);
            Surrogate.Prediction p = surrogate.predict(reader.inputs(sim), t);
            float[] seg = new float[s * t];
            for (int r = 0; r < s; r++) {
                System.arraycopy(p.voltagesMv()[r], 0, seg, r * t, t);
            }
            double[] trueSpikes = reader.spikeTimesMs(sim);
            model.add(truth, seg, p.somaMv(), p.spikeProbability(), p.spikeTimesMs(), trueSpikes, s, t);
            perSimulation.add(simulationScores(sim, truth, seg, p, trueSpikes, s, t));
            mean.add(truth, meanSeg, meanSoma, new float[t], new double[0], trueSpikes, s, t);
            if (linear != null) {
                Surrogate.Prediction q = linear.predict(reader.inputs(sim), t);
                float[] lseg = new float[s * t];
                for (int r = 0; r < s; r++) {
                    System.arraycopy(q.voltagesMv()[r], 0, lseg, r * t, t);
                }
                linearScorer.add(truth, lseg, q.somaMv(), q.spikeProbability(), q.spikeTimesMs(), trueSpikes, s, t);
            }
            if (i == 0) {
                traces = traces(truth, seg, p.somaMv(), table, s, t);
            }
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("split", split);
        info.put("simulations", String.valueOf(simulations.length));
        info.put("scored_from_ms", String.valueOf(Conventions.WARMUP_MS));
        info.put("surrogate_arch", surrogate.net().arch().name().toLowerCase());
        info.put("linear_baseline", linear == null ? ABSENT : LinearBaseline.PARAMS + " (rank "
                + LinearCausalFilter.RANK + ", receptive field " + linear.receptiveField() + " ms"
                + trainedSteps(linear) + ")");
        List<Report.Scores> baselines = new ArrayList<>();
        baselines.add(mean.scores(MEAN, table));
        if (linearScorer != null) {
            baselines.add(linearScorer.scores(LINEAR, table));
        }
        Report report = new Report(surrogate.net().arch().name().toLowerCase(), info,
                model.scores("surrogate", table), baselines, perSimulation);
        Files.createDirectories(outDir);
        report.write(outDir);
        plots(report, model, mean, linearScorer, table, traces, outDir);
        return report;
    }

    private static Report.SimulationScores simulationScores(int sim, float[] truth, float[] seg,
            Surrogate.Prediction p, double[] trueSpikes, int s, int t) {
        Scorer one = new Scorer(s);
        one.add(truth, seg, p.somaMv(), p.spikeProbability(), p.spikeTimesMs(), trueSpikes, s, t);
        SpikeTiming counts = one.timing.get(0); // any tolerance: the counts after the warm-up are the same
        return new Report.SimulationScores(sim, counts.actual(), counts.predicted(), one.soma.rmse(0),
                Arrays.stream(one.segments.rmse()).average().orElse(Double.NaN));
    }

    /** The report's {@code linear_baseline} entry for a surrogate saved without one. */
    public static final String ABSENT = "absent (the surrogate was saved without one)";

    private static String trainedSteps(LinearBaseline linear) {
        Object steps = linear.info().get("steps");
        return steps == null ? "" : ", " + steps + " training steps";
    }

    /** NEURON vs surrogate on the first simulation, 2 s after the warm-up: soma and one segment per region. */
    private static List<Plots.Trace> traces(float[] truth, float[] seg, float[] soma, SegmentTable table, int s, int t) {
        int from = Conventions.WARMUP_MS;
        int len = Math.min(2000, t - from);
        List<Plots.Trace> out = new ArrayList<>();
        out.add(new Plots.Trace("soma", from, 1, Arrays.copyOfRange(truth, s * t + from, s * t + from + len),
                Arrays.copyOfRange(soma, from, from + len)));
        for (Region r : Region.values()) {
            int[] idx = table.indicesOf(r);
            if (idx.length == 0) {
                continue;
            }
            int k = idx[idx.length / 2];
            out.add(new Plots.Trace(r.label() + " " + table.section()[k] + "(" + String.format("%.2f", table.x()[k])
                    + ")", from, 1, Arrays.copyOfRange(truth, k * t + from, k * t + from + len),
                    Arrays.copyOfRange(seg, k * t + from, k * t + from + len)));
        }
        return out;
    }

    private static void plots(Report report, Scorer model, Scorer mean, Scorer linear, SegmentTable table,
                              List<Plots.Trace> traces, Path dir) throws IOException {
        Plots.traces(dir.resolve("traces.png"), traces, 1000, 180);
        double[] rmse = report.model().segments().rmse();
        Plots.errorVsDistance(dir.resolve("error_vs_distance.png"), table.distance(), table.region(), rmse,
                "RMSE (mV)", 900, 500);
        double[][] m = model.spikes.rocCurve(1000);
        double[][] b = mean.spikes.rocCurve(1000);
        List<Plots.Curve> curves = new ArrayList<>();
        curves.add(new Plots.Curve("surrogate", m[0], m[1], model.spikes.auc()));
        curves.add(new Plots.Curve(MEAN, b[0], b[1], mean.spikes.auc()));
        if (linear != null) {
            double[][] l = linear.spikes.rocCurve(1000);
            curves.add(new Plots.Curve(LINEAR, l[0], l[1], linear.spikes.auc()));
        }
        Plots.roc(dir.resolve("roc.png"), curves, 700, 600);
        Plots.morphology(dir.resolve("morphology_error.png"), table.centre(), rmse, "RMSE (mV)", 700, 900);
    }

    /** Running metrics of one predictor. */
    private static final class Scorer {
        final VoltageMetrics segments;
        final VoltageMetrics soma = new VoltageMetrics(1);
        final SpikeMetrics spikes = new SpikeMetrics();
        final List<SpikeTiming> timing = new ArrayList<>();

        Scorer(int s) {
            segments = new VoltageMetrics(s);
            for (double tol : Conventions.TIMING_TOLERANCES_MS) {
                timing.add(new SpikeTiming(tol));
            }
        }

        void add(float[] truth, float[] seg, float[] somaPred, float[] prob, double[] predSpikes, double[] trueSpikes,
                 int s, int t) {
            int from = Conventions.WARMUP_MS;
            segments.add(Arrays.copyOf(truth, s * t), seg, s, t, from);
            soma.add(VoltageMetrics.clipSoma(Arrays.copyOfRange(truth, s * t, (s + 1) * t)),
                    VoltageMetrics.clipSoma(somaPred), 1, t, from);
            spikes.add(prob, Arrays.copyOfRange(truth, (s + 1) * t, (s + 2) * t), from, t);
            for (SpikeTiming st : timing) {
                st.add(predSpikes, trueSpikes, from);
            }
        }

        Report.Scores scores(String name, SegmentTable table) {
            return new Report.Scores(name, Report.Segments.of(segments, table), Report.Soma.of(soma),
                    Report.Spikes.of(spikes, timing));
        }
    }
}
