package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetManifestTest {
    @TempDir
    Path dir;

    @Test
    void splitKeepsSimulationsWholeAndCoversEachOnce() {
        DatasetManifest.Split s = DatasetManifest.split(20, 3);
        assertEquals(16, s.train().size());
        assertEquals(2, s.validation().size());
        assertEquals(2, s.test().size());
        List<Integer> all = new ArrayList<>(s.train());
        all.addAll(s.validation());
        all.addAll(s.test());
        all.sort(null);
        for (int i = 0; i < 20; i++) {
            assertEquals(i, all.get(i));
        }
        assertEquals(s, DatasetManifest.split(20, 3), "deterministic for a seed");
    }

    @Test
    void partsTakeDisjointShards() {
        DatasetManifest m = new DatasetManifest();
        m.simulations = 10;
        m.shardSize = 3;
        assertEquals(4, m.shardCount());
        m.part = new DatasetManifest.Part(1, 2);
        assertEquals(List.of(0, 2), m.ownShards());
        m.part = new DatasetManifest.Part(2, 2);
        assertEquals(List.of(1, 3), m.ownShards());
        assertEquals(1, m.simulationsOf(3).length);
    }

    @Test
    void writtenManifestReadsBackAndDifferencesAreNamed() {
        DatasetManifest m = new DatasetManifest();
        m.modelHash = "sha256:x";
        m.protocol = Map.of("a", 1);
        m.simulations = 4;
        m.shardSize = 2;
        m.durationMs = 100;
        m.split = DatasetManifest.split(4, 1);
        m.write(dir);
        DatasetManifest back = DatasetManifest.read(dir);
        assertNull(m.differenceFrom(back));
        back.durationMs = 200;
        assertTrue(m.differenceFrom(back).startsWith("duration_ms"), m.differenceFrom(back));
    }
}
