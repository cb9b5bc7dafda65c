package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.surrogate.Surrogate;

/** The network tests' fixture does what it says: a spike in each bin with excitatory input, none otherwise. */
class HandWiredSurrogateTest {
    @TempDir
    Path dir;

    static SegmentTable table(int s) {
        String[] section = new String[s];
        Region[] region = new Region[s];
        double[][] centre = new double[s][];
        double[] d = new double[s];
        for (int i = 0; i < s; i++) {
            section[i] = "dend[" + i + "]";
            region[i] = i % 2 == 0 ? Region.BASAL : Region.TUFT;
            centre[i] = new double[] {i, 0, 0};
            d[i] = 20 + 40 * i;
        }
        double[] x = new double[s];
        Arrays.fill(x, 0.5);
        return new SegmentTable(section, x, d, region, d.clone(), d.clone(), centre);
    }

    @Test
    void spikesInEveryBinWithExcitatoryInputAndNowhereElse() throws Exception {
        HandWiredSurrogate.write(dir, table(3), Map.of());
        try (Surrogate s = Surrogate.load(dir)) {
            // excitatory events at 10.2 (segment 0) and 30.9 (segment 2); inhibitory ones at 20 and 40
            SpikeTrains in = SpikeTrains.sorted(new double[] {10.2, 20, 30.9, 40}, new int[] {0, 3, 2, 5}, 6);
            Surrogate.Prediction p = s.predict(in, 60);
            assertArrayEquals(new double[] {10, 30}, p.spikeTimesMs());
            assertTrue(p.spikeProbability()[10] > 0.999 && p.spikeProbability()[11] < 1e-5, Arrays.toString(
                    p.spikeProbability()));
            assertEquals(-60, p.somaMv()[10], 1e-4);
            assertEquals(-65, p.somaMv()[20], 1e-4);
            assertEquals(-65, p.voltagesMv()[1][10], 1e-4);
        }
    }

    @Test
    void aSurrogateInANetworkFiresNoSpikeBeforeItsReceptiveFieldHoldsTheNetworksInput() throws Exception {
        HandWiredSurrogate.write(dir, table(3), Map.of());
        try (Surrogate s = Surrogate.load(dir);
             SurrogateBatch batch = new SurrogateBatch(s, new int[] {0}, 0.5, 10, new boolean[] {false}, 20, 1)) {
            int r = s.net().receptiveField();
            assertEquals(3, r);
            batch.add(0, 0, 0, 1f); // excitatory input in bin 0 and bin 5: the fixture spikes in each such bin
            batch.add(0, 0, 5, 1f);
            assertEquals(java.util.List.of(new SurrogateBatch.Spike(0, 5.5)), batch.step(0, 10),
                    "the bin-0 spike falls before R - 1 = 2 ms (silence before t = 0 as its history); bin 5's is kept");
        }
    }

    @Test
    void recordedAndUnrecordedCellsOfABatchSpikeAlikeAndItsStateDoesNotGrowWithTheRun() throws Exception {
        HandWiredSurrogate.write(dir, table(3), Map.of());
        // slots 0 and 2 are recorded (dense, every task), 1 and 3 not (sparse, the spike logit alone)
        try (Surrogate s = Surrogate.load(dir);
             SurrogateBatch batch = new SurrogateBatch(s, new int[] {4, 5, 6, 7}, 0.5, 5,
                     new boolean[] {true, false, true, false}, 200, 2)) {
            long state = 0;
            List<List<Double>> times = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(),
                    new java.util.ArrayList<>(), new java.util.ArrayList<>());
            for (int t = 0; t < 200; t += 5) {
                for (int slot = 0; slot < 4; slot++) {
                    // slots 0 and 1 get the same input (channel 0), and so do 2 and 3 (channel 1, other frames)
                    batch.add(slot, slot / 2, (t / 5 + 2 * (slot / 2)) % 5, 1f);
                    batch.add(slot, 3, 2, 2f); // inhibitory: no spike of the fixture
                }
                for (SurrogateBatch.Spike x : batch.step(t, 5)) {
                    times.get(x.slot()).add(x.timeMs());
                }
                if (t == 0) {
                    state = batch.stateBytes();
                }
                assertEquals(state, batch.stateBytes(), "state after " + (t + 5) + " ms");
            }
            assertTrue(times.get(0).size() > 20, "the fixture spikes: " + times);
            assertEquals(times.get(0), times.get(1), "recorded (dense) and unrecorded (sparse) alike");
            assertEquals(times.get(2), times.get(3));
            assertTrue(batch.recording(0) != null && batch.recording(1) == null);
        }
    }
}
