package org.neurosurrogate.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.RunLock;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.data.generate.DatasetGenerator;
import org.neurosurrogate.data.generate.LiveSource;
import org.neurosurrogate.data.generate.StreamSchedule;
import org.neurosurrogate.eval.SpikeCalibration;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.LinearBaseline;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * One training run from its data to a saved surrogate ({@code neurosurrogate train}): the data source (a dataset
 * folder or live simulations), the linear baseline (trained, cached per dataset, or taken from another surrogate),
 * the surrogate trained starting from it, both scored beside the per-segment mean on the same fixed validation
 * windows, the spike read-out calibrated on the validation simulations, and the surrogate saved with its baseline.
 * Checkpoints live in {@code OUT/checkpoints} (and {@code OUT/checkpoints-linear}): the same run again resumes.
 */
public final class TrainingRun {
    /** The linear baseline's run: trained with {@code cfg}, or taken from the surrogate folder {@code reuseFrom}. */
    public record Baseline(TrainConfig cfg, Path reuseFrom) {
    }

    /**
     * What every run needs: the settings, the baseline, the surrogate folder, and the command line that made it
     * (saved in surrogate.json as "command", so a surrogate says how it was made).
     */
    public record Request(TrainConfig cfg, Baseline baseline, Path outDir, String invocation, RunBudget budget) {
        /** A run without a budget: it goes on to {@code --steps} (or early stopping). */
        public Request(TrainConfig cfg, Baseline baseline, Path outDir, String invocation) {
            this(cfg, baseline, outDir, invocation, RunBudget.NONE);
        }
    }

    /**
     * A live run's simulations: the cell, its workers, the stream's schedule (the newest {@code buffer}, a
     * reservoir of older ones, a new simulation every {@code stepsPerSim} steps) and the held-out sets made first.
     */
    public record Live(ModelSpec spec, InputProtocol protocol, int workers, int buffer, int reservoir,
                       int stepsPerSim, int validationSims, int testSims, int durationMs, Path prefixData,
                       int lookahead) {
        public Live {
            if (workers < 1 || validationSims < 1 || testSims < 0 || lookahead < 0) {
                throw new NeuroSurrogateException("--workers and --validation-sims must be >= 1, --test-sims and "
                        + "--lookahead >= 0");
            }
        }
    }

    /** Held-out folders of a live run, beside the surrogate: never in the stream, each with its own seed. */
    public static final String VALIDATION_DATA = "validation-data";
    public static final String TEST_DATA = "test-data";

    private TrainingRun() {
    }

    /** Trains on a dataset folder: its training split (the first {@code trainSims}, or all when null). */
    public static void onDataset(Request req, Path data, Integer trainSims, PrintStream out)
            throws IOException, InterruptedException {
        withLock(req, () -> {
            DatasetManifest manifest = DatasetManifest.read(data);
            try (DatasetReader reader = DatasetReader.openFolder(data, out::println)) {
                int[] train = firstOf(trainSims, present(reader, manifest.split == null ? null
                        : manifest.split.train(), "train"));
                int[] validation = present(reader, manifest.split == null ? null : manifest.split.validation(),
                        "validation");
                out.printf("dataset %s: %d training and %d validation simulations of %d ms, %d segments%n", data,
                        train.length, validation.length, reader.durationMs(), reader.segments());
                TrainConfig cfg = req.cfg();
                NormalisationStats stats = NormalisationStats.compute(reader, train, cfg.burnInMs(), cfg.somaClipMv());
                train(req, reader, train, validation, reader, stats, null, reader.segmentTable(),
                        FileTrees.sha256(DatasetManifest.path(data)), manifest.modelHash, data.toString(), data, out);
            }
        });
    }

