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
    void endStreamRecordsASimulationLeftRunningAsAGapOutsideTheSplit() {
        DatasetManifest m = new DatasetManifest();
        m.seed = 3;
        m.shardSize = 1;
        for (int i : new int[] {0, 1, 2, 3, 5}) { // simulation 4 was still running when the stream stopped
            m.shards.add(new DatasetManifest.Shard(i, "shard-0000" + i + ".h5", List.of(i), List.of(0), List.of(1L),
                    "sha", 1));
        }
        m.endStream();
        assertEquals(6, m.simulations);
        assertEquals(List.of(4), m.rejected);
        assertNull(m.shard(4).file(), "a gap has no file, so verify and readers skip it");
        List<Integer> all = new ArrayList<>(m.split.train());
        all.addAll(m.split.validation());
        all.addAll(m.split.test());
        assertEquals(5, all.size());
        assertTrue(!all.contains(4) && all.containsAll(List.of(0, 1, 2, 3, 5)), all.toString());
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
