package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.RunLock;
import org.neurosurrogate.hybrid.HybridOutput;
import org.neurosurrogate.hybrid.HybridResult;
import org.neurosurrogate.hybrid.HybridSession;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.hybrid.ReferenceRun;
import org.neurosurrogate.hybrid.Validation;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

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
                .addOption(Option.builder().longOpt("threads").hasArg().argName("T")
                        .desc("libtorch threads for the surrogate steps (default: the cores per MPI rank less one, at least 1)")
                        .build());
        CommandLine cl = Options.parse(options, args, "hybrid --network NET.json --out DIR [--validate] [--duration MS]", out);
        if (cl == null) {
            return 0;
        }
        applyThreads(cl);
        PythonEnvironment env = PythonEnvironment.locate();
        Path outDir = Path.of(cl.getOptionValue("out"));
        HybridOutput.checkTarget(outDir);
        NetworkSpec spec = NetworkSpec.load(Path.of(cl.getOptionValue("network")), env.home());
        if (cl.hasOption("duration")) {
            spec = spec.withDuration(Options.durationMs(cl, "duration", spec.durationMs()));
        }
        try (HybridSession session = HybridSession.open(spec, env)) {
            try {
                runAndWrite(session, spec, cl.hasOption("validate"), outDir, env, session.say(out));
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
     * libtorch threads for the surrogate steps, set before the engine starts: by default a rank's share of the
     * cores less the one its NEURON integrates on (the steps overlap it), at least 1.
     */
    static void applyThreads(CommandLine cl) {
        int ranks = 1;
        for (String v : new String[] {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
            if (System.getenv(v) != null) {
                ranks = Math.max(1, Integer.parseInt(System.getenv(v).strip()));
            }
        }
        long threads = Options.longValue(cl, "threads", Math.max(1, Runtime.getRuntime().availableProcessors() / ranks - 1));
        if (threads < 1 || threads > 256) {
            throw new NeuroSurrogateException("--threads " + threads + " must be between 1 and 256");
        }
        System.setProperty("ai.djl.pytorch.num_threads", Long.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void runAndWrite(HybridSession session, NetworkSpec spec, boolean validate, Path outDir,
                                    PythonEnvironment env, PrintStream out) throws Exception {
        // one run per output folder: rank 0 holds the lock, and every rank fails alike when it is taken
        RunLock lock = null;
        NeuroSurrogateException refused = null;
        if (session.rank() == 0) {
            try {
                lock = RunLock.acquire(lockFor(outDir), outDir + " (a hybrid run's output)", "--out");
            } catch (NeuroSurrogateException e) {
                refused = e;
            }
        }
        if (session.anyRank(refused != null)) {
            throw refused != null ? refused : new NeuroSurrogateException(outDir + " is in use by another run");
        }
        try {
            runLocked(session, spec, validate, outDir, env, out);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** {@code .NAME.lock} beside the output folder {@code NAME} (the folder itself appears only when written). */
    static Path lockFor(Path outDir) {
        Path abs = outDir.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    private static void runLocked(HybridSession session, NetworkSpec spec, boolean validate, Path outDir,
                                  PythonEnvironment env, PrintStream out) throws Exception {
        if (session.rank() == 0) {
            HybridOutput.removeStaleTemporaries(outDir); // a killed run's half-written folder; we hold the lock
        }
        HybridResult detailed = null;
        Path reference = ReferenceRun.fileFor(outDir);
        if (validate) {
            String key = ReferenceRun.key(spec, env);
            HybridResult kept = session.rank() == 0 ? ReferenceRun.load(reference, key, session.plan(true)) : null;
            if (session.anyRank(kept != null)) { // rank 0 decides for all: the run is collective
                detailed = kept;
                out.printf(Locale.ROOT, "all-detailed run of %s: reusing the one an interrupted run finished (%s, "
                        + "%.1f s of NEURON saved)%n", spec.name(), reference, kept == null ? 0 : kept.wallS());
            } else {
                out.println("all-detailed run of " + spec.name() + " (" + spec.cellCount() + " cells, "
                        + spec.durationMs() + " ms, " + session.ranks() + " rank" + (session.ranks() > 1 ? "s" : "")
                        + ")");
                detailed = session.run(true, out);
                if (session.rank() == 0) {
                    ReferenceRun.save(reference, key, detailed); // kept until the output is written
                }
            }
            if (detailed != null) {
                report(detailed, "all-detailed", out);
            }
        }
        out.println("hybrid run of " + spec.name());
        HybridResult hybrid = session.run(false, out);
        report(hybrid, "hybrid", out);
        if (session.rank() != 0) {
            return;
        }
        Path tmp = HybridOutput.begin(outDir);
        try {
            if (detailed == null) {
                HybridOutput.writeRun(tmp, hybrid, "hybrid");
            } else {
                HybridOutput.writeRun(tmp.resolve("hybrid"), hybrid, "hybrid");
                HybridOutput.writeRun(tmp.resolve("all-detailed"), detailed, "all-detailed");
                Validation v = Validation.of(detailed, hybrid);
                HybridOutput.writeValidation(tmp, v, detailed, hybrid);
                out.printf(Locale.ROOT, "validation: speed-up %.2f×, replaced cells' spikes coincident (±5 ms) "
                        + "recall %s precision %s, mean |rate error| %s Hz%n", v.speedUp(),
                        fmt(v.coincidenceRecall()), fmt(v.coincidencePrecision()), fmt(v.meanAbsRateError()));
                for (Validation.PopulationRow p : v.populations()) {
                    out.printf(Locale.ROOT, "  %-12s rate all-detailed %.2f Hz, hybrid %.2f Hz, 10-ms rate "
                            + "correlation %s%n", p.name(), p.detailedHz(), p.hybridHz(), fmt(p.rateCorrelation()));
                }
            }
        } catch (Exception e) {
            HybridOutput.discard(tmp);
            throw e;
        }
        HybridOutput.commit(tmp, outDir);
        ReferenceRun.remove(reference);
        out.println("wrote " + outDir);
    }

    /** n/a where a figure is undefined (no spikes to match, a flat rate trace). */
    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    private static void report(HybridResult r, String kind, PrintStream out) {
        int spikes = 0;
        for (double[] s : r.spikeTimesMs()) {
            spikes += s.length;
        }
        out.printf(Locale.ROOT, "%s: %d cells (%d surrogates), %d connections, Δ = %d ms%s, %d spikes; wall %.2f s: "
                + "NEURON %.2f s, surrogate steps %.2f s%s, exchange %.2f s (setup %.1f s)%n", kind,
                r.plan().cells().size(), r.plan().surrogateCount(), r.plan().connections().size(),
                r.plan().intervalMs(), r.plan().lagIntervals() == 2 && r.plan().surrogateCount() > 0
                        ? " (steps overlap NEURON)" : "", spikes, r.wallS(), r.neuronS(), r.surrogateS(),
                r.plan().lagIntervals() == 2 && r.plan().surrogateCount() > 0
                        ? String.format(Locale.ROOT, " (NEURON waited %.2f s for them)", r.waitS()) : "",
                r.exchangeS(), r.setupS());
    }
}