    /**
     * Trains on simulations made while it trains, as a deterministic stream ({@link StreamSchedule}): held-out sets
     * first (their own seeds, never in the stream; made again from their seeds when missing), then each step's
     * windows from the simulations the schedule gives it. The same command again continues where a run stopped
     * (killed, or its {@link RunBudget} spent): stream position, parameters, optimizer and sampler from the
     * checkpoint. Each run is listed in surrogate.json ("runs").
     */
    public static void live(Request req, Live live, PythonEnvironment env, PrintStream out)
            throws IOException, InterruptedException {
        withLock(req, () -> {
            long t0 = System.nanoTime();
            TrainConfig cfg = req.cfg();
            InputProtocol protocol = live.protocol();
            Path valDir = req.outDir().resolve(VALIDATION_DATA);
            long valSeed = cfg.seed() + 1_000_000_007L;
            heldOut(env, live, protocol, live.validationSims(), valSeed, valDir, out);
            if (live.testSims() > 0) {
                heldOut(env, live, protocol, live.testSims(), valSeed + 1, req.outDir().resolve(TEST_DATA), out);
            }
            StreamSchedule schedule = new StreamSchedule(live.buffer(), live.reservoir(), live.stepsPerSim(),
                    cfg.seed());
            Path checkpoints = req.outDir().resolve("checkpoints");
            LiveRuns runs = LiveRuns.open(checkpoints, schedule, live);
            int firstStep = Checkpoints.checkpointStep(checkpoints);
            try (DatasetReader valReader = DatasetReader.openFolder(valDir, out::println);
                 LiveSource source = LiveSource.start(env, new LiveSource.Settings(live.spec(), protocol,
                         live.durationMs(), cfg.seed(), live.workers(), schedule, req.outDir().resolve("live-spool"),
                         live.prefixData(), live.lookahead()), firstStep, out)) {
                out.printf("live stream from step %d: %s; waiting for its %d simulations%n", firstStep,
                        schedule.describe(), schedule.members(firstStep).length);
                WindowSource first = source.forStep(firstStep, req.budget().deadlineNanos());
                if (first == null) {
                    out.printf("the --hours budget ran out before the first simulations were made; run the same "
                            + "command to continue%n");
                    return;
                }
                NormalisationStats stats = runs.stats(() -> NormalisationStats.compute(first, first.simulations(),
                        cfg.burnInMs(), cfg.somaClipMv()));
                TrainingData.StepSource steps = source::forStep;
                train(req, first, first.simulations(), valReader.simulations(), valReader, stats,
                        new LiveData(steps, schedule.stepsPerSimulation(),
                                fit -> runs.record(fit, source.simulated(), (System.nanoTime() - t0) / 1e9)),
                        valReader.segmentTable(), FileTrees.sha256(DatasetManifest.path(valDir)),
                        DatasetManifest.read(valDir).modelHash, "live:" + live.spec().name(), null, out);
            }
        });
    }

    /** A live run's data as {@link #train} needs it: each step's source, and the run's entry for surrogate.json. */
    private record LiveData(TrainingData.StepSource steps, int refreshEvery,
                            Function<SurrogateTrainer.FitResult, List<Map<String, Object>>> record) {
    }

    /** Generates (or completes, from its seed) a held-out set of a live run. */
    private static void heldOut(PythonEnvironment env, Live live, InputProtocol protocol, int n, long seed, Path dir,
            PrintStream out) throws IOException, InterruptedException {
        out.printf("held-out simulations: %d in %s (seed %d)%n", n, dir, seed);
        DatasetGenerator.Outcome o = new DatasetGenerator(env, out).generate(new DatasetGenerator.Request(
                live.spec(), protocol, n, live.durationMs(), 1, seed, live.workers(), null), dir);
        if (!o.failedShards().isEmpty()) {
            throw new NeuroSurrogateException("held-out simulations failed (see " + dir.resolve("logs") + ")");
        }
    }

    private interface Body {
        void run() throws IOException, InterruptedException;
    }

    /** Runs {@code body} holding the surrogate folder's lock: two runs never train into one folder. */
    private static void withLock(Request req, Body body) throws IOException, InterruptedException {
        SurrogateTrainer.applyThreads(req.cfg().threads()); // before the engine starts
        Files.createDirectories(req.outDir());
        try (RunLock lock = RunLock.acquire(req.outDir().resolve(".lock"), req.outDir()
                + " (a surrogate being trained)", "--out")) {
            AtomicFile.removeTemporariesBelow(req.outDir()); // a killed run's half-written checkpoint or spool shard
            body.run();
        }
    }

