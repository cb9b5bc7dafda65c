package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.train.TrainConfig;
import org.neurosurrogate.train.RunBudget;
import org.neurosurrogate.train.TrainingRun;

/**
 * {@code neurosurrogate train}: on a dataset ({@code --data}) or on live simulations ({@code --live}), trains the
 * linear baseline, then the surrogate with the same loop (its linear skip path, unless {@code --no-linear-skip},
 * starts as the trained baseline, for every task or with {@code --skip-tasks spike} for the spike logit alone),
 * scores both and the per-segment mean on the same fixed validation windows,
 * and saves the surrogate into {@code --out}. Checkpoints live in {@code OUT/checkpoints} (and {@code
 * OUT/checkpoints-linear}); running the same command again resumes.
 */
final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a surrogate (mh, mmoe, mmoeex) on a dataset or live simulations; compare with baselines";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        String invocation = "neurosurrogate train " + String.join(" ", args);
        CommandLine cl = Options.parse(TrainOptions.all(), args, TrainOptions.USAGE, out);
        if (cl == null) {
            return 0;
        }
        if (cl.hasOption("data") == cl.hasOption("live")) {
            throw new NeuroSurrogateException("give either --data DIR or --live");
        }
        if (!cl.hasOption("out")) {
            throw new NeuroSurrogateException("--out MODEL_DIR is required");
        }
        TrainConfig cfg = TrainSettings.config(cl);
        TrainingRun.Baseline baseline = new TrainingRun.Baseline(TrainSettings.baselineConfig(cl, cfg),
                cl.hasOption("baseline-from") ? Path.of(cl.getOptionValue("baseline-from")).toAbsolutePath() : null);
        RunBudget budget = RunBudget.of(Options.doubleValue(cl, "hours", Double.NaN),
                cl.hasOption("run-steps") ? (int) Options.longValue(cl, "run-steps", 0) : null);
        TrainingRun.Request req = new TrainingRun.Request(cfg, baseline,
                Path.of(cl.getOptionValue("out")).toAbsolutePath(), invocation, budget);
        if (cl.hasOption("data")) {
            Integer trainSims = cl.hasOption("train-sims") ? (int) Options.longValue(cl, "train-sims", 0) : null;
            TrainingRun.onDataset(req, Path.of(cl.getOptionValue("data")).toAbsolutePath(), trainSims, out);
            return 0;
        }
        if (cl.hasOption("train-sims")) {
            throw new NeuroSurrogateException("--train-sims applies to --data only: a live run's simulations are made"
                    + " as it trains");
        }
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        InputProtocol protocol = cl.hasOption("protocol") ? ProtocolFile.read(Path.of(cl.getOptionValue("protocol")))
                : InputProtocol.BENIAGUEV_2021;
        TrainingRun.live(req, new TrainingRun.Live(spec, protocol, (int) Options.longValue(cl, "workers", 2),
                (int) Options.longValue(cl, "buffer", 16), (int) Options.longValue(cl, "reservoir", 32),
                (int) Options.longValue(cl, "steps-per-sim", 50), (int) Options.longValue(cl, "validation-sims", 4),
                (int) Options.longValue(cl, "test-sims", 0), Options.durationMs(cl, "duration", 6000),
                cl.hasOption("prefix-data") ? Path.of(cl.getOptionValue("prefix-data")).toAbsolutePath() : null,
                (int) Options.longValue(cl, "lookahead", Options.longValue(cl, "workers", 2))), env, out);
        return 0;
    }
}
