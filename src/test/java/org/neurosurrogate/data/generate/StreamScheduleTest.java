package org.neurosurrogate.data.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.NeuroSurrogateException;

class StreamScheduleTest {

    @Test
    void aStepDrawsFromTheNewestSimulationsAdmittedByThen() {
        StreamSchedule s = new StreamSchedule(4, 0, 10, 1);
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.members(0));
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.members(9));
        assertArrayEquals(new int[] {1, 2, 3, 4}, s.members(10));
        assertArrayEquals(new int[] {6, 7, 8, 9}, s.members(65));
        assertEquals(60, s.firstStepOfSet(65));
    }

    @Test
    void theReservoirKeepsOlderSimulationsAndIsTheSameWhoeverComputesIt() {
        StreamSchedule s = new StreamSchedule(4, 8, 1, 7);
        int[] m = s.members(500);
        assertEquals(12, m.length);
        assertTrue(Arrays.stream(m).filter(i -> i < 500).count() == 8, "eight older simulations");
        assertArrayEquals(m, new StreamSchedule(4, 8, 1, 7).members(500));
        assertTrue(!Arrays.equals(m, new StreamSchedule(4, 8, 1, 8).members(500)), "the seed chooses the sample");
    }

    @Test
    void everyOlderSimulationIsEquallyLikelyInTheReservoir() {
        // Algorithm R: after 400 older simulations each is kept with probability 10/400, whatever its age.
        int[] early = new int[2];
        for (long seed = 0; seed < 400; seed++) {
            for (int i : new StreamSchedule(1, 10, 1, seed).reservoirOf(400)) {
                early[i < 200 ? 0 : 1]++;
            }
        }
        assertEquals(4000, early[0] + early[1]);
        assertTrue(Math.abs(early[0] - early[1]) < 300, "first half " + early[0] + ", second half " + early[1]);
    }

    @Test
    void badSettingsNameTheirFlag() {
        assertThrows(NeuroSurrogateException.class, () -> new StreamSchedule(0, 0, 1, 1), "--buffer");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> new StreamSchedule(1, 0, 0, 1));
        assertTrue(e.getMessage().startsWith("--steps-per-sim 0"));
    }
}
