package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.bench.Figures;
import org.neurosurrogate.bench.GenerateBenchmark;
import org.neurosurrogate.bench.GroundTruthBenchmark;
import org.neurosurrogate.bench.TrainBenchmark;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code bench generate} and {@code bench train}: their flags, checked, into the throughput benchmarks. */
final class BenchThroughputCommands {
    private BenchThroughputCommands() {
    }

    /**
     * {@code bench generate}: the generation path's simulations against plain NEURON (|ΔV|, speed), and with
     * {@code --workers W} also dataset generation with 1 worker against W.
     */
    static int generate(String[] rest, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Options.model())
                .addOption(Option.builder("n").longOpt("simulations").hasArg().argName("N")
                        .desc("simulations compared (default 1)").build())
                .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                        .desc("duration of each simulation (default 2000)").build())
                .addOption(Option.builder("r").longOpt("repeats").hasArg().argName("R")
                        .desc("runs of each simulation per side, the fastest timed (default 1)").build())
                .addOption(Option.builder("w").longOpt("workers").hasArg().argName("W")
                        .desc("also generate the N simulations with 1 worker and with W (W >= 2)").build());
        CommandLine cl = Options.parse(options, rest,
                "bench generate [--model M] [--simulations N] [--duration MS] [--repeats R] [--workers W]", out);
        if (cl == null) {
            return 0;
        }
        int sims = (int) Options.longValue(cl, "simulations", 1);
        int repeats = (int) Options.longValue(cl, "repeats", 1);
        int workers = (int) Options.longValue(cl, "workers", 0);
        if (sims < 1 || repeats < 1 || (cl.hasOption("workers") && workers < 2)) {
            throw new NeuroSurrogateException(
                    "bench generate needs --simulations ≥ 1, --repeats ≥ 1 and --workers ≥ 2");
        }
        int duration = Options.durationMs(cl, "duration", 2000);
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        int status = GroundTruthBenchmark.run(env, spec, sims, duration, repeats, out, Figures.discard());
        if (workers >= 2) {
            status = Math.max(status,
                    GenerateBenchmark.run(env, spec, sims, duration, workers, out, Figures.discard()));
        }
        return status;
    }

    /** {@code bench train}: training throughput and peak RSS per architecture. */
    static int train(String[] rest, PrintStream out) throws Exception {
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
        List<Arch> archs = List.of(Arch.values());
        if (cl.hasOption("arch")) {
            try {
                archs = List.of(Arch.valueOf(cl.getOptionValue("arch").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new NeuroSurrogateException("--arch " + cl.getOptionValue("arch") + ": mh, mmoe or mmoeex");
            }
        }
        return TrainBenchmark.run(batch, Options.durationMs(cl, "window", 300), threads, steps, archs, out,
                Figures.discard());
    }
}
