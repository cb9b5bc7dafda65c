package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.generate.DatasetGenerator;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code neurosurrogate generate}: a balanced-protocol dataset of NEURON simulations, in parallel, resumable. */
final class GenerateCommand implements Command {
    private static final Pattern PART = Pattern.compile("(\\d+)/(\\d+)");

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "simulate a dataset under the Beniaguev et al. (2021) input protocol (parallel, resumable)";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Options.model())
                .addOption(Option.builder("n").longOpt("simulations").hasArg().argName("N")
                        .desc("number of simulations (default 20)").build())
                .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                        .desc("duration of each simulation in ms (default 6000)").build())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR").required()
                        .desc("dataset folder (created; an existing one is resumed)").build())
                .addOption(Option.builder("w").longOpt("workers").hasArg().argName("W")
                        .desc("worker processes, each with its own NEURON (default 1)").build())
                .addOption(Option.builder("s").longOpt("seed").hasArg().argName("S")
                        .desc("dataset seed (default 1); simulation i uses a seed derived from S and i").build())
                .addOption(Option.builder("k").longOpt("shard-size").hasArg().argName("K")
                        .desc("simulations per shard file (default 4)").build())
                .addOption(Option.builder().longOpt("shard").hasArg().argName("I/N")
                        .desc("make only the I-th of N disjoint parts (cluster array jobs); join with dataset merge")
                        .build())
                .addOption(Option.builder().longOpt("protocol").hasArg().argName("JSON")
                        .desc("input protocol parameters overriding the published defaults, as a JSON file").build());
        CommandLine cl = Options.parse(options, args,
                "generate --out DIR [--model M] [--simulations N] [--duration MS] [--workers W] [--seed S]", out);
        if (cl == null) {
            return 0;
        }
        int sims = (int) Options.longValue(cl, "simulations", 20);
        if (sims < 1 || sims > 10_000_000) {
            throw new NeuroSurrogateException("--simulations " + sims + " must be ≥ 1");
        }
        int duration = Options.durationMs(cl, "duration", 6000);
        int workers = (int) Options.longValue(cl, "workers", 1);
        if (workers < 1 || workers > 1024) {
            throw new NeuroSurrogateException("--workers " + workers + " must be between 1 and 1024");
        }
        int shardSize = (int) Options.longValue(cl, "shard-size", 4);
        if (shardSize < 1 || (long) shardSize * duration * 639 * 4 > 1_500_000_000L) {
            throw new NeuroSurrogateException("--shard-size " + shardSize
                    + " must be ≥ 1 and keep a shard under ~1.5 GB in memory");
        }
        DatasetManifest.Part part = null;
        if (cl.hasOption("shard")) {
            Matcher m = PART.matcher(cl.getOptionValue("shard"));
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
                throw new NeuroSurrogateException("--shard " + cl.getOptionValue("shard") + " must be I/N with 1 ≤ I ≤ N");
            }
            part = new DatasetManifest.Part(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        InputProtocol protocol = cl.hasOption("protocol") ? ProtocolFile.read(Path.of(cl.getOptionValue("protocol")))
                : InputProtocol.BENIAGUEV_2021;
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        Path dir = Path.of(cl.getOptionValue("out")).toAbsolutePath();
        DatasetGenerator.Outcome o = new DatasetGenerator(env, out).generate(
                new DatasetGenerator.Request(spec, protocol, sims, duration, shardSize, cl.hasOption("seed")
                        ? Options.longValue(cl, "seed", 1) : 1, workers, part), dir);
        if (o.simulationsDone() > 0) {
            out.printf("done: %d simulations in %d shards, %.1f simulated s in %.1f s wall = %.3f simulated s per wall s%n",
                    o.simulationsDone(), o.shardsDone(), o.simulatedSeconds(), o.wallSeconds(),
                    o.simulatedSeconds() / o.wallSeconds());
        }
        if (o.diskFull() != null) {
            throw new NeuroSurrogateException(o.diskFull().replace(" (free space, then run again)", "") + ": stopped; "
                    + "the finished shards in " + dir + " are kept: free space, then run the same command again");
        }
        if (!o.failedShards().isEmpty()) {
            out.printf("FAILED shards %s (see %s/logs); run the same command again to retry them%n", o.failedShards(), dir);
            return 1;
        }
        out.printf("dataset ready: %s%n", dir);
        return 0;
    }
}
