package org.neurosurrogate.hybrid;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.RunLock;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code hybrid}'s whole job once its flags are read: lock, run (and validate), write. */
public final class HybridJob {
    private HybridJob() {
    }

    /**
     * Runs the network (all-detailed first with {@code validate}) on every rank and has rank 0 write {@code outDir}.
     * One run per output folder (a lock beside it); a finished all-detailed reference is kept for a rerun of an
     * interrupted one ({@link ReferenceRun}); the folder appears whole or not at all.
     *
     * @param session this rank's NEURON and surrogates
     * @param spec the network
     * @param validate whether to run it all-detailed too and compare
     * @param previous null, or an earlier {@code --validate} output of the same network (spec file, duration,
     *     models) whose all-detailed half is taken instead of running it again: validating another surrogate then
     *     costs only the hybrid run
     * @param outDir the output folder
     * @param env the Python environment
     * @param out progress and results
     * @throws Exception what a run fails with (a user's mistake as a {@link NeuroSurrogateException})
     */
    public static void run(HybridSession session, NetworkSpec spec, boolean validate, Path previous, Path outDir,
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
            runLocked(session, spec, validate, previous, outDir, env, out);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** {@code .NAME.lock} beside the output folder {@code NAME} (the folder itself appears only when written). */
    static Path lockFor(Path outDir) {
        return HybridOutput.beside(outDir, ".lock");
    }

    private static void runLocked(HybridSession session, NetworkSpec spec, boolean validate, Path previous,
                                  Path outDir, PythonEnvironment env, PrintStream out) throws Exception {
        if (session.rank() == 0) {
            HybridOutput.removeStaleTemporaries(outDir); // a killed run's half-written folder; we hold the lock
        }
        HybridResult detailed = null;
        Path reference = ReferenceRun.fileFor(outDir);
        String key = validate ? ReferenceRun.key(spec, env) : null;
        if (validate) {
            HybridResult kept = null;
            Path from = reference;
            boolean interrupted = true;
            NeuroSurrogateException refused = null;
            if (session.rank() == 0) {
                kept = ReferenceRun.load(reference, key, session.plan(true));
                if (kept == null && previous != null) {
                    from = ReferenceRun.inOutput(previous);
                    interrupted = false;
                    kept = ReferenceRun.load(from, key, session.plan(true));
                    if (kept == null) {
                        refused = new NeuroSurrogateException("--reference " + previous + ": holds no all-detailed"
                                + " run of this network (" + from + " is missing, or was made with another spec"
                                + " file, duration or model): give a --validate output of the same network");
                    }
                }
            }
            if (session.anyRank(refused != null)) {
                throw refused != null ? refused : new NeuroSurrogateException("--reference refused on rank 0");
            }
            if (session.anyRank(kept != null)) { // rank 0 decides for all: the run is collective
                detailed = kept;
                out.printf(Locale.ROOT, "all-detailed run of %s: reusing the one %s finished (%s, %.1f s of NEURON"
                        + " saved)%n", spec.name(), interrupted ? "an interrupted run" : "--reference", from,
                        kept == null ? 0 : kept.wallS());
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
                ReferenceRun.save(ReferenceRun.inOutput(tmp), key, detailed); // what a later --reference reads
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
