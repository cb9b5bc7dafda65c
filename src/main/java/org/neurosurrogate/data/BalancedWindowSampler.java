package org.neurosurrogate.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * Draws training windows so that a set fraction of them (default one third) hold a somatic spike in their
 * scored part, the rest none. Deterministic for a seed; not thread-safe (give each loader thread its own
 * sampler, e.g. with seeds {@code seed + thread}).
 *
 * <p>A window of W ms starting at s covers simulation steps [s, s + W); its scored part is
 * [s + scoredFromMs, s + W) (the steps before {@code scoredFromMs} only fill the model's receptive field).
 * A start is valid when the window fits in the simulation and no scored step lies in the burn-in (the first
 * {@value #BURN_IN_MS} ms by default): s + scoredFromMs &ge; burnInMs. A valid start is <em>spiking</em> when
 * some somatic spike's bin floor(t) lies in the scored part.
 *
 * <p>At construction the valid starts of every simulation are split into spiking and quiet ones, from spike
 * times alone (no voltages are read), and kept as runs of consecutive starts. Each draw picks the spiking
 * class with probability {@code spikeFraction}, then a start uniformly among all starts of that class over
 * all simulations (so a simulation weighs by its number of such starts). If one class is empty, every draw
 * comes from the other, with one warning.
 */
public final class BalancedWindowSampler {
    public static final double DEFAULT_SPIKE_FRACTION = 1.0 / 3;
    public static final int BURN_IN_MS = 500;

    /** A drawn window start; {@code spiking} says whether its scored part holds a somatic spike. */
    public record Draw(int simulation, int startMs, boolean spiking) {
    }

    private final WindowSource reader;
    private final int[] requested;
    private final int windowMs;
    private final int scoredFromMs;
    private final double spikeFraction;
    private final int burnInMs;
    private final Consumer<String> warnings;
    private final SplittableRandom random;
    private Runs spiking;
    private Runs quiet;
    private boolean warnedEmptyClass;

    private BalancedWindowSampler(Builder b) {
        this.reader = b.reader;
        this.requested = b.simulations.clone();
        this.windowMs = b.windowMs;
        this.scoredFromMs = b.scoredFromMs;
        this.spikeFraction = b.spikeFraction;
        this.burnInMs = b.burnInMs;
        this.warnings = b.warnings;
        this.random = new SplittableRandom(b.seed);
        index();
        long missing = Arrays.stream(requested).filter(sim -> !reader.contains(sim)).count();
        if (missing > 0) {
            warnings.accept("warning: " + missing + " of " + requested.length
                    + " requested simulations are not in a readable shard; sampling from the rest");
        }
    }

    public static Builder builder(WindowSource reader, int[] simulations) {
        return new Builder(reader, simulations);
    }

    /** Splits the valid starts of the readable requested simulations into spiking and quiet runs. */
    private void index() {
        spiking = new Runs();
        quiet = new Runs();
        int lo = Math.max(0, burnInMs - scoredFromMs);
        int hi = reader.durationMs() - windowMs; // last valid start
        for (int sim : requested) {
            if (!reader.contains(sim) || hi < lo) {
                continue;
            }
            // spike bin b is scored by starts b - W + 1 .. b - scoredFromMs; bins ascend, so runs do too
            int next = lo; // first start not yet classified
            for (int b : spikeBins(reader.spikeTimesMs(sim))) {
                int from = Math.max(next, b - windowMs + 1);
                int to = Math.min(hi, b - scoredFromMs);
                if (from > to) {
                    continue;
                }
                quiet.add(sim, next, from - next);
                spiking.add(sim, from, to - from + 1);
                next = to + 1;
            }
            quiet.add(sim, next, hi - next + 1);
        }
        if (spiking.total == 0 && quiet.total == 0) {
            throw new NeuroSurrogateException("no valid window: " + windowMs + "-ms windows scored from "
                    + scoredFromMs + " ms after a " + burnInMs + "-ms burn-in do not fit in the "
                    + reader.durationMs() + "-ms simulations of the " + requested.length + " requested");
        }
        if ((spiking.total == 0 && spikeFraction > 0 || quiet.total == 0 && spikeFraction < 1) && !warnedEmptyClass) {
            warnedEmptyClass = true;
            warnings.accept("warning: no " + (spiking.total == 0 ? "spiking" : "spike-free")
                    + " windows among the requested simulations; every window drawn is "
                    + (spiking.total == 0 ? "spike-free" : "spiking"));
        }
    }

    private static int[] spikeBins(double[] spikeTimesMs) {
        return Arrays.stream(spikeTimesMs).mapToInt(t -> (int) Math.floor(t)).sorted().distinct().toArray();
    }

    /** The next window start. */
    public Draw next() {
        boolean wantSpike = random.nextDouble() < spikeFraction;
        Runs runs = wantSpike && spiking.total > 0 || quiet.total == 0 ? spiking : quiet;
        long r = random.nextLong(runs.total);
        int i = runs.find(r);
        return new Draw(runs.sim[i], runs.start[i] + (int) (r - runs.before(i)), runs == spiking);
    }

    /** The next window, read; a shard that fails while reading is dropped and another window drawn. */
    public Window nextWindow() {
        while (true) {
            Draw d = next();
            try {
                return reader.readWindow(d.simulation(), d.startMs(), windowMs);
            } catch (DataFormatException e) {
                index(); // DatasetReader has dropped the shard (and warned); draw only from the rest
            }
        }
    }

    public WindowSource reader() {
        return reader;
    }

    public int windowMs() {
        return windowMs;
    }

    public int scoredFromMs() {
        return scoredFromMs;
    }

    /** Scored steps per window. */
    public int scoredMs() {
        return windowMs - scoredFromMs;
    }

    public double spikeFraction() {
        return spikeFraction;
    }

    public int burnInMs() {
        return burnInMs;
    }

    /** Number of valid starts whose scored part holds a spike. */
    public long spikingStarts() {
        return spiking.total;
    }

    /** Number of valid starts whose scored part holds no spike. */
    public long quietStarts() {
        return quiet.total;
    }

    /** Runs of consecutive starts of one class; {@code end[i]} is the cumulative count through run i. */
    private static final class Runs {
        int[] sim = new int[16];
        int[] start = new int[16];
        long[] end = new long[16];
        int size;
        long total;

        void add(int simulation, int first, int count) {
            if (count <= 0) {
                return;
            }
            if (size == sim.length) {
                sim = Arrays.copyOf(sim, 2 * size);
                start = Arrays.copyOf(start, 2 * size);
                end = Arrays.copyOf(end, 2 * size);
            }
            total += count;
            sim[size] = simulation;
            start[size] = first;
            end[size] = total;
            size++;
        }

        /** Starts in the runs before run i. */
        long before(int i) {
            return i == 0 ? 0 : end[i - 1];
        }

        /** The run holding the r-th start (0-based). */
        int find(long r) {
            int lo = 0;
            int hi = size - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (end[mid] <= r) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** Required: the reader, the simulations (e.g. the training split) and {@code setWindowMs}. */
    public static final class Builder {
        private final WindowSource reader;
        private final int[] simulations;
        private int windowMs;
        private int scoredFromMs;
        private double spikeFraction = DEFAULT_SPIKE_FRACTION;
        private int burnInMs = BURN_IN_MS;
        private long seed;
        private Consumer<String> warnings = System.err::println;

        private Builder(WindowSource reader, int[] simulations) {
            this.reader = reader;
            this.simulations = simulations;
        }

        /** Window length W, ms. */
        public Builder setWindowMs(int windowMs) {
            this.windowMs = windowMs;
            return this;
        }

        /** Steps of the window before this offset are not scored (default 0: the whole window is scored). */
        public Builder optScoredFromMs(int scoredFromMs) {
            this.scoredFromMs = scoredFromMs;
            return this;
        }

        /** Fraction of draws with a spike in the scored part (default 1/3). */
        public Builder optSpikeFraction(double spikeFraction) {
            this.spikeFraction = spikeFraction;
            return this;
        }

        /** No scored step before this simulation time, ms (default {@value BalancedWindowSampler#BURN_IN_MS}). */
        public Builder optBurnInMs(int burnInMs) {
            this.burnInMs = burnInMs;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Receives the warning lines (default: standard error). */
        public Builder optWarnings(Consumer<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        public BalancedWindowSampler build() {
            if (windowMs < 1) {
                throw new IllegalArgumentException("window length " + windowMs + " ms: set a positive setWindowMs");
            }
            if (scoredFromMs < 0 || scoredFromMs >= windowMs) {
                throw new IllegalArgumentException("scoredFromMs " + scoredFromMs + " outside 0.." + (windowMs - 1));
            }
            if (!(spikeFraction >= 0 && spikeFraction <= 1)) {
                throw new IllegalArgumentException("spike fraction " + spikeFraction + " outside [0, 1]");
            }
            if (burnInMs < 0) {
                throw new IllegalArgumentException("burn-in " + burnInMs + " ms is negative");
            }
            return new BalancedWindowSampler(this);
        }
    }
}
