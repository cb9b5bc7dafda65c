package org.neurosurrogate.cli;

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
import java.util.function.UnaryOperator;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.RunLock;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.data.generate.DatasetGenerator;
import org.neurosurrogate.data.generate.LiveSource;
import org.neurosurrogate.eval.SpikeCalibration;
import org.neurosurrogate.model.Arch;
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
import org.neurosurrogate.train.BaselineCache;
import org.neurosurrogate.train.Baselines;
import org.neurosurrogate.train.Metrics;
import org.neurosurrogate.train.SurrogateLoss;
import org.neurosurrogate.train.SurrogateTrainer;
import org.neurosurrogate.train.TrainConfig;
import org.neurosurrogate.train.TrainingData;

/**
 * {@code neurosurrogate train}: on a dataset ({@code --data}) or on live simulations ({@code --live}), trains the
 * linear baseline, then the surrogate with the same loop (its linear skip path, unless {@code --no-linear-skip},
 * starts as the trained baseline, for every task or with {@code --skip-tasks spike} for the spike logit alone),
 * scores both and the per-segment mean on the same fixed validation windows,
 * and saves the surrogate into {@code --out}. Checkpoints live in {@code OUT/checkpoints} (and {@code
 * OUT/checkpoints-linear}); running the same command again resumes.
 */
