package org.neurosurrogate.cli;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.train.TrainConfig;

/** {@code train}'s parsed flags as the run's settings: the network ({@link Hyper}) and the loop ({@link TrainConfig}). */
final class TrainSettings {
    private TrainSettings() {
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
}
