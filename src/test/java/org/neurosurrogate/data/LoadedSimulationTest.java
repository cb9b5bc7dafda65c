package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedSimulationTest {
    @TempDir
    Path dir;

    @Test
    void inMemoryWindowsEqualWindowsReadFromTheShard() {
        Path file = SyntheticShards.write(dir, 0, 1200, 5, 7, 8);
        try (ShardReader r = ShardReader.open(file)) {
            LoadedSimulation sim = r.load(1);
            assertEquals(8, sim.simulation());
            for (int start : new int[] {0, 333, 900}) {
                Window fromDisk = r.readWindow(1, start, 300);
                Window fromMemory = sim.window(start, 300);
                assertArrayEquals(fromDisk.inputs(), fromMemory.inputs(), "inputs at " + start);
                assertArrayEquals(fromDisk.targets(), fromMemory.targets(), "targets at " + start);
            }
            assertThrows(IllegalArgumentException.class, () -> sim.window(1000, 300));
        }
    }
}
