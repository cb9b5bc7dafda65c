package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.bench.BenchAll;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/** {@code bench all}: its flags, checked, into {@link BenchAll} at full or {@code --quick} sizes. */
final class BenchAllCommand {
    private BenchAllCommand() {
    }

    static int run(String[] rest, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("folder for bench.json and bench.md (default bench)").build())
                .addOption(Options.model())
                .addOption(Option.builder().longOpt("surrogate").hasArg().argName("MODEL_DIR")
                        .desc("surrogate of --model for the inference figures (default builtin:l5pc)").build())
                .addOption(Option.builder("n").longOpt("network").hasArg().argName("NET.json")
                        .desc("network for the hybrid figure (default examples/networks/l5pc-demo.json)").build())
                .addOption(Option.builder().longOpt("scale-networks").hasArg().argName("NET,NET,...")
                        .desc("networks of the scale figures, smallest first, each with its own surrogates "
                                + "(default examples/networks/l5pc-100 and -300; with --quick l5pc-100)").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("libtorch threads (default 2)").build())
                .addOption(Option.builder().longOpt("quick")
                        .desc("tiny sizes (seconds of simulated time in all): a check that every benchmark runs")
                        .build());
        CommandLine cl = Options.parse(options, rest, "bench all [--out DIR] [--model M --surrogate S --network N] "
                + "[--scale-networks N,N] [--threads T] [--quick]", out);
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
        List<Path> scale = new ArrayList<>();
        if (cl.hasOption("scale-networks")) {
            for (String f : cl.getOptionValue("scale-networks").split(",")) {
                scale.add(BenchHybridCommand.existing(f.strip(), "--scale-networks", env));
            }
        } else {
            scale.add(BenchHybridCommand.existing("examples/networks/l5pc-100.json", "--scale-networks", env));
            if (!quick) {
                scale.add(BenchHybridCommand.existing("examples/networks/l5pc-300.json", "--scale-networks", env));
            }
        }
        BenchAll.Settings s = quick
                ? new BenchAll.Settings(spec, surrogate, net, (int) threads, 200, 2, 1000, 200, 2, 1, 100,
                        new int[] {1, 4}, 20, 100, scale, 100)
                : new BenchAll.Settings(spec, surrogate, net, (int) threads, 1000, 2, 1000, 1000, 16, 3, 500,
                        new int[] {1, 16, 128}, 200, 1000, scale, 500);
        return BenchAll.run(env, s, Path.of(cl.getOptionValue("out", "bench")), out);
    }
}
