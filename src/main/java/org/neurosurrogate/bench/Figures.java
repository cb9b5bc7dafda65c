package org.neurosurrogate.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The figures a benchmark measured, each a ratio against a baseline run in the same command, for {@code bench all}'s
 * {@code bench.json} and table. The benchmarks print their own lines as they go; this is what they add to them.
 */
public final class Figures {
    /**
     * One figure.
     *
     * @param benchmark the benchmark (simulate, generate, read, train, infer, hybrid)
     * @param name what is compared, e.g. "MMoE scored steps/s vs the seed's 1-step windows"
     * @param ratio measured ÷ baseline (× for speed; for overheads the ratio itself)
     * @param baseline what the ratio divides by, with its measured value
     * @param measured the measured side, with units
     * @param target the goal, e.g. "≥ 1.8", or "" where none is set
     * @param met whether the target holds; null where there is none
     */
    public record Figure(String benchmark, String name, double ratio, String baseline, String measured, String target,
            Boolean met) {
    }

    private final List<Figure> figures = new ArrayList<>();

    public synchronized void add(String benchmark, String name, double ratio, String baseline, String measured) {
        figures.add(new Figure(benchmark, name, ratio, baseline, measured, "", null));
    }

    /** A figure with a goal: {@code atLeast} true for "ratio ≥ goal", false for "ratio ≤ goal". */
    public synchronized void add(String benchmark, String name, double ratio, String baseline, String measured,
            boolean atLeast, double goal) {
        String target = (atLeast ? "≥ " : "≤ ") + InferBenchmark.sig(goal);
        figures.add(new Figure(benchmark, name, ratio, baseline, measured, target,
                Double.isFinite(ratio) ? (atLeast ? ratio >= goal : ratio <= goal) : Boolean.FALSE));
    }

    public synchronized List<Figure> all() {
        return Collections.unmodifiableList(new ArrayList<>(figures));
    }

    /** A collector nobody reads: for a single {@code bench WHAT}, which only prints. */
    public static Figures discard() {
        return new Figures();
    }
}
