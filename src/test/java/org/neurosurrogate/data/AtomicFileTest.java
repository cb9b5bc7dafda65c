package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporary() throws Exception {
        Path target = dir.resolve("a.json");
        AtomicFile.write(target, o -> o.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFile.write(target, o -> o.write("two".getBytes(StandardCharsets.UTF_8)));
        assertEquals("two", Files.readString(target, StandardCharsets.UTF_8));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the target is left");
        }
    }

    @Test
    void removeTemporariesBelowDeletesKilledWritersFilesAtAnyDepthAndKeepsFinishedOnes() throws Exception {
        Path shard = dir.resolve("shard-00001.h5");
        Files.writeString(shard, "finished");
        Path stale = AtomicFile.temporaryFor(dir.resolve("shard-00002.h5"));
        Files.writeString(stale, "half");
        Path deeper = Files.createDirectories(dir.resolve("checkpoints"));
        Path staleCheckpoint = AtomicFile.temporaryFor(deeper.resolve("latest.json"));
        Files.writeString(staleCheckpoint, "{");
        AtomicFile.removeTemporariesBelow(dir);
        assertFalse(Files.exists(stale), "a killed writer's temporary is swept");
        assertFalse(Files.exists(staleCheckpoint), "in the folders below too");
        assertTrue(Files.exists(shard), "a finished file stays");
        assertTrue(Files.isDirectory(deeper));
    }
}