    /** The first {@code n} training simulations (all when n is null). */
    private static int[] firstOf(Integer n, int[] train) {
        if (n == null) {
            return train;
        }
        if (n < 1 || n > train.length) {
            throw new NeuroSurrogateException("--train-sims " + n + ": must be in 1.." + train.length
                    + " (the dataset's training simulations)");
        }
        return Arrays.copyOf(train, n.intValue());
    }

    private static int[] present(DatasetReader reader, List<Integer> split, String name) {
        if (split == null) {
            throw new NeuroSurrogateException("the dataset's manifest has no " + name + " split");
        }
        int[] sims = split.stream().mapToInt(Integer::intValue).filter(reader::contains).toArray();
        if (sims.length == 0) {
            throw new NeuroSurrogateException("no readable " + name + " simulation in the dataset (generate at least"
                    + " 3 simulations so that a validation split exists)");
        }
        return sims;
    }

    /**
     * Trains (or takes) the linear baseline, then the surrogate starting from it, scores both and the mean,
     * saves the surrogate with the baseline.
     */
    private static void train(Request req, WindowSource source, int[] train, int[] validationSims,
            DatasetReader validationSource, NormalisationStats stats, LiveData live, SegmentTable table,
            String manifestHash, String modelHash, String dataName, Path baselineCache, PrintStream out)
            throws IOException {
        TrainConfig cfg = req.cfg();
        Baseline baseline = req.baseline();
        Path outDir = req.outDir();
        TaskLayout layout = new TaskLayout(table.size());
        int channels = table.inputChannels();
        SurrogateNet net = SurrogateNet.create(cfg.arch(), layout, channels, cfg.hyper());
        int r = net.receptiveField();
        SurrogateTrainer.checkMemory(cfg, channels, layout.tasks(), r); // before anything slow
        if (outDir.resolve(Surrogate.JSON).toFile().isFile()) {
            try (Surrogate previous = Surrogate.load(outDir)) {
                previous.checkCompatible(table);
            }
        }
        List<Window> validation = SurrogateTrainer.validationWindows(validationSource, validationSims, r, cfg);
        TrainingData data = live == null ? TrainingData.of(source, train, stats, validation)
                : new TrainingData(source, train, stats, validation, live.steps(), live.refreshEvery());
        // A live run's baseline learns from the first step's simulations only: a linear filter needs few, and
        // the stream's steps belong to the surrogate.
        TrainingData baselineData = live == null ? data : TrainingData.of(source, train, stats, validation);
        Device device = SurrogateTrainer.device(cfg.device());
        Surrogate donor = null; // holds a reused baseline's parameters until the surrogate is saved
        try (NDManager owner = NDManager.newBaseManager(device)) {
            // The linear baseline first: the surrogate's linear skip path starts from it.
            SurrogateLoss loss = new SurrogateLoss(layout, cfg.spikeLossWeight(), cfg.spikePosWeight());
            double spikeRate = Baselines.spikeRate(source, train, cfg.burnInMs());
            UnaryOperator<NDArray> mean = Baselines.mean(layout, spikeRate, r);
            Metrics meanMetrics = SurrogateTrainer.evaluate(mean, validation, stats, r, loss, cfg.batch(), owner);
            Map<String, Object> linearInfo;
            LinearCausalFilter linear;
            Path cache = baselineCache == null ? null : BaselineCache.folder(baselineCache, manifestHash, stats, r,
                    channels, layout.tasks(), baseline.cfg());
            LinearBaseline cached = baseline.reuseFrom() == null ? cachedBaseline(cache, table, stats, owner, out) : null;
            if (cached != null) {
                out.printf("taking the linear baseline cached in %s (trained by an earlier run on this dataset with "
                        + "the same baseline settings)%n", cache);
                linear = cached.filter();
                linearInfo = new LinkedHashMap<>(cached.info());
                linearInfo.put("reused_from", cache.toString());
            } else if (baseline.reuseFrom() == null) {
                TrainConfig linearCfg = baseline.cfg();
                out.printf(Locale.ROOT, "training the linear causal filter baseline with the same loop (%d steps,"
                        + " peak lr %g), starting from the per-segment mean%n", linearCfg.maxSteps(), linearCfg.lr());
                linear = Baselines.linearFilter(channels, layout, r, spikeRate);
                SurrogateTrainer.FitResult linearFit = SurrogateTrainer.fit(linear, r, channels, layout, linearCfg,
                        baselineData, outDir.resolve("checkpoints-linear"), out, owner);
                linearInfo = new LinkedHashMap<>();
                linearInfo.put("start", "per-segment mean (zero readout weights, readout bias = mean rows)");
                linearInfo.put("steps", linearFit.steps());
                linearInfo.put("best_step", linearFit.bestStep());
                linearInfo.put("stopped_early", linearFit.stoppedEarly());
                linearInfo.put("peak_lr", linearCfg.lr());
                linearInfo.put("seed", linearCfg.seed());
                linearInfo.put("training_spike_rate_per_ms", spikeRate);
                if (cache != null && BaselineCache.writable(baselineCache)) {
                    LinearBaseline.saveAlone(cache, linear, table, stats, linearInfo, owner);
                    out.printf("linear baseline kept in %s for the next run on this dataset%n", cache);
                }
            } else {
                donor = reusedBaseline(baseline.reuseFrom(), manifestHash, stats, r);
                LinearBaseline reused = donor.linearBaseline().orElseThrow();
                out.printf("taking the linear baseline trained in %s (same data and normalisation)%n",
                        baseline.reuseFrom());
                linear = reused.filter();
                linearInfo = new LinkedHashMap<>(reused.info());
                linearInfo.put("reused_from", baseline.reuseFrom().toString());
            }
            Metrics linearMetrics = SurrogateTrainer.evaluate(SurrogateTrainer.inference(linear, owner), validation,
                    stats, r, loss, cfg.batch(), owner);
            boolean skip = cfg.hyper().linearSkip();
            if (skip) {
                net.freezeSkip(); // the skip path stays the trained filter; the towers learn its residual
            }
            out.printf("training %s (receptive field %d ms) on %s, batch %d × %d ms, %d steps%s%n", cfg.arch(), r,
                    device, cfg.batch(), cfg.windowMs(), cfg.maxSteps(), startNote(cfg.hyper()));
            SurrogateTrainer.FitResult fit = SurrogateTrainer.fit(net, r, channels, layout, cfg, data,
                    outDir.resolve("checkpoints"), out, owner, skip ? b -> ((SurrogateNet) b).startFrom(linear) : null,
                    req.budget());
            if (fit.paused()) {
                out.printf("paused at step %d of %d (budget of this run spent; checkpoint saved): run the same command"
                        + " to continue%n", fit.steps(), cfg.maxSteps());
            }
            Metrics model = SurrogateTrainer.evaluate(SurrogateTrainer.inference(net, owner), validation, stats, r,
                    loss, cfg.batch(), owner);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("validation", model.toMap());
            metrics.put("baseline_mean", meanMetrics.toMap());
            metrics.put("baseline_linear_filter", linearMetrics.toMap());
            metrics.put("steps", fit.steps());
            metrics.put("best_step", fit.bestStep());
            metrics.put("stopped_early", fit.stoppedEarly());
            metrics.put("paused", fit.paused());
            metrics.put("validation_windows", validation.size());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("training_data", dataName);
            info.put("command", req.invocation());
            info.put("training_manifest_sha256", manifestHash);
            if (modelHash != null) {
                info.put("model_hash", modelHash); // the cell model's fingerprint: hybrid networks check it
            }
            info.put("window_ms", cfg.windowMs());
            info.put("seed", cfg.seed());
            info.put("metrics", metrics);
            if (live != null) {
                info.put("runs", live.record().apply(fit));
            }
            Map<String, Object> linearScores = new LinkedHashMap<>();
            linearScores.put("validation", linearMetrics.toMap());
            linearScores.put("baseline_mean", meanMetrics.toMap());
            linearScores.put("validation_windows", validation.size());
            linearInfo.put("metrics", linearScores);
            Surrogate saved = Surrogate.of(net, cfg.hyper(), table, stats, info, owner)
                    .withLinearBaseline(linear, linearInfo);
            calibrateSpikes(saved, validationSource, validationSims, cfg.burnInMs(), out);
            saved.save(outDir);
            out.printf("saved %s%n", outDir);
            out.printf(Locale.ROOT, "validation loss: %s %.4f, per-segment mean %.4f, linear filter %.4f%n",
                    cfg.arch().name().toLowerCase(Locale.ROOT), model.total(), meanMetrics.total(),
                    linearMetrics.total());
        } finally {
            if (donor != null) {
                donor.close();
            }
        }
    }

