package org.neurosurrogate.bench;

import org.neurosurrogate.hybrid.HybridResult;
import org.neurosurrogate.hybrid.HybridSession;
import org.neurosurrogate.hybrid.NetworkPlan;
import org.neurosurrogate.hybrid.NetworkSpec;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * {@code bench hybrid}: one network run all-detailed (NEURON only, the baseline) and hybrid in the same process,
 * printing the hybrid run's wall-time shares (NEURON, surrogate steps, exchange), the per-interval surrogate step and
 * the speed-up beside its Amdahl bound (all cells over the detailed ones: NEURON's cost is per detailed cell).
 */
public final class HybridBenchmark {
    private HybridBenchmark() {
    }

    public static int run(NetworkSpec spec, PythonEnvironment env, PrintStream out, Figures figures) {
        try (HybridSession session = HybridSession.open(spec, env)) {
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            PrintStream say = session.say(out);
            say.printf("bench hybrid: %s, %d cells, %d ms, %d rank(s)%n", spec.name(), spec.cellCount(),
                    spec.durationMs(), session.ranks());
            HybridResult detailed = session.run(true, quiet);
            HybridResult hybrid = session.run(false, quiet);
            print(detailed, hybrid, say);
            record(detailed, hybrid, figures);
            say.flush();
            session.finishMpi(0);
        }
        return 0;
    }

    static void record(HybridResult detailed, HybridResult hybrid, Figures figures) {
        NetworkPlan plan = hybrid.plan();
        int cells = plan.cells().size();
        int surrogates = plan.surrogateCount();
        figures.add("hybrid", String.format(Locale.ROOT, "network %s: %d cells, %d as surrogates, %d ms",
                        plan.spec().name(), cells, surrogates, plan.spec().durationMs()),
                detailed.wallS() / hybrid.wallS(), String.format(Locale.ROOT, "all-detailed %.1f s", detailed.wallS()),
                String.format(Locale.ROOT, "hybrid %.1f s (Amdahl bound %s×)", hybrid.wallS(),
                        surrogates == cells ? "∞" : sig((double) cells / (cells - surrogates))));
    }

    private static String sig(double v) {
        return InferBenchmark.sig(v);
    }

    static void print(HybridResult detailed, HybridResult hybrid, PrintStream out) {
        NetworkPlan plan = hybrid.plan();
        int cells = plan.cells().size();
        int surrogates = plan.surrogateCount();
        int steps = (plan.spec().durationMs() + plan.intervalMs() - 1) / plan.intervalMs();
        double simS = plan.spec().durationMs() / 1000.0;
        double h = hybrid.wallS();
        boolean overlap = plan.lagIntervals() == 2;
        out.println("| run | cells detailed / surrogate | wall s | sim-s per wall-s | NEURON | surrogate steps | "
                + "NEURON waited for them | exchange |");
        out.println("|---|---|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| all-detailed (baseline) | %d / 0 | %.2f | %.4f | 100 %% | - | - | - |%n", cells,
                detailed.wallS(), simS / detailed.wallS());
        out.printf(Locale.ROOT, "| hybrid | %d / %d | %.2f | %.4f | %.1f %% | %.1f %%%s | %s | %.1f %% |%n",
                cells - surrogates, surrogates, h, simS / h, 100 * hybrid.neuronS() / h,
                100 * hybrid.surrogateS() / h, overlap ? " (overlapped)" : "",
                overlap ? String.format(Locale.ROOT, "%.1f %%", 100 * hybrid.waitS() / h) : "-",
                100 * hybrid.exchangeS() / h);
        double bound = surrogates == cells ? Double.POSITIVE_INFINITY : (double) cells / (cells - surrogates);
        out.printf(Locale.ROOT, "speed-up %.2f× (Amdahl bound %.1f×: %d of %d cells stay in NEURON); surrogate step "
                        + "%.2f ms per %d-ms interval for a batch of %d cells (%d steps%s); setup %.1f s / %.1f s%n",
                detailed.wallS() / h, bound, cells - surrogates, cells, 1000 * hybrid.surrogateS() / steps,
                plan.intervalMs(), surrogates, steps, overlap ? ", each beside NEURON's next interval" : "",
                detailed.setupS(), hybrid.setupS());
    }
}
