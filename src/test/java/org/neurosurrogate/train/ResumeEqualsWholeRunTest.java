package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.data.generate.StreamSchedule;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.SurrogateNet;

/**
 * A run cut into pieces by its budget makes the same updates as one uninterrupted run: parameters, Adam's moments,
 * the sampler, the learning-rate schedule and (live) the stream's simulations all continue where they stopped.
 */
class ResumeEqualsWholeRunTest {
    @TempDir
    Path tmp;

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @Test
    void twoHalvesOfADatasetRunEqualTheWholeRun() throws Exception {
        Hyper noDropout = Hyper.builder().optChannels(4, 3).optKernel(3).optDilations(1, 2).optTowerUnits(4)
                .optDropout(0f).build();
        TrainConfig cfg = TinyData.config(Arch.MH).optHyper(noDropout).optMaxSteps(12).optEvalEvery(4)
                .optCheckpointEvery(5).build();
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            SurrogateNet probe = SurrogateNet.create(Arch.MH, TinyData.net(Arch.MH).layout(), 8, noDropout);
            TrainingData data = TinyData.data(reader, cfg, probe.receptiveField());
            List<float[]> whole = run(cfg, noDropout, data, tmp.resolve("whole"), RunBudget.NONE);
            Path halves = tmp.resolve("halves");
            List<float[]> first = run(cfg, noDropout, data, halves, new RunBudget(Long.MAX_VALUE, 7));
            assertEquals(7, Checkpoints.checkpointStep(halves.resolve("ckpt")), "paused after 7 steps");
            assertTrue(!equal(whole, first), "half a run is not the whole run");
            List<float[]> second = run(cfg, noDropout, data, halves, RunBudget.NONE);
            assertTrue(equal(whole, second), "7 + 5 steps give the parameters of 12");
        }
    }

    @Test
    void aLiveRunInPiecesEqualsTheWholeRunEvenWithDropout() throws Exception {
        TrainConfig cfg = TinyData.config(Arch.MMOE).optMaxSteps(11).optEvalEvery(4).optCheckpointEvery(100).build();
        StreamSchedule schedule = new StreamSchedule(2, 1, 3, 5);
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            TrainingData fixed = TinyData.data(reader, cfg, TinyData.net(Arch.MMOE).receptiveField());
            TrainingData.StepSource stream = (step, deadline) -> new Members(reader, schedule.members(step));
            TrainingData live = new TrainingData(stream.at(0, 0), schedule.members(0), fixed.stats(),
                    fixed.validation(), stream, schedule.stepsPerSimulation());
            List<float[]> whole = runMmoe(cfg, live, tmp.resolve("whole"), RunBudget.NONE);
            Path pieces = tmp.resolve("pieces");
            runMmoe(cfg, live, pieces, new RunBudget(Long.MAX_VALUE, 4)); // inside the second set of simulations
            runMmoe(cfg, live, pieces, new RunBudget(Long.MAX_VALUE, 2)); // ends where the third set starts
            List<float[]> last = runMmoe(cfg, live, pieces, RunBudget.NONE);
            assertTrue(equal(whole, last), "4 + 2 + 5 live steps give the parameters of 11");
        }
    }

    @Test
    void aPausedRunLeavesOneCompleteCheckpoint() throws Exception {
        TrainConfig cfg = TinyData.config(Arch.MH).optMaxSteps(10).optCheckpointEvery(3).build();
        try (DatasetReader reader = TinyData.write(tmp.resolve("data"))) {
            TrainingData data = TinyData.data(reader, cfg, TinyData.net(Arch.MH).receptiveField());
            run(cfg, TinyData.HYPER, data, tmp.resolve("p"), new RunBudget(Long.MAX_VALUE, 5));
            try (var files = Files.list(tmp.resolve("p/ckpt"))) {
                List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("latest"))
                        .sorted().toList();
                assertEquals(List.of("latest-5.adam", "latest-5.params", "latest.json"), names);
            }
        }
    }

    private List<float[]> run(TrainConfig cfg, Hyper hyper, TrainingData data, Path dir, RunBudget budget)
            throws Exception {
        SurrogateNet net = SurrogateNet.create(Arch.MH, TinyData.net(Arch.MH).layout(), 8, hyper);
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateTrainer.fit(net, net.receptiveField(), 8, net.layout(), cfg, data, dir.resolve("ckpt"), QUIET, m,
                    null, budget);
            return SurrogateTrainer.parameterValues(net);
        }
    }

    private List<float[]> runMmoe(TrainConfig cfg, TrainingData data, Path dir, RunBudget budget) throws Exception {
        SurrogateNet net = TinyData.net(Arch.MMOE);
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateTrainer.FitResult r = SurrogateTrainer.fit(net, net.receptiveField(), 8, net.layout(), cfg, data,
                    dir.resolve("ckpt"), QUIET, m, null, budget);
            assertEquals(budget.steps() != Integer.MAX_VALUE, r.paused());
            // The "latest" parameters, not the best: the pieces must continue the same trajectory.
            Checkpoints.loadParams(net, m, Checkpoints.paramsFile(dir.resolve("ckpt"),
                    Checkpoints.readState(dir.resolve("ckpt"), Checkpoints.LATEST), Checkpoints.LATEST));
            return SurrogateTrainer.parameterValues(net);
        }
    }

    private static boolean equal(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The given simulations of a dataset: what a live step draws from. */
    private record Members(DatasetReader reader, int[] sims) implements WindowSource {
        @Override
        public int[] simulations() {
            return sims.clone();
        }

        @Override
        public boolean contains(int simulation) {
            return Arrays.stream(sims).anyMatch(s -> s == simulation);
        }

        @Override
        public int durationMs() {
            return reader.durationMs();
        }

        @Override
        public int segments() {
            return reader.segments();
        }

        @Override
        public double[] spikeTimesMs(int simulation) {
            return reader.spikeTimesMs(simulation);
        }

        @Override
        public Window readWindow(int simulation, int startMs, int lengthMs) {
            return reader.readWindow(simulation, startMs, lengthMs);
        }
    }
}
