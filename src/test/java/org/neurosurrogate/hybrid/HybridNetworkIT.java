package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.jep.NeuronNetwork;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * Spikes cross between detailed NEURON cells and surrogate cells in both directions at the connection's delay,
 * on the ball-and-stick example with a hand-wired surrogate of it (spikes in every bin with excitatory input).
 */
class HybridNetworkIT {
    static final Path MODEL = TestSupport.home().resolve("examples/ball-and-stick");

    @TempDir
    static Path dir;
    static Path surrogate;
    static SegmentTable table;
    static PythonEnvironment env;

    @BeforeAll
    static void handWiredSurrogate() throws Exception {
        env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.load(MODEL);
        try (NeuronNetwork net = NeuronNetwork.open(List.of(spec), env)) {
            table = net.describeModel(spec).segments();
        }
        surrogate = dir.resolve("wired");
        HandWiredSurrogate.write(surrogate, table, Map.of());
    }

    static Path spec(String name, String json) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, json.replace("MODEL", MODEL.toString()).replace("SURROGATE", surrogate.toString()));
        return f;
    }

    static HybridResult run(Path spec, boolean allDetailed) throws Exception {
        NetworkSpec s = NetworkSpec.load(spec, TestSupport.home());
        List<Surrogate> surrogates = HybridRunner.loadSurrogates(s);
        try {
            return HybridRunner.run(s, surrogates, allDetailed, env, new PrintStream(new ByteArrayOutputStream()));
        } finally {
            for (Surrogate x : surrogates) {
                if (x != null) {
                    x.close();
                }
            }
        }
    }

    /** Bin centres of the surrogate's expected spikes: one per run of consecutive bins holding an input. */
    static double[] expectedSurrogateSpikes(double[] arrivalsMs, int durationMs) {
        TreeSet<Integer> bins = new TreeSet<>();
        for (double a : arrivalsMs) {
            if (a < durationMs) {
                bins.add((int) Math.floor(a));
            }
        }
        List<Double> out = new ArrayList<>();
        for (int b : bins) {
            if (!bins.contains(b - 1)) {
                out.add(b + 0.5);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void detailedCellsDriveASurrogateAtTheirSpikeTimesPlusTheDelay() throws Exception {
        for (String interval : new String[] {"", "\"interval_ms\": 1,", "\"overlap\": false,"}) {
            Path f = spec("d2s" + interval.length(), """
                    {"seed": 3, "duration_ms": 300, %s
                     "populations": [
                       {"name": "det", "model": "MODEL", "count": 1,
                        "background": {"poisson": {"exc_hz": 3000, "inh_hz": 500}}},
                       {"name": "sur", "model": "MODEL", "count": 1, "surrogate": {"path": "SURROGATE", "cells": [0]}}],
                     "connections": [{"from": "det", "to": "sur", "in_degree": 1, "synapse": "excitatory",
                                      "delay_ms": 3.7}]}
                    """.formatted(interval));
            HybridResult r = run(f, false);
            double[] detailed = r.spikeTimesMs()[0];
            assertTrue(detailed.length >= 3, "the drive must make the detailed cell fire: " + detailed.length);
            double[] arrivals = new double[detailed.length];
            for (int i = 0; i < detailed.length; i++) {
                arrivals[i] = detailed[i] + 3.7;
            }
            assertArrayEquals(expectedSurrogateSpikes(arrivals, 300), r.spikeTimesMs()[1], 1e-9,
                    "surrogate spikes must sit in the bins where the detailed spikes arrive (interval '" + interval
                            + "', Δ = " + r.plan().intervalMs() + ")");
        }
    }

    @Test
    void aSurrogateDrivesADetailedCellOverThresholdAtItsSpikeTimePlusTheDelay() throws Exception {
        Path f = spec("s2d", """
                {"seed": 5, "duration_ms": 1000,
                 "populations": [
                   {"name": "sur", "model": "MODEL", "count": 1, "surrogate": {"path": "SURROGATE", "cells": [0]},
                    "background": {"poisson": {"exc_hz": 12, "inh_hz": 0}}},
                   {"name": "det", "model": "MODEL", "count": 1}],
                 "connections": [{"from": "sur", "to": "det", "in_degree": 1, "synapse": "excitatory",
                                  "weight": 60, "delay_ms": 4.0, "distance_um": [0, 50]}],
                 "record": {"voltages": [1]}}
                """);
        HybridResult r = run(f, false);
        assertEquals(2, r.plan().lagIntervals());
        assertEquals(1, r.plan().intervalMs(), "Δ = the largest whole ms with 2Δ + dt ≤ the delay out of a surrogate");
        HybridResult serial = run(spec("s2d-serial", Files.readString(f).replace("\"seed\": 5,",
                "\"seed\": 5, \"overlap\": false,")), false);
        assertEquals(1, serial.plan().lagIntervals());
        assertEquals(3, serial.plan().intervalMs());
        for (int g = 0; g < 2; g++) {
            assertArrayEquals(r.spikeTimesMs()[g], serial.spikeTimesMs()[g], 1e-9,
                    "overlapped and serial steps (and Δ 1 vs 3) must give the same spikes, cell " + g);
        }
        double[] sur = r.spikeTimesMs()[0];
        double[] det = r.spikeTimesMs()[1];
        assertTrue(sur.length >= 3, "the surrogate's background must make it fire: " + sur.length);
        assertTrue(det.length >= 1, "the surrogate's spikes must drive the detailed cell over threshold");
        // every detailed spike follows a surrogate spike by the delay plus a few ms of synaptic rise
        for (double t : det) {
            boolean caused = false;
            for (double s : sur) {
                caused |= t > s + 4.0 && t < s + 4.0 + 8;
            }
            assertTrue(caused, "detailed spike at " + t + " ms follows no surrogate spike by 4–12 ms: " + List.of(sur));
        }
        // the EPSP starts when the event arrives (s + 4 = b + 4.5 ms), not a sample earlier
        float[] soma = r.voltages().get(1)[1];
        int checked = 0;
        for (double s : sur) {
            int arrival = (int) Math.floor(s + 4.0);
            boolean isolated = true;
            for (double other : sur) {
                isolated &= !(other < s && other > s - 60);
            }
            if (arrival + 1 >= soma.length || !isolated) {
                continue; // an earlier EPSP or spike is still moving the soma
            }
            assertEquals(soma[arrival - 1], soma[arrival], 0.05, "soma moved before the event at " + (s + 4) + " ms");
            assertTrue(soma[arrival + 1] - soma[arrival] > 0.3, "no EPSP 0.5 ms after the event at " + (s + 4)
                    + " ms: " + soma[arrival] + " → " + soma[arrival + 1]);
            checked++;
        }
        assertTrue(checked >= 2, "too few isolated surrogate spikes to check the arrival time: " + checked);
    }

    @Test
    void aWeightOtherThanOneEntersTheSurrogatesInputScaled() throws Exception {
        // the wired surrogate's soma row is −65 mV + 5 mV × (the excitatory input in the bin): weight 2 gives −55
        Path f = spec("weight", """
                {"seed": 3, "duration_ms": 300,
                 "populations": [
                   {"name": "det", "model": "MODEL", "count": 1,
                    "background": {"poisson": {"exc_hz": 3000, "inh_hz": 500}}},
                   {"name": "sur", "model": "MODEL", "count": 1, "surrogate": {"path": "SURROGATE", "cells": [0]}}],
                 "connections": [{"from": "det", "to": "sur", "in_degree": 1, "synapse": "excitatory", "weight": 2,
                                  "delay_ms": 3.7}],
                 "record": {"voltages": [1]}}
                """);
        HybridResult r = run(f, false);
        float[] soma = r.voltages().get(1)[1];
        TreeSet<Integer> arrivals = new TreeSet<>();
        for (double t : r.spikeTimesMs()[0]) {
            arrivals.add((int) Math.floor(t + 3.7));
        }
        assertTrue(arrivals.size() >= 3, "arrivals: " + arrivals);
        for (int t = 0; t < soma.length; t++) {
            assertEquals(arrivals.contains(t) ? -55 : -65, soma[t], 1e-3, "soma at " + t + " ms");
        }
    }
}