    /**
     * Chooses the spike threshold and refractory merge of the surrogate and of its linear baseline on the whole
     * validation simulations (their first {@code burnInMs} unscored), and sets them on both.
     */
    public static void calibrateSpikes(Surrogate s, DatasetReader validation, int[] sims, int burnInMs,
                                       PrintStream out) {
        List<float[]> p = new ArrayList<>();
        List<float[]> q = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        for (int sim : sims) {
            SpikeTrains in = validation.inputs(sim);
            p.add(s.predict(in, validation.durationMs()).spikeProbability());
            s.linearBaseline().ifPresent(b -> q.add(b.predict(in, validation.durationMs()).spikeProbability()));
            truth.add(validation.spikeTimesMs(sim));
        }
        SpikeCalibration c = SpikeCalibration.choose(p, truth, burnInMs);
        s.setSpikeReadout(c.threshold(), c.refractoryMs(), c.toMap("validation"));
        out.printf(Locale.ROOT, "spike read-out chosen on %d validation simulations (%d spikes): threshold %.2f, "
                + "refractory merge %.0f ms: precision %.3f, recall %.3f at ±%.0f ms%n", sims.length, c.trueSpikes(),
                c.threshold(), c.refractoryMs(), c.precision(), c.recall(), SpikeCalibration.TOLERANCE_MS);
        if (!q.isEmpty()) {
            SpikeCalibration b = SpikeCalibration.choose(q, truth, burnInMs);
            s.linearBaseline().get().setSpikeReadout(b.threshold(), b.refractoryMs(), b.toMap("validation"));
        }
    }

