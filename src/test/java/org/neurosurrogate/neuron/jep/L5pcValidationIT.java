package org.neurosurrogate.neuron.jep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.neuron.CellMorphology;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * Validates the built-in Hay et al. (2011) layer 5b pyramidal cell against the targets of the model
 * fact sheet (docs/l5pc-model-facts.md, sections 1, 11 and 12), with the sheet's suggested tolerances.
 * Runs at the model's own settings (model.json: celsius 34, v_init −80 mV, fixed dt 0.025 ms).
 *
 * <p>The cell is built once for the class. Each test starts from {@link NeuronSession#clearProtocol()}
 * so electrodes and probes of one protocol never leak into the next, and every run starts from
 * finitialize(v_init). Spikes are upward crossings of −20 mV at soma(0.5) (the sheet's definition),
 * found on a soma probe sampled at every time step.
 *
 * <p>Protocols (simulated time 0.6 + 2 + 3 + 4 × 0.6 = 8 s, about 80 s wall):
 * <ul>
 *   <li>rest, one 600-ms run without stimulus: soma read at 500 ms, apical sites (400 µm, 620 µm,
 *       apic[50](0.9)) at 295 ms.</li>
 *   <li>input resistance, one 2-s run: a −0.05 nA step from 1000 to 2000 ms (1 s of rest, then 1 s of
 *       step, as in the sheet); soma rest re-checked at 500 ms. Baseline = V(1000 ms), steady state = V at
 *       the end of the step, sag peak = minimum during the step.</li>
 *   <li>step firing: 0.8 nA from 700 ms for 2000 ms, tstop 3000 ms.</li>
 *   <li>BAC firing: four 600-ms runs (somatic pulse 1.9 nA at 295 ms for 5 ms; EpspCurrent at the
 *       620-µm trunk site, τ0 0.5 ms, τ1 5 ms, onset 300 ms, 0.5 nA or 1.5 nA).</li>
 * </ul>
 */
class L5pcValidationIT {
    private static final String SOMA = "soma[0]";
    private static final String TRUNK = "apic[36]";
    private static final double SPIKE_THRESHOLD_MV = -20.0;
    private static final double CA_SPIKE_THRESHOLD_MV = -40.0;

    private static PythonEnvironment env;
    private static CellSimulator cell;
    private static double dt;

    @BeforeAll
    static void buildCell() {
        env = PythonEnvironment.locate();
        cell = CellSimulator.open(ModelSpec.resolve("builtin:l5pc", env.home()), env);
        dt = cell.spec().dt();
        report("model %s, NEURON %s, celsius %.1f, v_init %.1f mV, dt %.3f ms", cell.spec().name(),
                cell.neuronVersion(), cell.spec().celsius(), cell.spec().vInit(), dt);
        assertEquals(34.0, cell.spec().celsius(), "model.json celsius");
        assertEquals(-80.0, cell.spec().vInit(), "model.json v_init");
        assertEquals(0.025, dt, 1e-12, "model.json dt");
    }

    @AfterAll
    static void closeCell() {
        if (cell != null) {
            cell.close();
        }
    }

    @BeforeEach
    void clearProtocol() {
        cell.session().clearProtocol();
    }

    // ------------------------------------------------------------------------------------- structure

    @Test
    void morphologyHasHay2011SectionAndSegmentCounts() {
        CellMorphology m = cell.morphology();
        SegmentTable seg = cell.segments();
        int basal = 0;
        int apical = 0;
        double basalLength = 0;
        double apicalLength = 0;
        for (int i = 0; i < seg.size(); i++) {
            if (seg.section()[i].startsWith("dend[")) {
                basal++;
                basalLength += seg.length()[i];
            } else if (seg.section()[i].startsWith("apic[")) {
                apical++;
                apicalLength += seg.length()[i];
            }
        }
        report("sections %d (target 196), segments %d (642), recorded %d (639) = basal %d (262) + apical %d (377),"
                + " input channels %d (1278)", m.sectionCount(), m.totalSegments(), seg.size(), basal, apical,
                seg.inputChannels());
        report("total length basal %.2f um (target 5133.49), apical %.2f um (7440.91)", basalLength, apicalLength);
        assertEquals(196, m.sectionCount(), "sections");
        assertEquals(642, m.totalSegments(), "segments in all");
        assertEquals(639, seg.size(), "recorded (basal + apical) segments");
        assertEquals(262, basal, "basal segments");
        assertEquals(377, apical, "apical segments");
        assertEquals(1278, seg.inputChannels(), "input channels");
        assertEquals(5133.49, basalLength, 0.05, "total basal length");
        assertEquals(7440.91, apicalLength, 0.05, "total apical length");
    }

    /**
     * The hot zone is counted geometrically, from path distances and the distribution rule of the
     * template (segment centre, except the last segment of a section, which takes the section's 1-end),
     * not by reading Ca conductances, which the bridge does not expose.
     */
    @Test
    void calciumHotZoneSpans29SegmentsAndApicalPathIs1300um() {
        CellMorphology m = cell.morphology();
        SegmentTable seg = cell.segments();
        NeuronSession s = cell.session();
        int hot = 0;
        double dmax = 0;
        for (String name : m.sectionNames()) {
            if (name.startsWith("apic[")) {
                dmax = Math.max(dmax, s.sectionDistanceRange(name)[1]);
            }
        }
        for (int i = 0; i < seg.size(); i++) {
            String name = seg.section()[i];
            if (!name.startsWith("apic[")) {
                continue;
            }
            int nseg = m.nseg()[m.indexOf(name)];
            boolean last = seg.x()[i] > 1.0 - 1.0 / nseg;
            double d = last ? s.sectionDistanceRange(name)[1] : seg.distance()[i];
            if (d > 685.0 && d < 885.0) {
                hot++;
            }
        }
        report("hot-zone segments %d (target 29), longest apical path %.2f um (target 1300.53)", hot, dmax);
        assertEquals(29, hot, "apical segments in the Ca hot zone 685 < d < 885 um");
        assertEquals(1300.53, dmax, 0.01, "longest apical path");
    }

    // ------------------------------------------------------------------------------------ passive

    @Test
    void restingPotentialMatchesHay2011() {
        NeuronSession s = cell.session();
        int soma = s.recordPoint(SOMA, 0.5, dt);
        int p400 = s.recordPoint(TRUNK, trunkX(400.0), dt);
        int p620 = s.recordPoint(TRUNK, trunkX(620.0), dt);
        int nexus = s.recordPoint("apic[50]", 0.9, dt);
        int tstop = 600;
        run(tstop);
        double vSoma = at(probe(soma, tstop), 500.0);
        double v400 = at(probe(p400, tstop), 295.0);
        double v620 = at(probe(p620, tstop), 295.0);
        double vNexus = at(probe(nexus, tstop), 295.0);
        report("rest soma at 500 ms %.2f mV (target -77.16 +-1)", vSoma);
        report("rest apical at 295 ms: 400 um %.2f mV (-74.1 +-1), 620 um %.2f mV (-71.9 +-1),"
                + " nexus apic[50](0.9) %.2f mV (-71.2 +-1)", v400, v620, vNexus);
        assertEquals(-77.16, vSoma, 1.0, "soma rest at 500 ms");
        assertEquals(-74.1, v400, 1.0, "rest at 400 um, 295 ms");
        assertEquals(-71.9, v620, 1.0, "rest at 620 um, 295 ms");
        assertEquals(-71.2, vNexus, 1.0, "rest at apic[50](0.9), 295 ms");
    }

    @Test
    void inputResistanceAndSagMatchHay2011() {
        NeuronSession s = cell.session();
        double amp = -0.05;
        s.addPointProcess("IClamp", SOMA, 0.5, Map.of("del", 1000.0, "dur", 1000.0, "amp", amp));
        int soma = s.recordPoint(SOMA, 0.5, dt);
        int tstop = 2000;
        run(tstop);
        float[] v = probe(soma, tstop);
        double rest500 = at(v, 500.0);
        double base = at(v, 1000.0);
        double steady = at(v, 2000.0 - dt); // last sample with the step on
        double min = Double.POSITIVE_INFINITY;
        for (int k = index(1000.0) + 1; k < index(2000.0); k++) {
            min = Math.min(min, v[k]);
        }
        double rSteady = (steady - base) / amp; // mV / nA = MOhm
        double rPeak = (min - base) / amp;
        double sag = (steady - min) / (base - min);
        report("rest soma at 500 ms (Rin run) %.2f mV (target -77.16 +-1)", rest500);
        report("R_in steady %.2f MOhm (target 40.8 +-5%%), sag peak %.2f MOhm (47.0 +-5%%), sag ratio %.3f"
                + " (0.13 +-0.03); V_base %.2f, V_min %.2f, V_ss %.2f mV", rSteady, rPeak, sag, base, min, steady);
        assertEquals(-77.16, rest500, 1.0, "soma rest at 500 ms");
        assertEquals(40.8, rSteady, 0.05 * 40.8, "steady-state input resistance");
        assertEquals(47.0, rPeak, 0.05 * 47.0, "input resistance at the sag peak");
        assertEquals(0.13, sag, 0.03, "sag ratio");
    }

    // ---------------------------------------------------------------------------------- step firing

    @Test
    void twoSecondStepAt0p8nAFiresLikeHay2011() {
        NeuronSession s = cell.session();
        double onset = 700.0;
        s.addPointProcess("IClamp", SOMA, 0.5, Map.of("del", onset, "dur", 2000.0, "amp", 0.8));
        int soma = s.recordPoint(SOMA, 0.5, dt);
        int tstop = 3000;
        SimulationResult r = run(tstop);
        float[] v = probe(soma, tstop);
        List<Double> spikes = crossings(v, SPIKE_THRESHOLD_MV);
        int n = spikes.size();
        assertTrue(n >= 2, "step of 0.8 nA gave " + n + " spikes");
        double latency = spikes.get(0) - onset;
        double firstIsi = spikes.get(1) - spikes.get(0);
        double lastIsi = spikes.get(n - 1) - spikes.get(n - 2);
        double firstPeak = peak(v, spikes.get(0), spikes.get(0) + 2.0);
        report("step 0.8 nA: %d spikes (target 25 +-10%% -> 23..27), first-spike latency %.2f ms (11.7 +-20%%),"
                + " first ISI %.2f ms (8.1 +-20%%), last ISI %.2f ms (83.6 +-20%%), first AP peak %.1f mV"
                + " (~+25..+37); outside step %d spikes (0)", n, latency, firstIsi, lastIsi, firstPeak,
                spikesOutside(spikes, onset, onset + 2000.0));
        report("step 0.8 nA, bridge soma trace (1/8 ms, local maxima > -25 mV): %d spikes", r.spikeTimesMs().length);
        assertTrue(n >= 23 && n <= 27, "spike count " + n + " not within 25 +-10% (23..27)");
        assertEquals(11.7, latency, 0.2 * 11.7, "first-spike latency");
        assertEquals(8.1, firstIsi, 0.2 * 8.1, "first ISI");
        assertEquals(83.6, lastIsi, 0.2 * 83.6, "last ISI");
        assertTrue(firstPeak > 10.0, "first AP peaks at " + firstPeak + " mV");
        assertEquals(0, spikesOutside(spikes, onset, onset + 2000.0), "spikes outside the step");
        assertEquals(n, r.spikeTimesMs().length, "the bridge's own soma spike detection disagrees");
    }

    // ----------------------------------------------------------------------------------- BAC firing

    /** Result of one BAC condition: soma spike times, time the 620-µm site spent above −40 mV, peaks. */
    private record Bac(List<Double> spikes, double distalAboveMs, double distalPeak, double proximalPeak,
                       double somaPeak) {
    }

    private static Bac bacCondition(String label, double pulseNa, double epspNa) {
        NeuronSession s = cell.session();
        if (pulseNa != 0) {
            s.addPointProcess("IClamp", SOMA, 0.5, Map.of("del", 295.0, "dur", 5.0, "amp", pulseNa));
        }
        double x620 = trunkX(620.0);
        if (epspNa != 0) {
            s.addPointProcess("EpspCurrent", TRUNK, x620,
                    Map.of("tau0", 0.5, "tau1", 5.0, "onset", 300.0, "imax", epspNa));
        }
        int soma = s.recordPoint(SOMA, 0.5, dt);
        int distal = s.recordPoint(TRUNK, x620, dt);
        int proximal = s.recordPoint(TRUNK, trunkX(400.0), dt);
        int tstop = 600;
        run(tstop);
        float[] vs = probe(soma, tstop);
        float[] vd = probe(distal, tstop);
        float[] vp = probe(proximal, tstop);
        // Rest must have settled before the stimuli, so the conditions are comparable.
        assertEquals(-77.16, at(vs, 290.0), 1.0, label + ": soma before the stimulus");
        int above = 0;
        for (float x : vd) {
            if (x > CA_SPIKE_THRESHOLD_MV) {
                above++;
            }
        }
        Bac b = new Bac(crossings(vs, SPIKE_THRESHOLD_MV), above * dt, peak(vd, 290.0, 600.0),
                peak(vp, 290.0, 600.0), peak(vs, 290.0, 600.0));
        report("%s: %d soma spikes at %s ms; 620 um site (%s(%.4f)) > -40 mV for %.1f ms, peak %.1f mV;"
                + " 400 um peak %.1f mV; soma peak %.1f mV", label, b.spikes().size(), times(b.spikes()), TRUNK,
                x620, b.distalAboveMs(), b.distalPeak(), b.proximalPeak(), b.somaPeak());
        return b;
    }

    @Test
    void somaticPulseAloneGivesOneAttenuatedBackPropagatingSpike() {
        Bac b = bacCondition("BAC/BAP (1.9 nA pulse only)", 1.9, 0);
        report("BAP: %d spikes (target 1); 620 um > -40 mV %.1f ms (target 0-3, no Ca spike: < 20)",
                b.spikes().size(), b.distalAboveMs());
        assertEquals(1, b.spikes().size(), "BAP soma spikes");
        assertTrue(b.distalPeak() < 0.0, "bAP should reach 620 um attenuated, peak " + b.distalPeak() + " mV");
        assertTrue(b.distalAboveMs() < 20.0, "no Ca spike expected, but 620 um site was above -40 mV for "
                + b.distalAboveMs() + " ms");
    }

    @Test
    void distalEpspAloneStaysSubthreshold() {
        Bac b = bacCondition("BAC/EPSP (0.5 nA distal only)", 0, 0.5);
        report("EPSP: %d spikes (target 0); 620 um peak %.1f mV (-59.6), soma peak %.1f mV (-75.1);"
                + " 620 um > -40 mV %.1f ms (target 0)", b.spikes().size(), b.distalPeak(), b.somaPeak(),
                b.distalAboveMs());
        assertEquals(0, b.spikes().size(), "EPSP soma spikes");
        assertEquals(0.0, b.distalAboveMs(), "620 um site should stay below -40 mV");
    }

    @Test
    void bacFiringNeedsBothSomaticPulseAndDistalEpsp() {
        Bac b = bacCondition("BAC/BAC (pulse + 0.5 nA distal)", 1.9, 0.5);
        report("BAC: %d spikes (target >=2, expect 3); 620 um > -40 mV %.1f ms (target 20-45, expect 32);"
                + " 620 um peak %.1f mV (+9.1 at 34 degC)", b.spikes().size(), b.distalAboveMs(), b.distalPeak());
        assertTrue(b.spikes().size() >= 2, "BAC should give a burst (>= 2 spikes), got " + b.spikes().size());
        assertTrue(b.distalAboveMs() >= 20.0 && b.distalAboveMs() <= 45.0,
                "620 um site above -40 mV for " + b.distalAboveMs() + " ms, expected 20-45 (Ca spike)");
    }

    @Test
    void strongDistalEpspAloneTriggersCalciumSpikeAndSomaticSpike() {
        Bac b = bacCondition("BAC/CaBurst (1.5 nA distal only)", 0, 1.5);
        report("CaBurst: %d spikes (target >=1, expect 1); 620 um > -40 mV %.1f ms (expect 32, 20-45)",
                b.spikes().size(), b.distalAboveMs());
        assertTrue(b.spikes().size() >= 1, "CaBurst should fire the soma, got " + b.spikes().size() + " spikes");
        assertTrue(b.distalAboveMs() >= 20.0 && b.distalAboveMs() <= 45.0,
                "620 um site above -40 mV for " + b.distalAboveMs() + " ms, expected 20-45 (Ca spike)");
    }

    // ------------------------------------------------------------------------------------- helpers

    /** Runs with no synaptic input (the bridge re-initialises to the model's v_init). */
    private static SimulationResult run(int tstopMs) {
        int channels = cell.segments().inputChannels();
        return cell.run(new SpikeTrains(new double[0], new int[0], channels), tstopMs, 0L);
    }

    /** x on the trunk section apic[36] at the given path distance from soma(0.5). */
    private static double trunkX(double distanceUm) {
        double[] r = cell.session().sectionDistanceRange(TRUNK);
        double x = (distanceUm - r[0]) / (r[1] - r[0]);
        assertTrue(x > 0 && x < 1, TRUNK + " spans " + r[0] + ".." + r[1] + " um, not " + distanceUm);
        return x;
    }

    private static float[] probe(int index, int tstopMs) {
        float[] v = cell.session().probe(index, (int) Math.round(tstopMs / dt) + 2);
        assertTrue(v.length >= index(tstopMs - dt) + 1, "probe " + index + " has only " + v.length + " samples");
        return v;
    }

    private static int index(double tMs) {
        return (int) Math.round(tMs / dt);
    }

    private static double at(float[] v, double tMs) {
        return v[index(tMs)];
    }

    private static double peak(float[] v, double fromMs, double toMs) {
        double p = Double.NEGATIVE_INFINITY;
        for (int k = index(fromMs); k <= Math.min(index(toMs), v.length - 1); k++) {
            p = Math.max(p, v[k]);
        }
        return p;
    }

    /** Times (ms, linearly interpolated) of upward crossings of {@code threshold}. */
    private static List<Double> crossings(float[] v, double threshold) {
        List<Double> t = new ArrayList<>();
        for (int k = 1; k < v.length; k++) {
            if (v[k - 1] < threshold && v[k] >= threshold) {
                t.add((k - 1 + (threshold - v[k - 1]) / (v[k] - v[k - 1])) * dt);
            }
        }
        return t;
    }

    private static int spikesOutside(List<Double> spikes, double fromMs, double toMs) {
        return (int) spikes.stream().filter(t -> t < fromMs || t > toMs).count();
    }

    private static String times(List<Double> t) {
        return t.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList().toString();
    }

    private static void report(String format, Object... args) {
        System.out.println("[L5PC validation] " + String.format(Locale.ROOT, format, args));
    }
}
