package org.neurosurrogate.hybrid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.SegmentTable;

/**
 * A network spec resolved into cells and connections. Every random choice (which cells are surrogates when a
 * fraction is given, who connects to whom, which segment each connection lands on) comes from the spec's seed,
 * the rule and the target gid alone, so an all-detailed run, a hybrid run and any number of MPI ranks build the
 * same network. The synchronisation interval Δ and the delay check live here too (see {@link HybridRunner}).
 *
 * @param intervalMs Δ, the interval NEURON advances between two surrogate steps (whole ms)
 * @param lagIntervals K: a surrogate's spike is sent K·Δ after it (1: the step follows NEURON's interval; 2: the
 *     step of one interval runs while NEURON integrates the next, so their costs overlap)
 */
public record NetworkPlan(NetworkSpec spec, List<SegmentTable> tables, List<Cell> cells, List<Connection> connections,
                          int intervalMs, int lagIntervals, double dtMs) {
    /** Δ chosen when no connection out of a surrogate limits it: long steps are cheap steps. */
    public static final int MAX_DEFAULT_INTERVAL_MS = 10;

    /** One cell: its gid, population (index into the spec's), index within it, and whether it runs as a surrogate. */
    public record Cell(int gid, int population, int index, boolean surrogate) {
    }

    /**
     * One connection: {@code channel} is the target's input channel (segment s: s for the excitatory synapse,
     * S + s for the inhibitory one), so detailed and surrogate targets read it the same way.
     */
    public record Connection(int source, int target, int channel, double weight, double delayMs, int rule) {
    }

    /**
     * Resolves {@code spec} given each population's segment table (in population order).
     *
     * @param allDetailed every cell detailed (the reference run of {@code hybrid --validate})
     */
    public static NetworkPlan of(NetworkSpec spec, List<SegmentTable> tables, boolean allDetailed) {
        double dt = spec.populations().get(0).spec().dt();
        for (NetworkSpec.Population p : spec.populations()) {
            if (p.spec().dt() != dt) {
                throw new NeuroSurrogateException(spec.file() + ": populations " + spec.populations().get(0).name()
                        + " and " + p.name() + " use models with different dt (" + dt + ", " + p.spec().dt()
                        + " ms); one network runs at one fixed step");
            }
        }
        int[] first = spec.firstGids();
        List<Cell> cells = new ArrayList<>();
        for (int p = 0; p < spec.populations().size(); p++) {
            boolean[] sur = allDetailed ? new boolean[spec.populations().get(p).count()]
                    : surrogateCells(spec.populations().get(p), spec.seed(), p);
            for (int i = 0; i < sur.length; i++) {
                cells.add(new Cell(first[p] + i, p, i, sur[i]));
            }
        }
        List<Connection> connections = new ArrayList<>();
        for (NetworkSpec.ConnectionRule rule : spec.connections()) {
            connections.addAll(connect(spec, rule, tables, first));
        }
        int[] sync = synchronisation(spec, cells, connections, dt);
        return new NetworkPlan(spec, List.copyOf(tables), List.copyOf(cells), List.copyOf(connections), sync[0],
                sync[1], dt);
    }

    /** Which cells of a population run as surrogates: the listed ones, or a seeded choice of round(f · n). */
    static boolean[] surrogateCells(NetworkSpec.Population pop, long seed, int population) {
        boolean[] sur = new boolean[pop.count()];
        NetworkSpec.SurrogateChoice choice = pop.surrogate();
        if (choice == null) {
            return sur;
        }
        if (choice.cells() != null) {
            for (int c : choice.cells()) {
                sur[c] = true;
            }
            return sur;
        }
        int n = (int) Math.round(choice.fraction() * pop.count());
        int[] order = permutation(pop.count(), new SplittableRandom(mix(seed, 0x5L, population, 0)));
        for (int i = 0; i < n; i++) {
            sur[order[i]] = true;
        }
        return sur;
    }

    private static List<Connection> connect(NetworkSpec spec, NetworkSpec.ConnectionRule rule,
                                            List<SegmentTable> tables, int[] first) {
        int from = indexOf(spec, rule.from());
        int to = indexOf(spec, rule.to());
        SegmentTable table = tables.get(to);
        int[] eligible = eligibleSegments(spec, rule, table);
        double[] cumulative = new double[eligible.length];
        double total = 0;
        for (int i = 0; i < eligible.length; i++) {
            total += table.length()[eligible[i]] + 10.0; // as the input protocols weight segments: length + 10 µm
            cumulative[i] = total;
        }
        int offset = rule.synapse() == NetworkSpec.Synapse.EXCITATORY ? 0 : table.size();
        List<Connection> out = new ArrayList<>();
        int nFrom = spec.populations().get(from).count();
        for (int j = 0; j < spec.populations().get(to).count(); j++) {
            int target = first[to] + j;
            SplittableRandom rng = new SplittableRandom(mix(spec.seed(), 0xC0L, rule.index(), target));
            List<Integer> sources = new ArrayList<>();
            if (rule.inDegree() >= 0) {
                int[] order = permutation(nFrom, rng);
                for (int k = 0; k < order.length && sources.size() < rule.inDegree(); k++) {
                    if (rule.autapses() || first[from] + order[k] != target) {
                        sources.add(first[from] + order[k]);
                    }
                }
                sources.sort(null);
            } else {
                for (int i = 0; i < nFrom; i++) {
                    if ((rule.autapses() || first[from] + i != target) && rng.nextDouble() < rule.probability()) {
                        sources.add(first[from] + i);
                    }
                }
            }
            for (int source : sources) {
                for (int contact = 0; contact < rule.contacts(); contact++) {
                    double u = rng.nextDouble() * total;
                    int k = Arrays.binarySearch(cumulative, u);
                    k = k >= 0 ? Math.min(k + 1, eligible.length - 1) : -k - 1;
                    out.add(new Connection(source, target, offset + eligible[k], rule.weight(), rule.delayMs(),
                            rule.index()));
                }
            }
        }
        return out;
    }

    private static int[] eligibleSegments(NetworkSpec spec, NetworkSpec.ConnectionRule rule, SegmentTable table) {
        List<Integer> idx = new ArrayList<>();
        for (int s = 0; s < table.size(); s++) {
            boolean inRegion = rule.region() == null || table.region()[s] == rule.region();
            double d = table.distance()[s];
            if (inRegion && d >= rule.minDistanceUm() && d <= rule.maxDistanceUm()) {
                idx.add(s);
            }
        }
        if (idx.isEmpty()) {
            String where = rule.region() != null ? "region '" + rule.region().label() + "'"
                    : String.format(Locale.ROOT, "distance %.0f–%.0f µm", rule.minDistanceUm(), rule.maxDistanceUm());
            throw new NeuroSurrogateException(spec.file() + ": " + rule.label() + ": the model of population '"
                    + rule.to() + "' has no recorded segment in " + where + " (its regions: "
                    + table.countByRegion() + ")");
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Δ and K. A surrogate's spike in the interval [T, T + Δ) is known only once NEURON has reached T + Δ (K = 1)
     * or, when the step runs beside NEURON's next interval, T + 2Δ (K = 2); it is sent K·Δ late through a NetCon
     * K·Δ shorter, so a connection out of a surrogate needs a delay ≥ K·Δ + dt. Δ is the spec's {@code interval_ms}
     * or the largest whole ms those delays allow (at most {@value #MAX_DEFAULT_INTERVAL_MS}); K is 2 (overlapped)
     * unless the spec says {@code "overlap": false}, the delays leave no Δ ≥ 1 for it, or every cell is a surrogate
     * (nothing to overlap with; K = 1 lets Δ be twice as long, and a step's cost falls with its length).
     */
    static int[] synchronisation(NetworkSpec spec, List<Cell> cells, List<Connection> connections, double dt) {
        double minOut = Double.POSITIVE_INFINITY;
        Connection limiting = null;
        for (Connection c : connections) {
            if (cells.get(c.source()).surrogate() && c.delayMs() < minOut) {
                minOut = c.delayMs();
                limiting = c;
            }
        }
        boolean overlapFits = limiting == null || (spec.intervalMs() == 0
                ? Math.floor((minOut - dt + 1e-9) / 2) >= 1          // some Δ ≥ 1 with 2Δ + dt ≤ the delays
                : minOut >= 2 * spec.intervalMs() + dt - 1e-9);       // the given Δ overlapped
        // with no detailed cell NEURON has nothing to integrate beside the steps: K = 1 lets Δ double (fewer steps)
        boolean anyDetailed = cells.stream().anyMatch(c -> !c.surrogate());
        int lag = spec.overlap() == null ? (overlapFits && anyDetailed ? 2 : 1) : (spec.overlap() ? 2 : 1);
        int interval = spec.intervalMs();
        if (interval == 0) {
            interval = Double.isInfinite(minOut) ? MAX_DEFAULT_INTERVAL_MS
                    : (int) Math.min(MAX_DEFAULT_INTERVAL_MS, Math.floor((minOut - dt + 1e-9) / lag));
        }
        if (limiting != null && (interval < 1 || minOut < lag * interval + dt - 1e-9)) {
            int shown = Math.max(1, interval);
            throw new NeuroSurrogateException(String.format(Locale.ROOT, "%s: %s: delay_ms %s is shorter than the "
                    + "synchronisation allows: a connection out of a surrogate cell needs delay_ms ≥ %s (%sinterval_ms"
                    + " %d + dt %s)%s", spec.file(), spec.connections().get(limiting.rule()).label(), minOut,
                    lag * shown + dt, lag == 2 ? "2 × " : "", shown, dt,
                    lag == 2 ? "; set \"overlap\": false, lower interval_ms or raise the delay"
                            : shown > 1 ? "; lower interval_ms or raise the delay" : "; raise the delay"));
        }
        return new int[] {interval, lag};
    }

    private static int indexOf(NetworkSpec spec, String population) {
        for (int p = 0; p < spec.populations().size(); p++) {
            if (spec.populations().get(p).name().equals(population)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no population " + population);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[k];
            a[k] = t;
        }
        return a;
    }

    /** A stream seed from the network seed and what the stream is for (SplitMix64 finaliser of the combination). */
    static long mix(long seed, long purpose, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + purpose * 0xBF58476D1CE4E5B9L + a * 0x94D049BB133111EBL + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of a cell's background input. */
    public long backgroundSeed(int gid) {
        return mix(spec.seed(), 0xB6L, gid, 0);
    }

    public int surrogateCount() {
        return (int) cells.stream().filter(Cell::surrogate).count();
    }

    /** Cells of this rank (see {@link #rankOfCells}). */
    public List<Cell> cellsOfRank(int rank, int ranks) {
        int[] of = rankOfCells(ranks);
        return cells.stream().filter(c -> of[c.gid()] == rank).toList();
    }

    /**
     * The rank of every cell, by gid: detailed cells and surrogate cells are each dealt round robin in gid order,
     * so every rank gets an even share of both (they differ in cost by orders of magnitude: a rank's surrogates run
     * as one batched step, its detailed cells in its NEURON). Every rank computes the same.
     */
    public int[] rankOfCells(int ranks) {
        if (ranks < 1) {
            throw new IllegalArgumentException("ranks must be >= 1, got " + ranks);
        }
        int[] of = new int[cells.size()];
        int detailed = 0;
        int surrogates = 0;
        for (Cell c : cells) {
            of[c.gid()] = c.surrogate() ? surrogates++ % ranks : detailed++ % ranks;
        }
        return of;
    }
}
