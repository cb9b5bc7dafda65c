package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.neuron.Region;

class RegionSummaryTest {
    static final double[] METRIC = {1, 2, 3, 4, Double.NaN, 10};
    static final Region[] REGION = {Region.BASAL, Region.BASAL, Region.OBLIQUE, Region.TUFT, Region.TUFT,
        Region.BASAL};
    static final double[] DIST = {50, 150, 120, 450, 460, 60};

    @Test
    void regionStatisticsSkipNaNAndLeaveOutEmptyRegions() {
        RegionSummary s = RegionSummary.of(METRIC, REGION, DIST, 100);
        RegionSummary.Stats basal = s.region(Region.BASAL);
        assertEquals(3, basal.count());
        assertEquals(13 / 3.0, basal.mean(), 1e-12);
        assertEquals(2, basal.median(), 1e-12);
        assertEquals(3, s.region(Region.OBLIQUE).mean(), 1e-12);
        assertEquals(1, s.region(Region.TUFT).count());
        assertEquals(4, s.region(Region.TUFT).mean(), 1e-12);
        assertNull(s.region(Region.APICAL_TRUNK));
        assertEquals(List.of("basal", "oblique", "tuft"), List.copyOf(s.byRegion().keySet()));
    }

    @Test
    void distanceBinsAreHundredMicronWideAndSkipEmptyOnes() {
        RegionSummary s = RegionSummary.of(METRIC, REGION, DIST, 100);
        List<RegionSummary.DistanceBin> b = s.byDistance();
        assertEquals(3, b.size());
        assertEquals(0, b.get(0).fromUm());
        assertEquals(100, b.get(0).toUm());
        assertEquals(5.5, b.get(0).stats().mean(), 1e-12); // 1 and 10
        assertEquals(2.5, b.get(1).stats().mean(), 1e-12); // 2 and 3
        assertEquals(400, b.get(2).fromUm());
        assertEquals(1, b.get(2).stats().count());
    }

    @Test
    void overallStatisticsCoverAllSegments() {
        RegionSummary.Stats all = RegionSummary.overall(METRIC);
        assertEquals(5, all.count());
        assertEquals(4, all.mean(), 1e-12);
        assertEquals(3, all.median(), 1e-12);
        assertFalse(Double.isNaN(all.median()));
    }
}
