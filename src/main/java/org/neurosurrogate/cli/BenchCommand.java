package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.bench.Figures;
import org.neurosurrogate.bench.ReadBenchmark;
import org.neurosurrogate.bench.SimulateBenchmark;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

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

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
                out.println("usage: neurosurrogate bench {" + WHATS + "} [options]   (bench WHAT --help for its options)");
                out.println("  all       every benchmark below at sizes that take minutes; writes bench.json and bench.md");
                out.println("  simulate  NEURON through the JVM bridge vs plain Python");
                out.println("  generate  the generation path's NEURON vs a plain NEURON script: max |dV|, speed;");
                out.println("            with --workers W also dataset generation with 1 worker vs W");
                out.println("  read      balanced training windows read per second vs what training consumes");
                out.println("  train     training throughput and peak RSS per architecture vs the seed formulation");
                out.println("  infer     surrogate inference (whole window, dense and sparse first layer; streaming) in");
                out.println("            simulated s per wall s vs NEURON on the same cell and inputs");
                out.println("  hybrid    a network all-detailed vs with its surrogates: speed-up, wall-time shares;");
                out.println("            --scale: cost, memory and growth from 100 to 1000 cells, hybrid and surrogate-only");
                return 0;
            }
            throw new NeuroSurrogateException("bench needs what to measure: one of " + WHATS);
        }
        String what = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (what.equals("hybrid")) {
            return BenchHybridCommand.run(rest, out);
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
            return BenchThroughputCommands.generate(rest, out);
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
            return BenchThroughputCommands.train(rest, out);
        }
        if (what.equals("infer")) {
            return BenchInferCommand.run(rest, out);
        }
        if (what.equals("all")) {
            return BenchAllCommand.run(rest, out);
        }
        throw new NeuroSurrogateException("bench: unknown benchmark '" + what + "' (one of " + WHATS + ")");
    }
}
