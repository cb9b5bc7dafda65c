package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkStatsTest {
    @Test
    void coincidencesPairSpikesOneToOneWithinFiveMs() {
        double[] ref = {10, 20, 30, 100};
        assertEquals(4, NetworkStats.coincidences(ref, new double[] {12, 18, 34.9, 95}));
        assertEquals(1, NetworkStats.coincidences(ref, new double[] {12, 12.5}), "one partner each");
        assertEquals(0, NetworkStats.coincidences(ref, new double[] {50, 200}));
        assertEquals(0, NetworkStats.coincidences(ref, new double[0]));
    }

    @Test
    void binnedRatesAreHzPerCellIn10MsBins() {
        double[][] spikes = {{1, 2, 15}, {5}, {}};
        double[] r = NetworkStats.binnedRate(spikes, List.of(0, 1), 30);
        assertArrayEquals(new double[] {150, 50, 0}, r, 1e-9, "3 spikes of 2 cells in 10 ms = 150 Hz per cell");
        assertEquals(4 / 3.0 / 0.030, NetworkStats.meanRateHz(spikes, List.of(0, 1, 2), 30), 1e-9, "4 spikes, 3 cells, 30 ms");
    }

    @Test
    void correlationIsUndefinedForAFlatTrace() {
        assertTrue(Double.isNaN(NetworkStats.correlation(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertEquals(1.0, NetworkStats.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
    }
}