    /** How the network starts, for the "training ..." line. */
    private static String startNote(Hyper hyper) {
        String local = hyper.localInput() ? ", with the per-segment local input path (starting at zero)" : "";
        if (!hyper.linearSkip()) {
            return local;
        }
        return switch (hyper.skipTasks()) {
            case ALL -> ", starting from the linear filter (its skip path, kept fixed)";
            case SPIKE -> ", the spike logit starting from the linear filter (its skip path, kept fixed), the voltages"
                    + " from a random start";
        } + local;
    }

    /** The cached baseline in {@code cache}, or null (none there, or damaged: then it is removed and retrained). */
    private static LinearBaseline cachedBaseline(Path cache, SegmentTable table, NormalisationStats stats,
            NDManager owner, PrintStream out) throws IOException {
        if (cache == null) {
            return null;
        }
        try {
            return LinearBaseline.load(cache, table, stats, owner); // null where none is cached
        } catch (NeuroSurrogateException e) {
            out.println("warning: " + e.getMessage() + "; training the baseline again");
            BaselineCache.discard(cache);
            return null;
        }
    }

    /**
     * The surrogate folder {@code dir} whose linear baseline {@code --baseline-from} takes, checked to have been
     * trained on the same data ({@code manifestHash}), with the same normalisation and receptive field.
     */
    static Surrogate reusedBaseline(Path dir, String manifestHash, NormalisationStats stats, int receptiveField)
            throws IOException {
        if (!Files.isRegularFile(dir.resolve(Surrogate.JSON))) {
            throw new NeuroSurrogateException("--baseline-from " + dir + ": no " + Surrogate.JSON
                    + " there; give a folder written by train");
        }
        Surrogate s = Surrogate.load(dir);
        String why = null;
        if (s.linearBaseline().isEmpty()) {
            why = "it holds no linear baseline";
        } else if (!manifestHash.equals(s.info().get("training_manifest_sha256"))) {
            why = "its baseline was trained on other data (another manifest)";
        } else if (!stats.equals(s.stats())) {
            why = "its normalisation differs (another --burn-in or --soma-clip)";
        } else if (s.linearBaseline().get().receptiveField() != receptiveField) {
            why = "its receptive field is " + s.linearBaseline().get().receptiveField() + " ms, this network's "
                    + receptiveField + " (other --kernel or --dilations)";
        }
        if (why != null) {
            s.close();
            throw new NeuroSurrogateException("--baseline-from " + dir + ": " + why
                    + "; drop the flag to train the baseline here");
        }
        return s;
    }
}
