package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.bench.Figures;
import org.neurosurrogate.bench.InferBenchmark;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.BatchPredictor.FirstLayer;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;
import org.neurosurrogate.train.SurrogateTrainer;

/** {@code bench infer}: its flags, checked, into {@link InferBenchmark}. */
final class BenchInferCommand {
    private BenchInferCommand() {
    }

    static int run(String[] rest, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder().longOpt("surrogate").hasArg().argName("MODEL_DIR").required()
                        .desc("saved surrogate folder (from train)").build())
                .addOption(Option.builder("m").longOpt("model").hasArg().argName("MODEL")
                        .desc("the cell NEURON runs: builtin:l5pc (default) or a folder holding model.json; must "
                                + "have the surrogate's segment table").build())
                .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                        .desc("predicted ms per cell, after R - 1 ms of receptive-field history (default 1000)")
                        .build())
                .addOption(Option.builder().longOpt("batches").hasArg().argName("B,B,...")
                        .desc("cells per whole-window pass (default 1,16,128)").build())
                .addOption(Option.builder().longOpt("layer").hasArg().argName("L")
                        .desc("first layer: dense, sparse or both (default both)").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("libtorch and sparse-layer threads (default 2)").build())
                .addOption(Option.builder("s").longOpt("seed").hasArg().argName("S")
                        .desc("seed of the input spike trains; cell i uses simulationSeed(S, i) (default 1)").build())
                .addOption(Option.builder("r").longOpt("repeats").hasArg().argName("N")
                        .desc("timed runs per measurement, the best is reported (default 3)").build())
                .addOption(Option.builder().longOpt("stream-duration").hasArg().argName("MS")
                        .desc("ms per cell for the streaming figure (default 200)").build())
                .addOption(Option.builder().longOpt("stream-batches").hasArg().argName("B,B,...")
                        .desc("cells per streaming predictor (default 1,20)").build())
                .addOption(Option.builder().longOpt("stream-steps").hasArg().argName("MS,MS,...")
                        .desc("streaming step Δ in ms (default 1,5)").build())
                .addOption(Option.builder().longOpt("trunks").hasArg().argName("T,T")
                        .desc("also time the surrogate's architecture with these trunks at their defaults (tcn, "
                                + "lstm; untrained weights), e.g. tcn,lstm (default: the surrogate's own only)").build());
        CommandLine cl = Options.parse(options, rest, "bench infer --surrogate MODEL_DIR [--model M] [--duration MS] "
                + "[--batches 1,16,128] [--threads T] [--seed S] [--repeats N]", out);
        if (cl == null) {
            return 0;
        }
        int duration = Options.durationMs(cl, "duration", 1000);
        int[] batches = InferBenchmark.positiveList("batches", cl.getOptionValue("batches", "1,16,128"), 4096);
        long threads = Options.longValue(cl, "threads", 2);
        if (threads < 1 || threads > 256) {
            throw new NeuroSurrogateException("--threads " + threads + " must be between 1 and 256");
        }
        long repeats = Options.longValue(cl, "repeats", 3);
        if (repeats < 1 || repeats > 100) {
            throw new NeuroSurrogateException("--repeats " + repeats + " must be between 1 and 100");
        }
        String layer = cl.getOptionValue("layer", "both");
        List<FirstLayer> layers = switch (layer) {
            case "dense" -> List.of(FirstLayer.DENSE);
            case "sparse" -> List.of(FirstLayer.SPARSE);
            case "both" -> List.of(FirstLayer.values());
            default -> throw new NeuroSurrogateException("--layer " + layer + ": dense, sparse or both");
        };
        int streamMs = Options.durationMs(cl, "stream-duration", 200);
        int[] streamBatches = InferBenchmark.positiveList("stream-batches", cl.getOptionValue("stream-batches", "1,20"),
                4096);
        int[] streamSteps = InferBenchmark.positiveList("stream-steps", cl.getOptionValue("stream-steps", "1,5"), 1000);
        Path surrogate = Options.surrogatePath(cl.getOptionValue("surrogate"));
        if (!Files.isRegularFile(surrogate.resolve(Surrogate.JSON))) {
            throw new NeuroSurrogateException("--surrogate " + surrogate + ": not a saved surrogate (no "
                    + Surrogate.JSON + ")");
        }
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        SurrogateTrainer.applyThreads((int) threads); // before the engine starts
        return InferBenchmark.run(env, new InferBenchmark.Settings(surrogate, spec, duration, batches, (int) threads,
                Options.longValue(cl, "seed", 1), (int) repeats, streamMs, streamBatches, streamSteps, layers,
                trunks(cl)), out,
                Figures.discard());
    }

    /** {@code --trunks}: a comma-separated list of trunk kinds (none without the flag). */
    private static List<Hyper.Trunk> trunks(CommandLine cl) {
        List<Hyper.Trunk> out = new ArrayList<>();
        if (cl.hasOption("trunks")) {
            for (String t : cl.getOptionValue("trunks").split(",")) {
                try {
                    out.add(Hyper.Trunk.valueOf(t.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new NeuroSurrogateException("--trunks '" + cl.getOptionValue("trunks")
                            + "': a comma-separated list of tcn and lstm");
                }
            }
        }
        return out;
    }
}
