package org.neurosurrogate.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;

/** A small synthetic cell and reports built from synthetic traces through the real metric classes. */
final class Fixtures {
    private Fixtures() {
    }

    /** Eight segments, two per region, at increasing path distance. */
    static SegmentTable cell() {
        int n = 8;
        String[] sec = new String[n];
        double[] x = new double[n];
        double[] dist = new double[n];
        Region[] reg = new Region[n];
        double[] diam = new double[n];
        double[] len = new double[n];
        double[][] centre = new double[n][];
        Region[] order = {Region.BASAL, Region.OBLIQUE, Region.APICAL_TRUNK, Region.TUFT};
        for (int i = 0; i < n; i++) {
            sec[i] = (i < 2 ? "dend[" : "apic[") + i + "]";
            x[i] = 0.5;
            reg[i] = order[i / 2];
            dist[i] = 60 + 150 * i;
            diam[i] = 1;
            len[i] = 20;
            centre[i] = reg[i] == Region.BASAL ? new double[] {-30 * (i + 1), -40, 0}
                    : new double[] {10 * (i % 2 == 0 ? -1 : 1) * i, 150 * i, 5};
        }
        return new SegmentTable(sec, x, dist, reg, diam, len, centre);
    }

    /** Scores of a predictor whose error grows by {@code noise} mV per segment index. */
    static Report.Scores scores(String name, SegmentTable cell, double noise, boolean withSpikes) {
        int s = cell.size();
        int steps = 200;
        float[] t = new float[s * steps];
        float[] p = new float[t.length];
        for (int r = 0; r < s; r++) {
            for (int k = 0; k < steps; k++) {
                t[r * steps + k] = (float) (-70 + 5 * Math.sin(k / 10.0 + r));
                p[r * steps + k] = (float) (t[r * steps + k] + noise * (r + 1) * Math.cos(k * 1.7));
            }
        }
        VoltageMetrics seg = new VoltageMetrics(s);
        seg.add(t, p, s, steps, 20);
        VoltageMetrics soma = new VoltageMetrics(1);
        float[] st = new float[steps];
        float[] sp = new float[steps];
        for (int k = 0; k < steps; k++) {
            st[k] = (float) (-65 + 8 * Math.sin(k / 7.0));
            sp[k] = st[k] + (float) (noise * Math.sin(k * 2.3));
        }
        soma.add(VoltageMetrics.clipSoma(st), VoltageMetrics.clipSoma(sp), 1, steps);
        Report.Spikes spikes = null;
        if (withSpikes) {
            SpikeMetrics sm = new SpikeMetrics();
            float[] prob = new float[steps];
            float[] lab = new float[steps];
            for (int k = 0; k < steps; k++) {
                lab[k] = k % 25 == 0 ? 1 : 0;
                prob[k] = (float) (lab[k] * 0.7 + 0.3 * ((k * 37) % 100) / 100.0);
            }
            sm.add(prob, lab);
            SpikeTiming t2 = new SpikeTiming(2);
            SpikeTiming t5 = new SpikeTiming(5);
            double[] truth = {25, 50, 75};
            double[] pred = {26, 54, 90};
            t2.add(pred, truth);
            t5.add(pred, truth);
            spikes = Report.Spikes.of(sm, List.of(t2, t5));
        }
        return new Report.Scores(name, Report.Segments.of(seg, cell), Report.Soma.of(soma), spikes);
    }

    static Report report(String arch, double noise) {
        SegmentTable cell = cell();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("dataset", "synthetic");
        info.put("simulations", "1");
        return new Report(arch, info, scores(arch, cell, noise, true),
                List.of(scores(SurrogateEvaluator.MEAN, cell, 2 * noise, false),
                        scores(SurrogateEvaluator.LINEAR, cell, 3 * noise, true)));
    }

    /** A report whose baselines do not depend on {@code noise} (as when every arch is scored on one test set). */
    static Report reportWithFixedBaselines(String arch, double noise) {
        SegmentTable cell = cell();
        return new Report(arch, Map.of(), scores(arch, cell, noise, true),
                List.of(scores(SurrogateEvaluator.MEAN, cell, 0.4, false),
                        scores(SurrogateEvaluator.LINEAR, cell, 0.3, true)));
    }
}
