package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.hybrid.HybridJob;
import org.neurosurrogate.hybrid.HybridOutput;
import org.neurosurrogate.hybrid.HybridSession;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/** {@code neurosurrogate hybrid}: a NEURON network with chosen cells run as their surrogates. */
final class HybridCommand implements Command {
    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public String summary() {
        return "run a NEURON network with surrogates in place of chosen cells (--validate: against all-detailed)";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder("n").longOpt("network").hasArg().argName("NET.json").required()
                        .desc("the network spec (see examples/networks/)").build())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR").required()
                        .desc("output folder (spikes.h5, summary.json, raster.png, rates.png)").build())
                .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                        .desc("simulated time, overriding the spec's duration_ms").build())
                .addOption(Option.builder().longOpt("validate")
                        .desc("also run the same network all-detailed and compare (validation.md)").build())
                .addOption(Option.builder().longOpt("surrogate-only")
                        .desc("every cell runs as its population's surrogate (NEURON holds only their stand-ins, "
                                + "the NetCons and the spike exchange)").build())
                .addOption(Option.builder().longOpt("surrogate").hasArg().argName("DIR")
                        .desc("run the surrogate cells of every population as this saved surrogate (a folder or "
                                + "builtin:NAME) instead of the spec's, to validate another one on the same network")
                        .build())
                .addOption(Option.builder().longOpt("reference").hasArg().argName("DIR")
                        .desc("with --validate: take the all-detailed run from DIR, an earlier --validate output "
                                + "of the same network, instead of running it again").build())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("libtorch threads for the surrogate steps (default: the cores per MPI rank less one, at least 1)")
                        .build());
        CommandLine cl = Options.parse(options, args, "hybrid --network NET.json --out DIR [--validate] [--duration MS] "
                + "[--reference DIR] [--surrogate DIR] [--surrogate-only]", out);
        if (cl == null) {
            return 0;
        }
        PythonEnvironment env = PythonEnvironment.locate();
        Path outDir = Path.of(cl.getOptionValue("out"));
        HybridOutput.checkTarget(outDir);
        NetworkSpec spec = NetworkSpec.load(Path.of(cl.getOptionValue("network")), env.home());
        if (cl.hasOption("duration")) {
            spec = spec.withDuration(Options.durationMs(cl, "duration", spec.durationMs()));
        }
        if (cl.hasOption("surrogate")) {
            spec = spec.withSurrogate(Surrogate.savedFolder(cl.getOptionValue("surrogate"), env.home(), "--surrogate"),
                    "--surrogate");
        }
        if (cl.hasOption("surrogate-only")) {
            spec = spec.allSurrogates("--surrogate-only");
        }
        Path previous = cl.hasOption("reference") ? Path.of(cl.getOptionValue("reference")) : null;
        if (previous != null && !cl.hasOption("validate")) {
            throw new NeuroSurrogateException("--reference needs --validate (it replaces the all-detailed run)");
        }
        applyThreads(cl, spec.surrogateOnly() && !cl.hasOption("validate"));
        try (HybridSession session = HybridSession.open(spec, env)) {
            try {
                HybridJob.run(session, spec, cl.hasOption("validate"), previous, outDir, env, session.say(out));
            } catch (NeuroSurrogateException e) {
                if (session.ranks() > 1) { // every rank fails alike; one line from rank 0, then a clean MPI exit
                    if (session.rank() == 0) {
                        System.err.println("neurosurrogate hybrid: error: " + e.getMessage());
                    }
                    System.err.flush();
                    session.finishMpi(Main.USAGE_ERROR);
                }
                throw e;
            }
            out.flush();
            session.finishMpi(0);
        }
        return 0;
    }

    /**
     * libtorch threads (and the sparse first layer's) for the surrogate steps, set before the engine starts: by
     * default a rank's share of the cores less the one its NEURON integrates on (the steps overlap it), at least 1;
     * all of the share when every cell is a surrogate ({@code surrogateOnly}: NEURON has little to integrate).
     */
    static void applyThreads(CommandLine cl, boolean surrogateOnly) {
        int ranks = 1;
        for (String v : new String[] {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
            if (System.getenv(v) != null) {
                ranks = Math.max(1, Integer.parseInt(System.getenv(v).strip()));
            }
        }
        long threads = Options.longValue(cl, "threads",
                Math.max(1, Runtime.getRuntime().availableProcessors() / ranks - (surrogateOnly ? 0 : 1)));
        if (threads < 1 || threads > 256) {
            throw new NeuroSurrogateException("--threads " + threads + " must be between 1 and 256");
        }
        System.setProperty("ai.djl.pytorch.num_threads", Long.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

}
