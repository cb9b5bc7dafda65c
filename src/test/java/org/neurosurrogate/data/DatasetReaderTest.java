package org.neurosurrogate.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;

class DatasetReaderTest {
    static final int T = ShardReaderTest.T;
    static final int S = ShardReaderTest.S;

    @TempDir
    Path dir;

    private List<Path> threeCompressedShards() {
        return List.of(SyntheticShards.writeCompressed(dir, 0, T, S, 0, 1, 2),
                SyntheticShards.writeCompressed(dir, 1, T, S, 3, 4), SyntheticShards.writeCompressed(dir, 2, T, S, 5));
    }

    private List<Path> threeShards() {
        return List.of(SyntheticShards.write(dir, 0, T, S, 0, 1, 2), SyntheticShards.write(dir, 1, T, S, 3, 4),
                SyntheticShards.write(dir, 2, T, S, 5));
    }

    @Test
    void readsAnySimulationOfAnyShardByGlobalIndex() {
        threeShards();
        try (DatasetReader r = DatasetReader.openFolder(dir)) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, r.simulations());
            assertEquals(T, r.durationMs());
            assertEquals(S, r.segments());
            for (int sim : new int[] {5, 0, 3, 2, 4, 1}) {
                ShardReaderTest.assertWindowExact(r.readWindow(sim, 400 + 100 * sim, 300), sim);
                assertArrayEquals(SyntheticShards.spikes(sim, T), r.spikeTimesMs(sim));
            }
            assertThrows(IllegalArgumentException.class, () -> r.readWindow(6, 0, 10));
        }
    }

    @Test
    void concurrentReadsReturnExactWindows() throws Exception {
        try (DatasetReader r = DatasetReader.open(threeShards())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                SplittableRandom rng = new SplittableRandom(thread);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        int sim = rng.nextInt(6);
                        ShardReaderTest.assertWindowExact(r.readWindow(sim, rng.nextInt(T - 300), 300), sim);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
    }

    @Test
    void truncatedAndGarbageShardsAreSkippedWithOneWarningEach() throws IOException {
        List<Path> files = new ArrayList<>(threeShards());
        Path cut = SyntheticShards.truncatedCopy(files.get(1), dir.resolve("shard-00003.h5"));
        Files.delete(files.get(1));
        files.set(1, cut);
        files.add(SyntheticShards.garbage(dir.resolve("shard-00004.h5")));
        List<String> warnings = new ArrayList<>();
        try (DatasetReader r = DatasetReader.open(files, null, warnings::add)) {
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(cut.toString()) && warnings.get(0).contains("truncated"),
                    warnings.get(0));
            assertTrue(warnings.get(1).contains(files.get(3).toString()), warnings.get(1));
            assertEquals(List.of(cut, files.get(3)), List.copyOf(r.skipped().keySet()));
            assertArrayEquals(new int[] {0, 1, 2, 5}, r.simulations());
            assertFalse(r.contains(3));
            ShardReaderTest.assertWindowExact(r.readWindow(5, 1000, 300), 5);
            ShardReaderTest.assertWindowExact(r.readWindow(1, 1000, 300), 1);
        }
    }

    @Test
    void defaultOpenWarnsOnStandardErrorOneLineNamingTheFile() throws IOException {
        List<Path> files = new ArrayList<>(threeShards());
        files.add(SyntheticShards.garbage(dir.resolve("shard-00009.h5")));
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (DatasetReader r = DatasetReader.open(files)) {
            assertEquals(6, r.simulations().length);
        } finally {
            System.setErr(original);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("warning: skipping shard " + files.get(3)), lines.get(0));
    }

    @Test
    void shardRepeatingSimulationsOrShapesOfAnotherDatasetIsSkipped() {
        Path a = SyntheticShards.write(dir, 0, T, S, 0, 1);
        Path repeat = SyntheticShards.write(dir, 1, T, S, 1, 2);
        Path otherShape = SyntheticShards.write(dir, 2, T, S + 1, 3);
        Path otherDuration = SyntheticShards.write(dir, 3, T - 500, S, 4);
        List<String> warnings = new ArrayList<>();
        try (DatasetReader r = DatasetReader.open(List.of(a, repeat, otherShape, otherDuration), null, warnings::add)) {
            assertEquals(3, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("simulation 1 is already in " + a), warnings.get(0));
            assertArrayEquals(new int[] {0, 1}, r.simulations());
        }
    }

    @Test
    void noReadableShardIsANamedError() throws IOException {
        Path junk = SyntheticShards.garbage(dir.resolve("shard-00000.h5"));
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> DatasetReader.open(List.of(junk), null, w -> { }));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }

    @Test
    void shardWithDamagedChunkIsDroppedOnceAndSamplingGoesOn() throws IOException {
        List<Path> files = threeCompressedShards();
        damageVoltageChunk(files.get(1), 1, 1000); // simulation 4, [1000, 1500) ms
        List<String> warnings = new ArrayList<>();
        try (DatasetReader r = DatasetReader.open(files, null, warnings::add)) {
            assertTrue(warnings.isEmpty(), warnings.toString());
            DataFormatException e = assertThrows(DataFormatException.class, () -> r.readWindow(4, 1100, 300));
            assertEquals(files.get(1), e.file());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).startsWith("warning: dropping shard " + files.get(1)), warnings.get(0));
            assertArrayEquals(new int[] {0, 1, 2, 5}, r.simulations());
            BalancedWindowSampler sampler = BalancedWindowSampler.builder(r, new int[] {0, 1, 2, 3, 4, 5})
                    .setWindowMs(300).optScoredFromMs(100).optWarnings(warnings::add).build();
            for (int i = 0; i < 200; i++) {
                int sim = sampler.nextWindow().simulation();
                assertTrue(sim != 3 && sim != 4, "drew simulation " + sim + " of the dropped shard");
            }
            assertEquals(2, warnings.size(), warnings.toString()); // + "2 of 6 requested simulations ..."
        }
    }

    @Test
    void samplerDropsShardThatFailsMidUseAndDrawsAgain() throws IOException {
        List<Path> files = threeCompressedShards();
        damageVoltageChunk(files.get(2), 0, 500); // simulation 5, [500, 1000) ms
        List<String> warnings = new ArrayList<>();
        try (DatasetReader r = DatasetReader.open(files, null, warnings::add)) {
            BalancedWindowSampler sampler = BalancedWindowSampler.builder(r, r.simulations())
                    .setWindowMs(300).optScoredFromMs(100).optWarnings(warnings::add).optSeed(3).build();
            for (int i = 0; i < 500; i++) {
                sampler.nextWindow();
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(files.get(2).toString()), warnings.get(0));
            assertFalse(r.contains(5));
        }
    }

    /** Flips bytes in the middle of the compressed voltage chunk of simulation k at startMs. */
    private static void damageVoltageChunk(Path file, int k, int startMs) throws IOException {
        byte[] raw;
        try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(file)) {
            var v = (io.jhdf.api.dataset.ChunkedDataset) f.getDatasetByPath("voltages");
            var buffer = v.getRawChunkBuffer(new int[] {k, startMs, 0});
            raw = new byte[buffer.remaining()];
            buffer.get(raw);
        }
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, raw);
        assertTrue(at >= 0, "chunk not found in " + file);
        for (int i = raw.length / 4; i < raw.length / 2; i++) {
            bytes[at + i] ^= (byte) 0x5a;
        }
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