final class TrainCommand implements Command {
    static final String USAGE = "train (--data DIR | --live [--model M]) --arch mh|mmoe|mmoeex --out MODEL_DIR "
            + "[--steps N --batch B --window MS --lr LR --seed S --threads T --device cpu|gpu|auto --eval-every N "
            + "--patience N --baseline-steps N --baseline-lr LR --baseline-from MODEL_DIR "
            + "--no-linear-skip | --skip-tasks all|spike --local-input]";

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a surrogate (mh, mmoe, mmoeex) on a dataset or live simulations; compare with baselines";
    }

    /** This run's command line, saved in surrogate.json ("command") so a surrogate says how it was made. */
    private String invocation = "";

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        invocation = "neurosurrogate train " + String.join(" ", args);
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder().longOpt("data").hasArg().argName("DIR").desc("dataset folder").build())
                .addOption(Option.builder().longOpt("live").desc("train on simulations made while training").build())
                .addOption(Options.model())
                .addOption(Option.builder("a").longOpt("arch").hasArg().argName("A").desc("mh, mmoe or mmoeex")
                        .build())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("MODEL_DIR")
                        .desc("surrogate folder; holds checkpoints while training (resumed when present)").build())
                .addOption(opt("steps", "N", "optimizer steps (default 2000)"))
                .addOption(opt("batch", "B", "windows per step (default 32)"))
                .addOption(opt("window", "MS", "window length, ms (default 300)"))
                .addOption(opt("lr", "LR", "peak learning rate (default 1e-3)"))
                .addOption(opt("weight-decay", "WD", "Adam L2 weight decay (default 1e-4)"))
                .addOption(opt("spike-weight", "W", "weight of the spike BCE in the loss; voltage MSE has 1 (default 1)"))
                .addOption(opt("spike-pos-weight", "P", "BCE weight of the bins holding a somatic spike (default 10)"))
                .addOption(opt("seed", "S", "training seed (default 1)"))
                .addOption(opt("threads", "T", "libtorch threads (default: all cores)"))
                .addOption(opt("device", "D", "cpu (default), gpu or auto"))
                .addOption(opt("eval-every", "N", "steps between validation evaluations (default 100)"))
                .addOption(opt("patience", "N", "evaluations without improvement before stopping (default 10, 0 = off)"))
                .addOption(opt("checkpoint-every", "N", "steps between checkpoints (default 100)"))
                .addOption(opt("validation-windows", "N", "size of the fixed validation set (default 64)"))
                .addOption(opt("baseline-steps", "N", "steps for the linear baseline (default: --steps)"))
                .addOption(opt("baseline-lr", "LR", "peak learning rate of the linear baseline (default: --lr)"))
                .addOption(opt("baseline-from", "MODEL_DIR", "take the linear baseline saved in MODEL_DIR (trained on"
                        + " the same data) instead of training one"))
                .addOption(opt("burn-in", "MS", "no scored step before this time (default 500)"))
                .addOption(opt("trunk", "T", "tcn (default, the seed's) or lstm (one LSTM layer after a linear input"
                        + " projection)"))
                .addOption(opt("lstm-units", "H", "lstm: hidden units of each LSTM (default 128)"))
                .addOption(opt("lstm-features", "F", "lstm: features each LSTM hands to the gates and towers through a"
                        + " linear readout (default: its units, no readout)"))
                .addOption(opt("warm-up", "MS", "lstm: input frames that warm the state before a window's first"
                        + " scored frame (default 126)"))
                .addOption(opt("soma-weight", "W", "weight of the soma's row in the voltage MSE; each segment has 1"
                        + " (default 1)"))
                .addOption(opt("channels", "C,..", "TCN channels per block (default 32,16,8)"))
                .addOption(opt("kernel", "K", "TCN kernel (default 10)"))
                .addOption(opt("dilations", "D,..", "TCN dilations per block (default 1,2,4)"))
                .addOption(opt("dropout", "P", "TCN dropout (default 0.2)"))
                .addOption(Option.builder().longOpt("no-linear-skip").desc("no linear skip path: the towers alone make"
                        + " the outputs, from a random start (the seed's networks)").build())
                .addOption(opt("skip-tasks", "T", "outputs the linear skip path feeds: all (default), or spike (the"
                        + " spike logit; the voltages come from the towers alone, from a random start)"))
                .addOption(Option.builder().longOpt("local-input").desc("add a per-segment local input path: each"
                        + " segment's own two synapses through a causal filter, added to its voltage").build())
                .addOption(opt("soma-clip", "MV", "ceiling of the soma's voltage target, mV, or none (default -55:"
                        + " the spike head carries the spikes)"))
                .addOption(opt("train-sims", "N", "train on the first N simulations of the training split only (a"
                        + " learning curve's points; default all)"))
                .addOption(opt("workers", "W", "live: simulation workers (default 2)"))
                .addOption(opt("buffer", "N", "live: simulations kept in memory (default 16)"))
                .addOption(opt("validation-sims", "K", "live: held-out simulations generated first (default 4)"))
                .addOption(opt("duration", "MS", "live: duration of each simulation (default 6000)"));
        CommandLine cl = Options.parse(options, args, USAGE, out);
        if (cl == null) {
            return 0;
        }
        if (cl.hasOption("data") == cl.hasOption("live")) {
            throw new NeuroSurrogateException("give either --data DIR or --live");
        }
        if (!cl.hasOption("out")) {
            throw new NeuroSurrogateException("--out MODEL_DIR is required");
        }
        TrainConfig cfg = config(cl);
        BaselineRun baseline = new BaselineRun(baselineConfig(cl, cfg),
                cl.hasOption("baseline-from") ? Path.of(cl.getOptionValue("baseline-from")).toAbsolutePath() : null);
        SurrogateTrainer.applyThreads(cfg.threads()); // before the engine starts
        Path outDir = Path.of(cl.getOptionValue("out")).toAbsolutePath();
        Files.createDirectories(outDir);
        try (RunLock lock = RunLock.acquire(outDir.resolve(".lock"), outDir + " (a surrogate being trained)", "--out")) {
            return trainInto(cl, cfg, baseline, outDir, out);
        }
    }

    private int trainInto(CommandLine cl, TrainConfig cfg, BaselineRun baseline, Path outDir, PrintStream out)
            throws Exception {
        if (cl.hasOption("data")) {
            Path data = Path.of(cl.getOptionValue("data")).toAbsolutePath();
            DatasetManifest manifest = DatasetManifest.read(data);
            try (DatasetReader reader = DatasetReader.openFolder(data, out::println)) {
                int[] train = firstOf(cl, present(reader, manifest.split == null ? null : manifest.split.train(),
                        "train"));
                int[] validation = present(reader, manifest.split == null ? null : manifest.split.validation(),
                        "validation");
                out.printf("dataset %s: %d training and %d validation simulations of %d ms, %d segments%n", data,
                        train.length, validation.length, reader.durationMs(), reader.segments());
                NormalisationStats stats = NormalisationStats.compute(reader, train, cfg.burnInMs(), cfg.somaClipMv());
                return train(cfg, baseline, reader, train, validation, reader, stats, null, reader.segmentTable(),
                        sha256(DatasetManifest.path(data)), manifest.modelHash, data.toString(), outDir, invocation,
                        data, out);
            }
        }
        if (cl.hasOption("train-sims")) {
            throw new NeuroSurrogateException("--train-sims applies to --data only: a live run's simulations are made"
                    + " as it trains");
        }
        return live(cl, cfg, baseline, outDir, out);
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }

    static TrainConfig config(CommandLine cl) {
        String a = cl.getOptionValue("arch");
        if (a == null) {
            throw new NeuroSurrogateException("--arch is required: mh, mmoe or mmoeex");
        }
        Arch arch;
        try {
            arch = Arch.valueOf(a.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NeuroSurrogateException("--arch " + a + ": must be mh, mmoe or mmoeex");
        }
        Hyper.Builder h = Hyper.builder();
        if (cl.hasOption("channels")) {
            h.optChannels(intList(cl, "channels"));
        }
        if (cl.hasOption("dilations")) {
            h.optDilations(intList(cl, "dilations"));
        }
        if (cl.hasOption("kernel")) {
            h.optKernel((int) Options.longValue(cl, "kernel", 10));
        }
        if (cl.hasOption("dropout")) {
            h.optDropout((float) Options.doubleValue(cl, "dropout", 0.2));
        }
        h.optLinearSkip(!cl.hasOption("no-linear-skip"));
        if (cl.hasOption("skip-tasks")) {
            if (cl.hasOption("no-linear-skip")) {
                throw new NeuroSurrogateException("--skip-tasks needs the linear skip path: drop --no-linear-skip");
            }
            h.optSkipTasks(Options.choice(cl, "skip-tasks", Hyper.SkipTasks.class));
        }
        h.optLocalInput(cl.hasOption("local-input"));
        Hyper.Trunk trunk = Options.choice(cl, "trunk", Hyper.Trunk.class); // null without the flag
        if (trunk != null) {
            h.optTrunk(trunk);
        }
        boolean lstm = trunk == Hyper.Trunk.LSTM;
        for (String flag : new String[] {"lstm-units", "lstm-features", "warm-up"}) {
            if (cl.hasOption(flag) && !lstm) {
                throw new NeuroSurrogateException("--" + flag + " applies to --trunk lstm only");
            }
        }
        if (cl.hasOption("lstm-units")) {
            h.optLstmUnits((int) Options.longValue(cl, "lstm-units", Hyper.LSTM_UNITS));
        }
        if (cl.hasOption("lstm-features")) {
            h.optLstmFeatures((int) Options.longValue(cl, "lstm-features", Hyper.LSTM_UNITS));
        }
        if (cl.hasOption("warm-up")) {
            h.optWarmUp((int) Options.longValue(cl, "warm-up", Hyper.LSTM_WARM_UP));
        }
        Hyper hyper;
        try {
            hyper = h.build();
        } catch (IllegalArgumentException e) {
            throw new NeuroSurrogateException("--" + e.getMessage());
        }
        return TrainConfig.builder(arch).optHyper(hyper)
                .optMaxSteps((int) Options.longValue(cl, "steps", 2000))
                .optBatch((int) Options.longValue(cl, "batch", 32))
                .optWindowMs(Options.durationMs(cl, "window", 300))
                .optLr(Options.doubleValue(cl, "lr", 1e-3))
                .optWeightDecay(Options.doubleValue(cl, "weight-decay", 1e-4))
                .optSpikeLossWeight(Options.doubleValue(cl, "spike-weight", 1))
                .optSpikePosWeight(Options.doubleValue(cl, "spike-pos-weight", 10))
                .optSeed(Options.longValue(cl, "seed", 1))
                .optThreads((int) Options.longValue(cl, "threads", 0))
                .optDevice(cl.getOptionValue("device", "cpu"))
                .optEvalEvery((int) Options.longValue(cl, "eval-every", 100))
                .optPatience((int) Options.longValue(cl, "patience", 10))
                .optCheckpointEvery((int) Options.longValue(cl, "checkpoint-every", 100))
                .optValidationWindows((int) Options.longValue(cl, "validation-windows", 64))
                .optBurnInMs((int) Options.longValue(cl, "burn-in", 500))
                .optSomaClipMv(somaClip(cl))
                .optSomaWeight(Options.doubleValue(cl, "soma-weight", 1))
                .build();
    }

    /** {@code --soma-clip}: a voltage in mV, or {@code none} (NaN). */
    private static double somaClip(CommandLine cl) {
        String v = cl.getOptionValue("soma-clip");
        if (v == null) {
            return NormalisationStats.SOMA_CLIP_MV;
        }
        if (v.strip().equalsIgnoreCase("none")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new NeuroSurrogateException("--soma-clip '" + v + "': give a voltage in mV, or none");
        }
    }

    private static int[] intList(CommandLine cl, String flag) {
        try {
            return Arrays.stream(cl.getOptionValue(flag).split(",")).map(String::strip).mapToInt(Integer::parseInt)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new NeuroSurrogateException("--" + flag + " '" + cl.getOptionValue(flag)
                    + "' is not a comma-separated list of whole numbers");
        }
    }

    /** The first {@code --train-sims} of the training simulations (all without the flag). */
    private static int[] firstOf(CommandLine cl, int[] train) {
        if (!cl.hasOption("train-sims")) {
            return train;
        }
        long n = Options.longValue(cl, "train-sims", train.length);
        if (n < 1 || n > train.length) {
            throw new NeuroSurrogateException("--train-sims " + n + ": must be in 1.." + train.length
                    + " (the dataset's training simulations)");
        }
        return Arrays.copyOf(train, (int) n);
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
     * The linear baseline's run: the surrogate's configuration with its own step count ({@code --baseline-steps},
     * default {@code --steps}) and peak learning rate ({@code --baseline-lr}).
     */
    static TrainConfig baselineConfig(CommandLine cl, TrainConfig cfg) {
        int steps = (int) Options.longValue(cl, "baseline-steps", cfg.maxSteps());
        double lr = Options.doubleValue(cl, "baseline-lr", cfg.lr());
        TrainConfig.Builder b = cfg.toBuilder().optMaxSteps(steps).optLr(lr);
        try {
            return b.build();
        } catch (NeuroSurrogateException e) {
            throw new NeuroSurrogateException(e.getMessage().replace("--steps", "--baseline-steps")
                    .replace("--lr", "--baseline-lr"), e);
        }
    }

    /** The linear baseline's run: trained with {@code cfg}, or taken from the surrogate folder {@code reuseFrom}. */
    record BaselineRun(TrainConfig cfg, Path reuseFrom) {
    }

    /**
     * Trains (or takes) the linear baseline, then the surrogate starting from it, scores both and the mean,
     * saves the surrogate with the baseline.
     */
    static int train(TrainConfig cfg, BaselineRun baseline, WindowSource source, int[] train, int[] validationSims,
            DatasetReader validationSource, NormalisationStats stats, LiveSource live, SegmentTable table,
            String manifestHash, String modelHash, String dataName, Path outDir, String invocation,
            Path baselineCache, PrintStream out) throws IOException {
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
                : new TrainingData(source, train, stats, validation, live::snapshot, 50);
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
                        data, outDir.resolve("checkpoints-linear"), out, owner);
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
                    outDir.resolve("checkpoints"), out, owner, skip ? b -> ((SurrogateNet) b).startFrom(linear) : null);
            Metrics model = SurrogateTrainer.evaluate(SurrogateTrainer.inference(net, owner), validation, stats, r,
                    loss, cfg.batch(), owner);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("validation", model.toMap());
            metrics.put("baseline_mean", meanMetrics.toMap());
            metrics.put("baseline_linear_filter", linearMetrics.toMap());
            metrics.put("steps", fit.steps());
            metrics.put("best_step", fit.bestStep());
            metrics.put("stopped_early", fit.stoppedEarly());
            metrics.put("validation_windows", validation.size());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("training_data", dataName);
            info.put("command", invocation);
            info.put("training_manifest_sha256", manifestHash);
            if (modelHash != null) {
                info.put("model_hash", modelHash); // the cell model's fingerprint: hybrid networks check it
            }
            info.put("window_ms", cfg.windowMs());
            info.put("seed", cfg.seed());
            info.put("metrics", metrics);
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
            return 0;
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
    static void calibrateSpikes(Surrogate s, DatasetReader validation, int[] sims, int burnInMs, PrintStream out) {
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

    /**
     * The surrogate folder {@code dir} whose linear baseline {@code --baseline-from} takes, checked to have been
     * trained on the same data ({@code manifestHash}), with the same normalisation and receptive field.
     */
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

    private int live(CommandLine cl, TrainConfig cfg, BaselineRun baseline, Path outDir, PrintStream out)
            throws Exception {
        int workers = (int) Options.longValue(cl, "workers", 2);
        int buffer = (int) Options.longValue(cl, "buffer", 16);
        int validationSims = (int) Options.longValue(cl, "validation-sims", 4);
        int duration = Options.durationMs(cl, "duration", 6000);
        if (workers < 1 || buffer < 1 || validationSims < 1) {
            throw new NeuroSurrogateException("--workers, --buffer and --validation-sims must be >= 1");
        }
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        InputProtocol protocol = InputProtocol.BENIAGUEV_2021;
        // The held-out set comes first, from its own seed, so it never overlaps the live stream's seeds.
        Path valDir = outDir.resolve("validation-data");
        long valSeed = cfg.seed() + 1_000_000_007L;
        out.printf("generating %d held-out simulations into %s%n", validationSims, valDir);
        DatasetGenerator.Outcome o = new DatasetGenerator(env, out).generate(new DatasetGenerator.Request(spec,
                protocol, validationSims, duration, 1, valSeed, workers, null), valDir);
        if (!o.failedShards().isEmpty()) {
            throw new NeuroSurrogateException("held-out simulations failed (see " + valDir.resolve("logs") + ")");
        }
        try (DatasetReader valReader = DatasetReader.openFolder(valDir, out::println);
             LiveSource live = LiveSource.start(env, new LiveSource.Settings(spec, protocol, duration, cfg.seed(),
                     workers, buffer, outDir.resolve("live-spool"), false), out)) {
            out.printf("waiting for the first %d live simulations%n", Math.min(buffer, workers));
            live.awaitBuffered(Math.min(buffer, workers), 3_600_000L);
            WindowSource first = live.snapshot();
            NormalisationStats stats = NormalisationStats.compute(first, first.simulations(), cfg.burnInMs(),
                    cfg.somaClipMv());
            return train(cfg, baseline, first, first.simulations(), valReader.simulations(), valReader, stats, live,
                    valReader.segmentTable(), sha256(DatasetManifest.path(valDir)),
                    DatasetManifest.read(valDir).modelHash, "live:" + spec, outDir, invocation, null, out);
        }
    }

    static String sha256(Path file) throws IOException {
        return org.neurosurrogate.FileTrees.sha256(file);
    }
}
