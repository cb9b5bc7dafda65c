package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.WithNDManager;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;

class SurrogateTrainerTest extends WithNDManager {
    @TempDir
    Path tmp;

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    SurrogateTrainer.FitResult train(SurrogateNet net, TrainConfig cfg, DatasetReader reader, Path ckpt)
            throws Exception {
        return SurrogateTrainer.fit(net, net.receptiveField(), net.inputChannels(), net.layout(), cfg,
                TinyData.data(reader, cfg, net.receptiveField()), ckpt, QUIET, manager);
    }

    @Test
    void trainingReducesTheValidationLossForEveryArchitecture() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            for (Arch arch : Arch.values()) {
                TrainConfig cfg = TinyData.config(arch).optMaxSteps(60).optEvalEvery(60).optLr(1e-2).build();
                SurrogateNet net = TinyData.net(arch);
                TrainingData data = TinyData.data(reader, cfg, net.receptiveField());
                SurrogateNet fresh = TinyData.net(arch);
                ai.djl.engine.Engine.getInstance().setRandomSeed(7);
                try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                    fresh.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(4, 8, 40));
                    Metrics before = SurrogateTrainer.evaluate(SurrogateTrainer.inference(fresh, m), data.validation(),
                            data.stats(), fresh.receptiveField(), new SurrogateLoss(net.layout(), 1, 10), 4, m);
                    SurrogateTrainer.FitResult r = SurrogateTrainer.fit(net, net.receptiveField(), 8, net.layout(),
                            cfg, data, tmp.resolve("ckpt-" + arch), QUIET, m);
                    assertEquals(60, r.steps());
                    assertTrue(r.best().total() < 0.8 * before.total(), arch + ": " + before + " -> " + r.best());
                }
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalParameters() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            TrainConfig cfg = TinyData.config(Arch.MMOE).build();
            SurrogateNet a = TinyData.net(Arch.MMOE);
            SurrogateNet b = TinyData.net(Arch.MMOE);
            train(a, cfg, reader, tmp.resolve("a"));
            train(b, cfg, reader, tmp.resolve("b"));
            List<float[]> pa = SurrogateTrainer.parameterValues(a);
            List<float[]> pb = SurrogateTrainer.parameterValues(b);
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                assertArrayEquals(pa.get(i), pb.get(i));
            }
        }
    }

    @Test
    void resumeContinuesFromTheSavedStep() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            Path ckpt = tmp.resolve("ckpt");
            train(TinyData.net(Arch.MH), TinyData.config(Arch.MH).optMaxSteps(4).build(), reader, ckpt);
            Map<String, Object> s = Checkpoints.readState(ckpt, Checkpoints.LATEST);
            assertEquals(4, ((Number) s.get("step")).intValue());
            assertEquals(16, ((Number) s.get("drawn")).intValue());
            SurrogateTrainer.FitResult r = train(TinyData.net(Arch.MH), TinyData.config(Arch.MH).optMaxSteps(6)
                    .build(), reader, ckpt);
            assertTrue(r.resumed());
            assertEquals(6, r.steps());
            s = Checkpoints.readState(ckpt, Checkpoints.LATEST);
            assertEquals(6, ((Number) s.get("step")).intValue());
            assertEquals(24, ((Number) s.get("drawn")).intValue());
        }
    }

    @Test
    void nanLossStopsWithAdviceAndKeepsTheLastGoodCheckpoint() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            Path ckpt = tmp.resolve("ckpt");
            TrainConfig cfg = TinyData.config(Arch.MH).optLr(1e30).optMaxSteps(20).optCheckpointEvery(1)
                    .optEvalEvery(100).build();
            NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                    () -> train(TinyData.net(Arch.MH), cfg, reader, ckpt));
            assertTrue(e.getMessage().contains("NaN or infinite") && e.getMessage().contains("lower --lr"), e.getMessage());
            assertTrue(e.getMessage().matches(".*at step \\d+.*"), e.getMessage());
            Map<String, Object> s = Checkpoints.readState(ckpt, Checkpoints.LATEST);
            if (s != null) { // a checkpoint, if any, holds finite parameters from before the divergence
                SurrogateNet net = TinyData.net(Arch.MH);
                try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                    net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(4, 8, 40));
                    Checkpoints.loadParams(net, m, Checkpoints.paramsFile(ckpt, s, Checkpoints.LATEST));
                    for (float[] p : SurrogateTrainer.parameterValues(net)) {
                        for (float v : p) {
                            assertTrue(Float.isFinite(v));
                        }
                    }
                }
            }
        }
    }

    @Test
    void mismatchedChannelCountIsRejected() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            TrainConfig cfg = TinyData.config(Arch.MH).build();
            SurrogateNet wrong = SurrogateNet.create(Arch.MH, new TaskLayout(5), 10, TinyData.HYPER);
            TrainingData data = TinyData.data(reader, cfg, wrong.receptiveField());
            NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> SurrogateTrainer.fit(wrong,
                    wrong.receptiveField(), 10, wrong.layout(), cfg, data, tmp.resolve("c"), QUIET, manager));
            assertTrue(e.getMessage().contains("8 input channels") && e.getMessage().contains("expects 10"),
                    e.getMessage());
        }
    }

    @Test
    void memoryEstimateRejectsAnOversizedBatch() {
        TrainConfig cfg = TrainConfig.builder(Arch.MMOE).optBatch(4096).optWindowMs(2000).build();
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> SurrogateTrainer.checkMemory(cfg, 1278, 641, 127));
        assertTrue(e.getMessage().contains("--batch 4096") && e.getMessage().contains("--window 2000"), e.getMessage());
        TrainConfig small = TrainConfig.builder(Arch.MMOE).optMemoryLimitBytes(1L << 40).build();
        SurrogateTrainer.checkMemory(small, 1278, 641, 127); // batch 32 × 300 ms fits in 1 TB
        assertThrows(NeuroSurrogateException.class, () -> SurrogateTrainer.checkMemory(
                small.toBuilder().optMemoryLimitBytes(1L << 20).build(), 1278, 641, 127));
    }

    @Test
    void missingStatisticsAreRejected() {
        assertThrows(NeuroSurrogateException.class, () -> TrainingData.of(null, new int[0], null, List.of()));
    }

    @Test
    void badConfigNamesTheFlag() {
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> TrainConfig.builder(Arch.MH).optBatch(0).build());
        assertTrue(e.getMessage().startsWith("--batch"));
        assertTrue(Files.exists(Path.of("pom.xml")));
    }

    @Test
    void aFormat1MmoeCheckpointIsRefusedAndAnMhOneIsRead() throws Exception {
        Path ckpt = tmp.resolve("old-checkpoints");
        Files.createDirectories(ckpt);
        Files.writeString(ckpt.resolve("latest.params"), "x");
        Files.writeString(ckpt.resolve("latest.json"),
                "{\"format\": \"neurosurrogate.checkpoint\", \"format_version\": 1, \"arch\": \"MMOE\"}");
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class,
                () -> Checkpoints.readState(ckpt, Checkpoints.LATEST));
        assertTrue(e.getMessage().contains("delete " + ckpt), e.getMessage());
        Files.writeString(ckpt.resolve("latest.json"),
                "{\"format\": \"neurosurrogate.checkpoint\", \"format_version\": 1, \"arch\": \"MH\"}");
        assertEquals("MH", Checkpoints.readState(ckpt, Checkpoints.LATEST).get("arch"),
                "MH has no gate: its format-1 checkpoints resume");
    }
}
