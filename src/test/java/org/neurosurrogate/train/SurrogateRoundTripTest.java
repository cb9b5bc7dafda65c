package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.surrogate.LinearBaseline;
import org.neurosurrogate.surrogate.Surrogate;

class SurrogateRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void aLoadedSurrogateReproducesItsPredictionsExactly() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data")); NDManager m = NDManager.newBaseManager()) {
            for (Arch arch : new Arch[] {Arch.MH, Arch.MMOEEX}) {
                TrainConfig cfg = TinyData.config(arch).build();
                SurrogateNet net = TinyData.net(arch);
                TrainingData data = TinyData.data(reader, cfg, net.receptiveField());
                SurrogateTrainer.fit(net, net.receptiveField(), 8, net.layout(), cfg, data, tmp.resolve("c" + arch),
                        new PrintStream(new ByteArrayOutputStream()), m);
                Surrogate s = Surrogate.of(net, TinyData.HYPER, reader.segmentTable(), data.stats(),
                        Map.of("training_manifest_sha256", "abc"), m);
                SpikeTrains in = reader.inputs(6);
                Surrogate.Prediction before = s.predict(in, 300);
                Path dir = tmp.resolve("model-" + arch);
                s.save(dir);
                try (Surrogate loaded = Surrogate.load(dir)) {
                    Surrogate.Prediction after = loaded.predict(in, 300);
                    assertSameVoltages(before, after);
                    assertArrayEquals(before.spikeProbability(), after.spikeProbability());
                    assertArrayEquals(before.spikeTimesMs(), after.spikeTimesMs());
                    assertEquals("abc", loaded.info().get("training_manifest_sha256"));
                    assertEquals(300, after.somaMv().length);
                    assertTrue(after.somaMv()[0] < -40 && after.somaMv()[0] > -90, "mV scale: " + after.somaMv()[0]);
                }
                float[] fresh = predictInFreshJvm(dir, tmp.resolve("data"));
                float[] expected = new float[2 * 300];
                System.arraycopy(before.somaMv(), 0, expected, 0, 300);
                System.arraycopy(before.spikeProbability(), 0, expected, 300, 300);
                assertArrayEquals(expected, fresh, "a fresh process must reproduce the predictions exactly");
            }
        }
    }

    @Test
    void aSurrogateWithTheLocalInputPathTrainsItAndLoadsAsTheSameNetwork() throws Exception {
        Hyper hyper = Hyper.builder().optChannels(4, 3).optKernel(3).optDilations(1, 2).optTowerUnits(4)
                .optDropout(0.1f).optLocalInput(true).build();
        try (DatasetReader reader = TinyData.write(tmp.resolve("data")); NDManager m = NDManager.newBaseManager()) {
            TrainConfig cfg = TinyData.config(Arch.MH).optHyper(hyper).build();
            SurrogateNet net = SurrogateNet.create(Arch.MH, new TaskLayout(TinyData.S), 2 * TinyData.S, hyper);
            TrainingData data = TinyData.data(reader, cfg, net.receptiveField());
            SurrogateTrainer.fit(net, net.receptiveField(), 8, net.layout(), cfg, data, tmp.resolve("c"),
                    new PrintStream(new ByteArrayOutputStream()), m);
            assertTrue(net.local().getParameters().valueAt(0).getArray().abs().max().getFloat() > 0,
                    "training should move the local path off its zero start");
            Surrogate s = Surrogate.of(net, hyper, reader.segmentTable(), data.stats(), Map.of(), m);
            SpikeTrains in = reader.inputs(6);
            Surrogate.Prediction before = s.predict(in, 300);
            Path dir = tmp.resolve("model");
            s.save(dir);
            try (Surrogate loaded = Surrogate.load(dir)) {
                assertSameVoltages(before, loaded.predict(in, 300));
            }
        }
    }

    private static void assertSameVoltages(Surrogate.Prediction before, Surrogate.Prediction after) {
        for (int seg = 0; seg < TinyData.S; seg++) {
            assertArrayEquals(before.voltagesMv()[seg], after.voltagesMv()[seg], "segment " + seg);
        }
        assertArrayEquals(before.somaMv(), after.somaMv());
    }

    /** Loads the surrogate in a new JVM and returns its soma mV and spike probability for simulation 6. */
    static float[] predictInFreshJvm(Path model, Path data) throws Exception {
        Path out = model.resolve("fresh.bin");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), FreshProcess.class.getName(),
                model.toString(), data.toString(), out.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(out))) {
            float[] v = new float[in.readInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readFloat();
            }
            return v;
        }
    }

    /** The child of {@link #predictInFreshJvm}. */
    public static final class FreshProcess {
        public static void main(String[] args) throws Exception {
            try (DatasetReader reader = DatasetReader.openFolder(Path.of(args[1]));
                 Surrogate s = Surrogate.load(Path.of(args[0]));
                 java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(Path.of(args[2])))) {
                Surrogate.Prediction p = s.predict(reader.inputs(6), 300);
                out.writeInt(600);
                for (float f : p.somaMv()) {
                    out.writeFloat(f);
                }
                for (float f : p.spikeProbability()) {
                    out.writeFloat(f);
                }
            }
            System.exit(0);
        }
    }

    @Test
    void anLstmSurrogateCarriesItsStateAcrossChunksAndLoadsAsTheSameNetwork() throws Exception {
        Hyper hyper = Hyper.builder().optTrunk(Hyper.Trunk.LSTM).optLstmUnits(5).optWarmUp(20).optTowerUnits(4)
                .build();
        try (DatasetReader reader = TinyData.write(tmp.resolve("data")); NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = SurrogateNet.create(Arch.MMOE, new TaskLayout(TinyData.S), 2 * TinyData.S, hyper);
            ai.djl.engine.Engine.getInstance().setRandomSeed(4);
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 8, 40));
            Surrogate s = Surrogate.of(net, hyper, reader.segmentTable(),
                    org.neurosurrogate.data.NormalisationStats.compute(reader, TinyData.TRAIN, 50), Map.of(), m);
            SpikeTrains in = reader.inputs(1);
            int t = 2300; // three chunks of Surrogate.CHUNK_FRAMES
            float[] streamed = s.predict(in, t).somaMv();
            // one whole-window pass from a zero state over R − 1 silent frames and the input
            int r = net.receptiveField();
            float[] x = new float[8 * (r - 1 + t)];
            for (int e = 0; e < in.size(); e++) {
                x[in.channels()[e] * (r - 1 + t) + r - 1 + (int) Math.floor(in.timesMs()[e])] = 1f;
            }
            float[] y = net.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(
                    m.create(x, new ai.djl.ndarray.types.Shape(1, 8, r - 1 + t))), false).singletonOrThrow()
                    .toFloatArray();
            int soma = net.layout().somaIndex();
            for (int f = 0; f < t; f++) {
                assertEquals(s.stats().toMillivolts(soma, y[soma * t + f]), streamed[f], 1e-3, "frame " + f);
            }
            Path dir = tmp.resolve("lstm");
            s.save(dir);
            try (Surrogate loaded = Surrogate.load(dir)) {
                assertTrue(loaded.net().isRecurrent());
                assertSameVoltages(s.predict(in, 300), loaded.predict(in, 300));
            }
        }
    }

    @Test
    void predictionsLongerThanAChunkMatchOneWholePass() throws Exception {
        // chunking must not change the first frames nor create seams: compare chunk 1's start with a shorter run
        try (DatasetReader reader = TinyData.write(tmp.resolve("data")); NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = TinyData.net(Arch.MH);
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 8, 40));
            Surrogate s = Surrogate.of(net, TinyData.HYPER, reader.segmentTable(),
                    org.neurosurrogate.data.NormalisationStats.compute(reader, TinyData.TRAIN, 50), Map.of(), m);
            SpikeTrains in = reader.inputs(1);
            float[] a = s.predict(in, 50).somaMv();
            float[] b = s.predict(in, 400).somaMv();
            for (int t = 0; t < 50; t++) {
                assertEquals(a[t], b[t], 1e-4);
            }
        }
    }

    @Test
    void theLinearBaselineIsSavedBesideTheSurrogateAndLoadedWithIt() throws Exception {
        try (DatasetReader reader = TinyData.write(tmp.resolve("data")); NDManager m = NDManager.newBaseManager()) {
            TrainConfig cfg = TinyData.config(Arch.MH).build();
            SurrogateNet net = TinyData.net(Arch.MH);
            TrainingData data = TinyData.data(reader, cfg, net.receptiveField());
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            SurrogateTrainer.fit(net, net.receptiveField(), 8, net.layout(), cfg, data, tmp.resolve("c"), quiet, m);
            double rate = Baselines.spikeRate(reader, TinyData.TRAIN, TinyData.BURN_IN);
            LinearCausalFilter linear = Baselines.linearFilter(8, net.layout(), net.receptiveField(), rate);
            linear.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(4, 8, 40));
            Surrogate s = Surrogate.of(net, TinyData.HYPER, reader.segmentTable(), data.stats(), Map.of(), m)
                    .withLinearBaseline(linear, Map.of("steps", 0));
            // untrained, it is the per-segment mean: each segment's training mean in mV, the training spike rate
            Surrogate.Prediction start = s.linearBaseline().orElseThrow().predict(reader.inputs(6), 300);
            for (int seg = 0; seg < TinyData.S; seg++) {
                for (float v : start.voltagesMv()[seg]) {
                    assertEquals(data.stats().mean()[seg], v, 1e-3);
                }
            }
            assertEquals(rate, start.spikeProbability()[100], 1e-6);

            SurrogateTrainer.fit(linear, net.receptiveField(), 8, net.layout(), cfg, data, tmp.resolve("l"), quiet, m);
            Surrogate.Prediction before = s.linearBaseline().orElseThrow().predict(reader.inputs(6), 300);
            Path dir = tmp.resolve("model");
            s.save(dir);
            assertTrue(Files.isRegularFile(dir.resolve(LinearBaseline.PARAMS)));
            Map<?, ?> json = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    dir.resolve(LinearBaseline.JSON).toFile(), Map.class);
            assertEquals(LinearCausalFilter.RANK, json.get("rank"));
            assertEquals(net.receptiveField(), json.get("receptive_field"));
            assertEquals(8, json.get("input_channels"));
            assertEquals(TinyData.S + 2, json.get("tasks"));
            try (Surrogate loaded = Surrogate.load(dir)) {
                LinearBaseline b = loaded.linearBaseline().orElseThrow();
                assertEquals(0, b.info().get("steps"));
                Surrogate.Prediction after = b.predict(reader.inputs(6), 300);
                for (int seg = 0; seg < TinyData.S; seg++) {
                    assertArrayEquals(before.voltagesMv()[seg], after.voltagesMv()[seg]);
                }
                assertArrayEquals(before.spikeProbability(), after.spikeProbability());
                assertArrayEquals(s.predict(reader.inputs(6), 300).somaMv(), loaded.predict(reader.inputs(6), 300)
                        .somaMv(), "the surrogate itself is unchanged");
            }

            // saved again without a baseline (as before baselines were kept): the old files go, and it still loads
            Surrogate.of(net, TinyData.HYPER, reader.segmentTable(), data.stats(), Map.of(), m).save(dir);
            assertFalse(Files.exists(dir.resolve(LinearBaseline.PARAMS)));
            assertFalse(Files.exists(dir.resolve(LinearBaseline.JSON)));
            try (Surrogate loaded = Surrogate.load(dir)) {
                assertTrue(loaded.linearBaseline().isEmpty());
            }
        }
    }

    @Test
    void loadRejectsMissingOrUnknownFormats() throws Exception {
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> Surrogate.load(tmp));
        assertTrue(e.getMessage().contains("no surrogate.json"), e.getMessage());
        Files.writeString(tmp.resolve("surrogate.json"), "{\"format\":\"neurosurrogate.surrogate\",\"format_version\":99}");
        e = assertThrows(NeuroSurrogateException.class, () -> Surrogate.load(tmp));
        assertTrue(e.getMessage().contains("version 99") && e.getMessage().contains("newer"), e.getMessage());
        Files.writeString(tmp.resolve("surrogate.json"), "{\"format\":\"neurosurrogate.surrogate\",\"format_version\":1}");
        e = assertThrows(NeuroSurrogateException.class, () -> Surrogate.load(tmp));
        assertTrue(e.getMessage().contains("normalisation"), e.getMessage());
    }

    @Test
    void spikeTimesAreTheMaximaOfRunsAboveThreshold() {
        float[] p = {0.1f, 0.6f, 0.9f, 0.7f, 0.2f, 0.51f, 0.4f};
        assertArrayEquals(new double[] {2, 5}, Surrogate.spikeTimes(p, 0.5));
    }
}
