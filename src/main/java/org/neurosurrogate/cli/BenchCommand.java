package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.bench.BenchAll;
import org.neurosurrogate.bench.Figures;
import org.neurosurrogate.bench.GenerateBenchmark;
import org.neurosurrogate.bench.HybridBenchmark;
import org.neurosurrogate.bench.InferBenchmark;
import org.neurosurrogate.bench.ReadBenchmark;
import org.neurosurrogate.bench.SimulateBenchmark;
import org.neurosurrogate.bench.TrainBenchmark;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.BatchPredictor.FirstLayer;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;
import org.neurosurrogate.train.SurrogateTrainer;

/** {@code neurosurrogate bench WHAT}: benchmarks that print ratios against a baseline run in the same command. */
final class BenchCommand implements Command {
    static final String WHATS = "all, simulate, generate, read, train, infer, hybrid";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks with in-command baselines: " + WHATS;
    }

    private static int infer(String[] rest, PrintStream out) throws Exception {
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
        List<Hyper.Trunk> out = new java.util.ArrayList<>();
        if (cl.hasOption("trunks")) {
            for (String t : cl.getOptionValue("trunks").split(",")) {
                try {
                    out.add(Hyper.Trunk.valueOf(t.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new NeuroSurrogateException("--trunks '" + cl.getOptionValue("trunks")
                            + "': a comma-separated list of tcn and lstm");
                }
            }
        }
        return out;
    }

    private static int all(String[] rest, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("folder for bench.json and bench.md (default bench)").build())
                .addOption(Options.model())
                .addOption(Option.builder().longOpt("surrogate").hasArg().argName("MODEL_DIR")
                        .desc("surrogate of --model for the inference figures (default builtin:l5pc)").build())
                .addOption(Option.builder("n").longOpt("network").hasArg().argName("NET.json")
                        .desc("network for the hybrid figure (default examples/networks/l5pc-demo.json)").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("libtorch threads (default 2)").build())
                .addOption(Option.builder().longOpt("quick")
                        .desc("tiny sizes (seconds of simulated time in all): a check that every benchmark runs")
                        .build());
        CommandLine cl = Options.parse(options, rest, "bench all [--out DIR] [--model M --surrogate S --network N] "
                + "[--threads T] [--quick]", out);
        if (cl == null) {
            return 0;
        }
        long threads = Options.longValue(cl, "threads", 2);
        if (threads < 1 || threads > 256) {
            throw new NeuroSurrogateException("--threads " + threads + " must be between 1 and 256");
        }
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        Path surrogate = Options.surrogatePath(cl.getOptionValue("surrogate", "builtin:l5pc"));
        if (!Files.isRegularFile(surrogate.resolve(Surrogate.JSON))) {
            throw new NeuroSurrogateException("--surrogate " + surrogate + ": not a saved surrogate (no "
                    + Surrogate.JSON + ")");
        }
        Path network = cl.hasOption("network") ? Path.of(cl.getOptionValue("network"))
                : env.home().resolve("examples/networks/l5pc-demo.json");
        NetworkSpec net = NetworkSpec.load(network, env.home());
        boolean quick = cl.hasOption("quick");
        BenchAll.Settings s = quick
                ? new BenchAll.Settings(spec, surrogate, net, (int) threads, 200, 2, 1000, 200, 2, 1, 100,
                        new int[] {1, 4}, 20, 100)
                : new BenchAll.Settings(spec, surrogate, net, (int) threads, 1000, 2, 1000, 1000, 16, 3, 500,
                        new int[] {1, 16, 128}, 200, 1000);
        return BenchAll.run(env, s, Path.of(cl.getOptionValue("out", "bench")), out);
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
                out.println("usage: neurosurrogate bench {" + WHATS + "} [options]   (bench WHAT --help for its options)");
                out.println("  all       every benchmark below at sizes that take minutes; writes bench.json and bench.md");
                out.println("  simulate  NEURON through the JVM bridge vs plain Python");
                out.println("  generate  dataset generation with 1 worker vs W workers");
                out.println("  read      balanced training windows read per second vs what training consumes");
                out.println("  train     training throughput and peak RSS per architecture vs the seed formulation");
                out.println("  infer     surrogate inference (whole window, dense and sparse first layer; streaming) in");
                out.println("            simulated s per wall s vs NEURON on the same cell and inputs");
                out.println("  hybrid    a network all-detailed vs with its surrogates: speed-up, wall-time shares");
                return 0;
            }
            throw new NeuroSurrogateException("bench needs what to measure: one of " + WHATS);
        }
        String what = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (what.equals("hybrid")) {
            org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                    .addOption(Option.builder("n").longOpt("network").hasArg().argName("NET.json").required()
                            .desc("the network spec").build())
                    .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                            .desc("libtorch threads for the surrogate steps (default: the cores per MPI rank less one, at least 1)").build());
            CommandLine cl = Options.parse(options, rest, "bench hybrid --network NET.json [--threads T]", out);
            if (cl == null) {
                return 0;
            }
            HybridCommand.applyThreads(cl);
            PythonEnvironment env = PythonEnvironment.locate();
            return HybridBenchmark.run(NetworkSpec.load(Path.of(cl.getOptionValue("network")), env.home()), env, out,
                    Figures.discard());
        }
        if (what.equals("simulate")) {
            org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                    .addOption(Options.model())
                    .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                            .desc("simulated time per run (default 1000)").build())
                    .addOption(Option.builder("r").longOpt("repeats").hasArg().argName("N")
                            .desc("runs per side; the best is compared (default 3)").build());
            CommandLine cl = Options.parse(options, rest, "bench simulate [--model M] [--duration MS] [--repeats N]", out);
            if (cl == null) {
                return 0;
            }
            int duration = Options.durationMs(cl, "duration", 1000);
            long repeats = Options.longValue(cl, "repeats", 3);
            if (repeats < 1 || repeats > 100) {
                throw new NeuroSurrogateException("--repeats " + repeats + " must be between 1 and 100");
            }
            PythonEnvironment env = PythonEnvironment.locate();
            ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
            return SimulateBenchmark.run(env, spec, duration, (int) repeats, out, Figures.discard());
        }
        if (what.equals("generate")) {
            org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                    .addOption(Options.model())
                    .addOption(Option.builder("n").longOpt("simulations").hasArg().argName("N")
                            .desc("simulations per run (default 4)").build())
                    .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                            .desc("duration of each simulation (default 2000)").build())
                    .addOption(Option.builder("w").longOpt("workers").hasArg().argName("W")
                            .desc("workers compared against 1 (default 2)").build());
            CommandLine cl = Options.parse(options, rest, "bench generate [--model M] [--simulations N] [--duration MS]",
                    out);
            if (cl == null) {
                return 0;
            }
            int sims = (int) Options.longValue(cl, "simulations", 4);
            int workers = (int) Options.longValue(cl, "workers", 2);
            if (sims < 1 || workers < 2) {
                throw new NeuroSurrogateException("bench generate needs --simulations ≥ 1 and --workers ≥ 2");
            }
            PythonEnvironment env = PythonEnvironment.locate();
            ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
            return GenerateBenchmark.run(env, spec, sims, Options.durationMs(cl, "duration", 2000), workers, out,
                    Figures.discard());
        }
        if (what.equals("read")) {
            org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                    .addOption(Option.builder().longOpt("data").hasArg().argName("DIR").required()
                            .desc("dataset folder").build())
                    .addOption(Option.builder("n").longOpt("windows").hasArg().argName("N")
                            .desc("windows to read per measurement (default 2000)").build())
                    .addOption(Option.builder().longOpt("consumed").hasArg().argName("WINDOWS_PER_S")
                            .desc("measured training consumption to compare with").build());
            CommandLine cl = Options.parse(options, rest, "bench read --data DIR [--windows N]", out);
            if (cl == null) {
                return 0;
            }
            return ReadBenchmark.run(Path.of(cl.getOptionValue("data")), (int) Options.longValue(cl, "windows", 2000),
                    Options.doubleValue(cl, "consumed", 0), out, Figures.discard());
        }
        if (what.equals("train")) {
            org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                    .addOption(Option.builder().longOpt("batch").hasArg().argName("B").desc("default 32").build())
                    .addOption(Option.builder().longOpt("window").hasArg().argName("MS").desc("default 300").build())
                    .addOption(Option.builder().longOpt("threads").hasArg().argName("T").desc("default 2").build())
                    .addOption(Option.builder().longOpt("steps").hasArg().argName("N")
                            .desc("timed steps per architecture (default 5)").build())
                    .addOption(Option.builder().longOpt("arch").hasArg().argName("A")
                            .desc("only this architecture (default: all three)").build());
            CommandLine cl = Options.parse(options, rest, "bench train [--batch B] [--window MS] [--threads T]", out);
            if (cl == null) {
                return 0;
            }
            int batch = (int) Options.longValue(cl, "batch", 32);
            int threads = (int) Options.longValue(cl, "threads", 2);
            int steps = (int) Options.longValue(cl, "steps", 5);
            if (batch < 1 || threads < 1 || steps < 1) {
                throw new NeuroSurrogateException("bench train needs --batch, --threads and --steps ≥ 1");
            }
            java.util.List<org.neurosurrogate.model.Arch> archs = java.util.List.of(org.neurosurrogate.model.Arch.values());
            if (cl.hasOption("arch")) {
                try {
                    archs = java.util.List.of(org.neurosurrogate.model.Arch.valueOf(
                            cl.getOptionValue("arch").toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new NeuroSurrogateException("--arch " + cl.getOptionValue("arch") + ": mh, mmoe or mmoeex");
                }
            }
            return TrainBenchmark.run(batch, Options.durationMs(cl, "window", 300), threads, steps, archs, out,
                    Figures.discard());
        }
        if (what.equals("infer")) {
            return infer(rest, out);
        }
        if (what.equals("all")) {
            return all(rest, out);
        }
        throw new NeuroSurrogateException("bench: unknown benchmark '" + what + "' (one of " + WHATS + ")");
    }
}
