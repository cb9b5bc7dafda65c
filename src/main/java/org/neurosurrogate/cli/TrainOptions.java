package org.neurosurrogate.cli;

import org.apache.commons.cli.Option;

/** The flags of {@code neurosurrogate train} with their help text and defaults. */
final class TrainOptions {
    static final String USAGE = "train (--data DIR | --live [--model M]) --arch mh|mmoe|mmoeex --out MODEL_DIR "
            + "[--steps N --batch B --window MS --lr LR --seed S --threads T --device cpu|gpu|auto --eval-every N "
            + "--patience N --baseline-steps N --baseline-lr LR --baseline-from MODEL_DIR "
            + "--no-linear-skip | --skip-tasks all|spike --local-input --hours H --run-steps N]";

    private TrainOptions() {
    }

    static org.apache.commons.cli.Options all() {
    return new org.apache.commons.cli.Options()
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
            .addOption(opt("buffer", "N", "live: the newest simulations each step draws from (default 16)"))
            .addOption(opt("reservoir", "N", "live: a reservoir sample of older simulations drawn from beside them"
                    + " (default 32; 0: only the newest)"))
            .addOption(opt("steps-per-sim", "N", "live: optimizer steps between two new simulations of the stream"
                    + " (default 50); the trainer waits for a simulation not made yet"))
            .addOption(opt("protocol", "JSON", "live: input protocol parameters overriding the published defaults,"
                    + " as generate --protocol takes them"))
            .addOption(opt("lookahead", "N", "live: simulations made ahead of the trainer's need (default"
                    + " --workers; more keeps the workers busy while the trainer reads --prefix-data)"))
            .addOption(opt("prefix-data", "DIR", "live: a dataset generate made with the same --model, --protocol,"
                    + " --seed and --duration: its simulations are the stream's first ones, read instead of simulated"))
            .addOption(opt("validation-sims", "K", "live: held-out simulations generated first (default 4)"))
            .addOption(opt("test-sims", "K", "live: held-out test simulations generated first into OUT/test-data"
                    + " (default 0), for evaluate"))
            .addOption(opt("hours", "H", "stop after H hours of wall time with a checkpoint (exit 0); the same"
                    + " command continues"))
            .addOption(opt("run-steps", "N", "stop after N steps of this run with a checkpoint (exit 0); the same"
                    + " command continues"))
            .addOption(opt("duration", "MS", "live: duration of each simulation (default 6000)"));
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }
}
