package org.neurosurrogate.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PoissonDriveTest {
    static SegmentTable table(int n) {
        double[] len = new double[n];
        Arrays.fill(len, 20.0);
        len[0] = 190.0; // 10x the weight of the others once 10 um is added
        double[][] centre = new double[n][3];
        Region[] region = new Region[n];
        Arrays.fill(region, Region.BASAL);
        String[] sec = new String[n];
        Arrays.fill(sec, "dend[0]");
        return new SegmentTable(sec, new double[n], new double[n], region, new double[n], len, centre);
    }

    @Test
    void sameSeedGivesSameTrains() {
        SegmentTable t = table(20);
        SpikeTrains a = new PoissonDrive(2000, 1000).generate(t, 500, 7);
        SpikeTrains b = new PoissonDrive(2000, 1000).generate(t, 500, 7);
        assertArrayEquals(a.timesMs(), b.timesMs());
        assertArrayEquals(a.channels(), b.channels());
    }

    @Test
    void totalsAndLengthWeightingMatchTheRates() {
        SegmentTable t = table(20);
        SpikeTrains s = new PoissonDrive(2000, 1000).generate(t, 20_000, 3);
        double exc = s.countChannels(0, 20) / 20.0;
        double inh = s.countChannels(20, 40) / 20.0;
        assertEquals(2000, exc, 60);
        assertEquals(1000, inh, 45);
        // segment 0 weighs 200 of 200 + 19*30 = 770
        assertEquals(2000 * 200.0 / 770, s.countChannels(0, 1) / 20.0, 25);
    }

    @Test
    void eventsAreSortedWholeMillisecondsWithinTheDuration() {
        SpikeTrains s = new PoissonDrive(5000, 5000).generate(table(10), 300, 1);
        for (int k = 0; k < s.size(); k++) {
            double t = s.timesMs()[k];
            assertTrue(t >= 0 && t < 300 && t == Math.rint(t));
            if (k > 0) {
                assertTrue(t >= s.timesMs()[k - 1]);
            }
        }
        assertEquals(20, s.channelCount());
    }
}
