package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.bench.Figures;
import org.neurosurrogate.bench.HybridBenchmark;
import org.neurosurrogate.bench.HybridScaleBenchmark;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/** {@code bench hybrid}: one network all-detailed vs hybrid, or with {@code --scale} the cost against the size. */
final class BenchHybridCommand {
    static final String DEFAULT_SCALE = "examples/networks/l5pc-100.json,examples/networks/l5pc-300.json,"
            + "examples/networks/l5pc-1000.json";
    static final String DEFAULT_RANKS = "examples/networks/l5pc-300.json";

    private BenchHybridCommand() {
    }

    static int run(String[] rest, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder("n").longOpt("network").hasArg().argName("NET.json")
                        .desc("the network spec (without --scale)").build())
                .addOption(Option.builder().longOpt("scale")
                        .desc("cost against size: NEURON's baseline, then each of --networks hybrid and "
                                + "surrogate-only, each in its own process, then 1 vs 2 MPI ranks").build())
                .addOption(Option.builder().longOpt("networks").hasArg().argName("NET,NET,...")
                        .desc("--scale: the networks, smallest first (default the l5pc-100, -300, -1000 examples)")
                        .build())
                .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                        .desc("--scale: simulated ms per run (default each spec's)").build())
                .addOption(Option.builder().longOpt("sample").hasArg().argName("N")
                        .desc("--scale: detailed cells of NEURON's baseline (default 1)").build())
                .addOption(Option.builder().longOpt("ranks-network").hasArg().argName("NET.json")
                        .desc("--scale: the network run on 1 and 2 ranks (default l5pc-300 with the default "
                                + "networks, else none)").build())
                .addOption(Option.builder().longOpt("ranks-duration").hasArg().argName("MS")
                        .desc("--scale: simulated ms of the ranks check (default 500)").build())
                .addOption(Option.builder().longOpt("no-ranks").desc("--scale: skip the ranks check").build())
                .addOption(Option.builder().longOpt("surrogates").hasArg().argName("S,S,...")
                        .desc("surrogates (folders or builtin:NAME) in place of the populations' own; --scale runs "
                                + "every network with each, for example a TCN and an LSTM surrogate of the cell "
                                + "(default the spec's own; without --scale at most one)").build())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("--scale: also write scale.json, scale.md and scale.png here").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("libtorch threads for the surrogate steps (default: the cores per MPI rank less one, "
                                + "at least 1; with --scale all of them for surrogate-only runs)").build());
        CommandLine cl = Options.parse(options, rest, "bench hybrid --network NET.json [--threads T] | bench hybrid "
                + "--scale [--networks NET,NET,...] [--duration MS] [--out DIR]", out);
        if (cl == null) {
            return 0;
        }
        PythonEnvironment env = PythonEnvironment.locate();
        List<Path> surrogates = surrogates(cl, env);
        if (!cl.hasOption("scale")) {
            if (!cl.hasOption("network")) {
                throw new NeuroSurrogateException("bench hybrid needs --network NET.json (or --scale)");
            }
            if (surrogates.size() > 1) {
                throw new NeuroSurrogateException("--surrogates: bench hybrid --network runs one surrogate (add "
                        + "--scale --networks NET.json to compare several in one command)");
            }
            HybridCommand.applyThreads(cl, false);
            NetworkSpec spec = NetworkSpec.load(Path.of(cl.getOptionValue("network")), env.home());
            return HybridBenchmark.run(surrogates.isEmpty() ? spec : spec.withSurrogate(surrogates.get(0),
                    "--surrogates"), env, out, Figures.discard());
        }
        if (cl.hasOption("network")) {
            throw new NeuroSurrogateException("bench hybrid --scale takes --networks NET,NET,..., not --network");
        }
        List<Path> networks = new ArrayList<>();
        for (String f : cl.getOptionValue("networks", DEFAULT_SCALE).split(",")) {
            networks.add(existing(f.strip(), "--networks", env));
        }
        Path ranks = cl.hasOption("no-ranks") ? null : cl.hasOption("ranks-network")
                ? existing(cl.getOptionValue("ranks-network"), "--ranks-network", env)
                : cl.hasOption("networks") ? null : existing(DEFAULT_RANKS, "--ranks-network", env);
        long sample = Options.longValue(cl, "sample", 1);
        if (sample < 1 || sample > 100) {
            throw new NeuroSurrogateException("--sample " + sample + " must be between 1 and 100");
        }
        Integer threads = null;
        if (cl.hasOption("threads")) {
            long t = Options.longValue(cl, "threads", 1);
            if (t < 1 || t > 256) {
                throw new NeuroSurrogateException("--threads " + t + " must be between 1 and 256");
            }
            threads = (int) t;
        }
        Path outDir = cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : null;
        return HybridScaleBenchmark.run(new HybridScaleBenchmark.Settings(networks,
                cl.hasOption("duration") ? Options.durationMs(cl, "duration", 1000) : 0, (int) sample, ranks,
                Options.durationMs(cl, "ranks-duration", 500), threads, outDir, surrogates), env, out,
                Figures.discard());
    }

    /** {@code --surrogates}: each a saved surrogate's folder (checked here, so a typo fails before any run). */
    private static List<Path> surrogates(CommandLine cl, PythonEnvironment env) {
        List<Path> out = new ArrayList<>();
        if (!cl.hasOption("surrogates")) {
            return out;
        }
        for (String f : cl.getOptionValue("surrogates").split(",")) {
            out.add(Surrogate.savedFolder(f.strip(), env.home(), "--surrogates"));
        }
        return out;
    }

    /** A network file as given, else relative to the installation (the shipped examples); refused if neither. */
    static Path existing(String f, String flag, PythonEnvironment env) {
        Path p = Path.of(f);
        if (Files.isRegularFile(p)) {
            return p.toAbsolutePath();
        }
        Path inHome = env.home().resolve(f);
        if (!p.isAbsolute() && Files.isRegularFile(inHome)) {
            return inHome;
        }
        throw new NeuroSurrogateException(flag + ": no network file " + f);
    }
}
