package org.neurosurrogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthBenchmarkTest {
    @Test
    void medianOfRunByRunRatiosIgnoresOrderAndOutliers() {
        assertEquals(1.2, GroundTruthBenchmark.median(List.of(3.0, 1.2, 0.1)), 0);
        assertEquals(1.15, GroundTruthBenchmark.median(List.of(1.2, 9.0, 1.1, 0.2)), 1e-12);
    }
}
