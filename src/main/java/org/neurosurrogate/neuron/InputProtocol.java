package org.neurosurrogate.neuron;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * Parameters of the time-varying synaptic input protocol of Beniaguev D, Segev I, London M (2021)
 * "Single cortical neurons as deep artificial neural networks", Neuron 109:2727 (the NMDA data set),
 * with the published values as defaults, and the generator of one simulation's input spike trains.
 *
 * <p>Algorithm of {@link #generate} (T = duration in 1-ms bins; S segments; every segment whose
 * {@link Region} is {@link Region#BASAL} belongs to the basal tree, every other segment to the apical
 * tree):
 * <ol>
 *   <li>Adjusted length ℓ'<sub>i</sub> = length<sub>i</sub> + {@code lengthOffsetUm}; tree totals
 *       Λ<sub>τ</sub> = Σ ℓ' over the tree.</li>
 *   <li>Rate-change interval Δ = c₁ + j₁, c₁ uniform from {@code rateChangeIntervalChoicesMs},
 *       j₁ = trunc(U(−J₁, J₁)) with J₁ = {@code rateChangeJitterMs} (truncation towards zero).</li>
 *   <li>Smoothing width σ = c₂ + j₂ likewise from {@code smoothingSigmaChoicesMs} and
 *       {@code smoothingJitterMs}. Δ and σ are shared by all segments, excitation and inhibition.</li>
 *   <li>K = ceil(T/Δ) intervals; interval k covers bins [kΔ, min((k+1)Δ, T)). Per tree τ and interval k,
 *       independently: excitatory spikes per 100 ms for the whole tree
 *       E ~ U({@code excitatoryMinPer100ms}, {@code excitatoryMaxPer100ms}); inhibitory
 *       I ~ U(max(0, E + dmin), E + dmax) with dmin, dmax = {@code inhibitoryMinusExcitatoryMin/MaxPer100ms}.</li>
 *   <li>Density per µm per ms r = E / (Λ<sub>τ</sub>·100) (likewise for I).</li>
 *   <li>Rate of segment i in interval k: r<sub>τ(i),k</sub>·m<sub>i,k</sub>·ℓ'<sub>i</sub>, with a fresh
 *       multiplier m ~ U({@code multiplierMin}, {@code multiplierMax}) per segment, interval and sign.</li>
 *   <li>Each segment's piecewise-constant rate trace (T bins) is smoothed with a normalised Gaussian of
 *       standard deviation σ and length M = {@code kernelLengthSigmas}·σ + 1 bins,
 *       g[m] ∝ exp(−½((m − (M−1)/2)/σ)²), m = 0..M−1, as a "same"-size convolution with zero padding:
 *       s[t] = Σ<sub>m</sub> g[m]·x[t + ⌊(M−1)/2⌋ − m], x = 0 outside [0, T). Rates therefore sag near
 *       both ends. The trace is piecewise constant, so this is computed exactly as a sum over intervals
 *       of value × (partial kernel sum): cost O(S·(T + K·M)), not O(S·T·M).</li>
 *   <li>Spikes, per channel and bin: the published rule draws p ~ Exponential(mean s) and emits a spike
 *       iff U(0,1) &lt; p, i.e. with probability P = s·(1 − e<sup>−1/s</sup>). This implementation draws
 *       a single uniform u per channel and bin and emits iff u &lt; P — the same distribution with half
 *       the draws. At most one spike per synapse per ms; spike time = bin index (integer ms).</li>
 * </ol>
 *
 * <p>With the defaults the expected input is ≈ 8000 excitatory and ≈ 6250 inhibitory spikes per second
 * over the whole cell, a little less because of the edge sag.
 *
 * <p>Synchronous volleys (ours, not the published protocol's; off by default): where {@code volleysPerSecond}
 * is above zero, each 1-ms bin holds a volley with probability {@code volleysPerSecond}/1000, and a volley makes
 * {@code volleySynapses} distinct excitatory synapses, drawn uniformly from all S, fire in that bin (merged with
 * the protocol's own spikes: still at most one spike per synapse per ms). Why: inside a network a cell receives
 * correlated input, such as a presynaptic population firing together, which the published protocol's independent
 * Poisson trains never show. An L5PC surrogate trained without them fired 1.14 times NEURON's spike count under
 * the published protocol and 1.92 times under 60 volleys of 20 synapses per second (docs/experiments.md). The
 * volleys draw from their own random stream (a {@link java.util.SplittableRandom} seeded with {@code seed +
 * 0x5DEECE66D}): per bin one uniform, then for a volley {@code volleySynapses} uniforms of a partial Fisher–Yates
 * shuffle of the S excitatory channels. With volleys off nothing is drawn and {@link #toMap()} leaves their keys
 * out, so trains and manifests are those of the published protocol.
 *
 * <p>{@code volleyFraction} below 1 mixes both kinds in one data set: a simulation gets volleys where one uniform of
 * a third stream (seeded with {@code seed + 0x2545F4914F6CDD1D}) is below it, and otherwise keeps the published
 * trains exactly. At 1 nothing is drawn for it, so the volley trains are those of a data set made without it.
 *
 * <p>Random stream (fixed, so a seed always gives the same trains): one {@link java.util.SplittableRandom} seeded
 * with {@code seed}; only {@link java.util.SplittableRandom#nextDouble()} is used (U(a, b) = a + (b − a)·u, a choice
 * from n entries = entry ⌊n·u⌋). Draw order: c₁, j₁, c₂, j₂; then E<sub>basal</sub>[0..K),
 * I<sub>basal</sub>[0..K), E<sub>apical</sub>[0..K), I<sub>apical</sub>[0..K) (each I drawn after all E of
 * its tree); then the excitatory multipliers segment-major (for segment i, for interval k), then the
 * inhibitory multipliers in the same order; then the spike uniforms time-major: for t = 0..T−1, for
 * channel 0..2S−1. Channels follow the package's input contract: channel i &lt; S is the excitatory
 * synapse of segment i, S + i its inhibitory synapse. Trains come out sorted by (time, channel).
 *
 * @param rateChangeIntervalChoicesMs rate-change interval choices (ms), each in [1, 100000]
 * @param rateChangeJitterMs jitter bound J₁ (ms) of the interval, in [0, min choice − 1]
 * @param smoothingSigmaChoicesMs Gaussian smoothing σ choices (ms), each in [1, 100000]
 * @param smoothingJitterMs jitter bound J₂ (ms) of σ, in [0, min choice − 1]
 * @param excitatoryMinPer100ms lower bound of a tree's excitatory spikes per 100 ms, in [0, 10000]
 * @param excitatoryMaxPer100ms upper bound of a tree's excitatory spikes per 100 ms, in [min, 10000]
 * @param inhibitoryMinusExcitatoryMinPer100ms lower bound of I − E per 100 ms, in [−10000, 10000]
 * @param inhibitoryMinusExcitatoryMaxPer100ms upper bound of I − E per 100 ms, in [max(0, min), 10000]
 * @param lengthOffsetUm length added to every segment before weighting (µm), in [0, 1000]
 * @param multiplierMin lower bound of the per-segment rate multiplier, in [0, 100]
 * @param multiplierMax upper bound of the per-segment rate multiplier, in [min, 100]
 * @param kernelLengthSigmas Gaussian kernel length in σ (kernel has this·σ + 1 bins), in [1, 20]
 * @param volleysPerSecond rate of synchronous excitatory volleys (per s), in [0, 1000]; 0: none
 * @param volleySynapses excitatory synapses per volley, in [1, 100000] (at most the cell's S when generating)
 * @param volleyFraction fraction of simulations that get volleys, in [0, 1]; 1: all of them
 */
public record InputProtocol(List<Integer> rateChangeIntervalChoicesMs, int rateChangeJitterMs,
                            List<Integer> smoothingSigmaChoicesMs, int smoothingJitterMs,
                            double excitatoryMinPer100ms, double excitatoryMaxPer100ms,
                            double inhibitoryMinusExcitatoryMinPer100ms,
                            double inhibitoryMinusExcitatoryMaxPer100ms,
                            double lengthOffsetUm, double multiplierMin, double multiplierMax,
                            int kernelLengthSigmas, double volleysPerSecond, int volleySynapses,
                            double volleyFraction) {

    public static final String RATE_CHANGE_INTERVAL_CHOICES_MS = "rate_change_interval_choices_ms";
    public static final String RATE_CHANGE_JITTER_MS = "rate_change_jitter_ms";
    public static final String SMOOTHING_SIGMA_CHOICES_MS = "smoothing_sigma_choices_ms";
    public static final String SMOOTHING_JITTER_MS = "smoothing_jitter_ms";
    public static final String EXCITATORY_MIN_PER_100MS = "excitatory_min_per_100ms";
    public static final String EXCITATORY_MAX_PER_100MS = "excitatory_max_per_100ms";
    public static final String INH_MINUS_EXC_MIN_PER_100MS = "inhibitory_minus_excitatory_min_per_100ms";
    public static final String INH_MINUS_EXC_MAX_PER_100MS = "inhibitory_minus_excitatory_max_per_100ms";
    public static final String LENGTH_OFFSET_UM = "length_offset_um";
    public static final String MULTIPLIER_MIN = "multiplier_min";
    public static final String MULTIPLIER_MAX = "multiplier_max";
    public static final String KERNEL_LENGTH_SIGMAS = "kernel_length_sigmas";
    public static final String VOLLEYS_PER_S = "volleys_per_s";
    public static final String VOLLEY_SYNAPSES = "volley_synapses";
    public static final String VOLLEY_FRACTION = "volley_fraction";

    /** Parameter names, in {@link #toMap()} order. */
    public static final List<String> PARAMETER_NAMES = List.of(RATE_CHANGE_INTERVAL_CHOICES_MS,
            RATE_CHANGE_JITTER_MS, SMOOTHING_SIGMA_CHOICES_MS, SMOOTHING_JITTER_MS, EXCITATORY_MIN_PER_100MS,
            EXCITATORY_MAX_PER_100MS, INH_MINUS_EXC_MIN_PER_100MS, INH_MINUS_EXC_MAX_PER_100MS,
            LENGTH_OFFSET_UM, MULTIPLIER_MIN, MULTIPLIER_MAX, KERNEL_LENGTH_SIGMAS);
    /**
     * The volleys' parameter names, after {@link #PARAMETER_NAMES} in {@link #toMap()} where volleys are on
     * ({@code volley_fraction} only where it is below 1).
     */
    public static final List<String> VOLLEY_PARAMETER_NAMES = List.of(VOLLEYS_PER_S, VOLLEY_SYNAPSES,
            VOLLEY_FRACTION);

    static final int MAX_CHOICE_MS = 100_000;
    static final double MAX_PER_100MS = 10_000;
    static final double MAX_LENGTH_OFFSET_UM = 1000;
    static final double MAX_MULTIPLIER = 100;
    static final int MAX_KERNEL_LENGTH_SIGMAS = 20;
    static final double MAX_VOLLEYS_PER_S = 1000;
    static final int MAX_VOLLEY_SYNAPSES = 100_000;
    /** Synapses per volley where none are set. */
    public static final int DEFAULT_VOLLEY_SYNAPSES = 20;

    /** The published Beniaguev et al. (2021) NMDA-data-set protocol. */
    public static final InputProtocol BENIAGUEV_2021 = new InputProtocol(
            List.of(25, 30, 35, 40, 45, 55, 60, 65, 70, 75, 80, 85, 90, 100, 150, 200, 300, 450), 20,
            List.of(25, 30, 35, 40, 50, 60, 80, 100, 150, 200, 300, 400, 500, 600), 20,
            0, 800, -600, 200, 10.0, 0.5, 1.5, 7, 0, DEFAULT_VOLLEY_SYNAPSES, 1);

    /** Validates every parameter; the message of a failure names the parameter and its allowed range. */
    public InputProtocol {
        rateChangeIntervalChoicesMs = checkChoices(RATE_CHANGE_INTERVAL_CHOICES_MS, rateChangeIntervalChoicesMs);
        checkInt(RATE_CHANGE_JITTER_MS, rateChangeJitterMs, 0, Collections.min(rateChangeIntervalChoicesMs) - 1);
        smoothingSigmaChoicesMs = checkChoices(SMOOTHING_SIGMA_CHOICES_MS, smoothingSigmaChoicesMs);
        checkInt(SMOOTHING_JITTER_MS, smoothingJitterMs, 0, Collections.min(smoothingSigmaChoicesMs) - 1);
        check(EXCITATORY_MIN_PER_100MS, excitatoryMinPer100ms, 0, MAX_PER_100MS);
        check(EXCITATORY_MAX_PER_100MS, excitatoryMaxPer100ms, excitatoryMinPer100ms, MAX_PER_100MS);
        check(INH_MINUS_EXC_MIN_PER_100MS, inhibitoryMinusExcitatoryMinPer100ms, -MAX_PER_100MS, MAX_PER_100MS);
        check(INH_MINUS_EXC_MAX_PER_100MS, inhibitoryMinusExcitatoryMaxPer100ms,
                Math.max(0, inhibitoryMinusExcitatoryMinPer100ms), MAX_PER_100MS);
        check(LENGTH_OFFSET_UM, lengthOffsetUm, 0, MAX_LENGTH_OFFSET_UM);
        check(MULTIPLIER_MIN, multiplierMin, 0, MAX_MULTIPLIER);
        check(MULTIPLIER_MAX, multiplierMax, multiplierMin, MAX_MULTIPLIER);
        checkInt(KERNEL_LENGTH_SIGMAS, kernelLengthSigmas, 1, MAX_KERNEL_LENGTH_SIGMAS);
        check(VOLLEYS_PER_S, volleysPerSecond, 0, MAX_VOLLEYS_PER_S);
        checkInt(VOLLEY_SYNAPSES, volleySynapses, 1, MAX_VOLLEY_SYNAPSES);
        check(VOLLEY_FRACTION, volleyFraction, 0, 1);
    }

    /** Whether the protocol adds synchronous volleys. */
    public boolean hasVolleys() {
        return volleysPerSecond > 0;
    }

    public static Builder builder() {
        return new Builder(BENIAGUEV_2021);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Generates one simulation's input spike trains (see the class documentation for the algorithm and the
     * draw order). Deterministic: the same segments, duration and seed always give the same trains.
     *
     * @param segments the cell's segments, in input-contract order
     * @param durationMs simulation length T (ms), ≥ 1; spike times are integers in [0, T)
     * @param seed random seed, e.g. from {@link #simulationSeed(long, int)}
     */
    public SpikeTrains generate(SegmentTable segments, int durationMs, long seed) {
        return ProtocolSampler.sample(this, segments, durationMs, seed);
    }

    /**
     * The trains of {@link #generate} with the same arguments, streamed: handed out bin range by bin range, with a
     * state bounded by the smoothing kernel's span, whatever {@code durationMs} (for cells of long network runs).
     */
    public BackgroundStream stream(SegmentTable segments, int durationMs, long seed) {
        return new ProtocolStream(this, segments, durationMs, seed);
    }

    /**
     * The seed of simulation {@code simulationIndex} of a data set seeded with {@code datasetSeed}, so that
     * any one simulation can be regenerated on its own: SplitMix64 finaliser of
     * (mix(datasetSeed) + γ·(simulationIndex + 1)), γ = 0x9E3779B97F4A7C15. Distinct for distinct indices
     * of one data set (the finaliser is a bijection). Part of the data-set format: do not change.
     */
    public static long simulationSeed(long datasetSeed, int simulationIndex) {
        if (simulationIndex < 0) {
            throw new NeuroSurrogateException("simulation index " + simulationIndex + " out of range [0, "
                    + Integer.MAX_VALUE + "]");
        }
        return mix64(mix64(datasetSeed) + 0x9E3779B97F4A7C15L * (simulationIndex + 1L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Parameter name → value (snake_case names, {@link #PARAMETER_NAMES} order, then {@link
     * #VOLLEY_PARAMETER_NAMES} where volleys are on) for a data-set manifest.
     * Choice lists are {@code List<Integer>}, jitters and {@code kernel_length_sigmas} {@code Integer},
     * the rest {@code Double}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(RATE_CHANGE_INTERVAL_CHOICES_MS, rateChangeIntervalChoicesMs);
        m.put(RATE_CHANGE_JITTER_MS, rateChangeJitterMs);
        m.put(SMOOTHING_SIGMA_CHOICES_MS, smoothingSigmaChoicesMs);
        m.put(SMOOTHING_JITTER_MS, smoothingJitterMs);
        m.put(EXCITATORY_MIN_PER_100MS, excitatoryMinPer100ms);
        m.put(EXCITATORY_MAX_PER_100MS, excitatoryMaxPer100ms);
        m.put(INH_MINUS_EXC_MIN_PER_100MS, inhibitoryMinusExcitatoryMinPer100ms);
        m.put(INH_MINUS_EXC_MAX_PER_100MS, inhibitoryMinusExcitatoryMaxPer100ms);
        m.put(LENGTH_OFFSET_UM, lengthOffsetUm);
        m.put(MULTIPLIER_MIN, multiplierMin);
        m.put(MULTIPLIER_MAX, multiplierMax);
        m.put(KERNEL_LENGTH_SIGMAS, kernelLengthSigmas);
        if (hasVolleys()) { // absent otherwise, so a published-protocol manifest is unchanged
            m.put(VOLLEYS_PER_S, volleysPerSecond);
            m.put(VOLLEY_SYNAPSES, volleySynapses);
            if (volleyFraction < 1) { // absent at 1, so earlier volley manifests are unchanged
                m.put(VOLLEY_FRACTION, volleyFraction);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The protocol a map describes, as written by {@link #toMap()} or parsed from JSON. Keys that are absent
     * keep their published default; unknown keys, wrong types and out-of-range values throw
     * {@link NeuroSurrogateException} naming the key. Numbers may be any {@link Number} (integer
     * parameters must be whole); choice lists any collection of numbers or an {@code int[]}.
     */
    public static InputProtocol fromMap(Map<String, ?> map) {
        List<String> names = new ArrayList<>(PARAMETER_NAMES);
        names.addAll(VOLLEY_PARAMETER_NAMES);
        Set<String> known = Set.copyOf(names);
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new NeuroSurrogateException("unknown input-protocol parameter '" + key + "'; known: "
                        + String.join(", ", names));
            }
        }
        Builder b = builder();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case RATE_CHANGE_INTERVAL_CHOICES_MS -> b.rateChangeIntervalChoicesMs(intList(k, v));
                case RATE_CHANGE_JITTER_MS -> b.rateChangeJitterMs(integer(k, v));
                case SMOOTHING_SIGMA_CHOICES_MS -> b.smoothingSigmaChoicesMs(intList(k, v));
                case SMOOTHING_JITTER_MS -> b.smoothingJitterMs(integer(k, v));
                case EXCITATORY_MIN_PER_100MS -> b.excitatoryMinPer100ms(number(k, v));
                case EXCITATORY_MAX_PER_100MS -> b.excitatoryMaxPer100ms(number(k, v));
                case INH_MINUS_EXC_MIN_PER_100MS -> b.inhibitoryMinusExcitatoryMinPer100ms(number(k, v));
                case INH_MINUS_EXC_MAX_PER_100MS -> b.inhibitoryMinusExcitatoryMaxPer100ms(number(k, v));
                case LENGTH_OFFSET_UM -> b.lengthOffsetUm(number(k, v));
                case MULTIPLIER_MIN -> b.multiplierMin(number(k, v));
                case MULTIPLIER_MAX -> b.multiplierMax(number(k, v));
                case KERNEL_LENGTH_SIGMAS -> b.kernelLengthSigmas(integer(k, v));
                case VOLLEYS_PER_S -> b.volleysPerSecond(number(k, v));
                case VOLLEY_SYNAPSES -> b.volleySynapses(integer(k, v));
                case VOLLEY_FRACTION -> b.volleyFraction(number(k, v));
                default -> throw new IllegalStateException(k);
            }
        }
        return b.build();
    }

    private static double number(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new NeuroSurrogateException(key + " must be a number, got " + describe(v));
    }

    private static int integer(String key, Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new NeuroSurrogateException(key + " must be a whole number, got " + describe(v));
    }

    private static List<Integer> intList(String key, Object v) {
        List<Integer> out = new ArrayList<>();
        if (v instanceof int[] a) {
            for (int x : a) {
                out.add(x);
            }
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(integer(key + " entry", o));
            }
        } else {
            throw new NeuroSurrogateException(key + " must be a list of whole numbers, got " + describe(v));
        }
        return out;
    }

    private static String describe(Object v) {
        return v == null ? "null" : "'" + v + "' (" + v.getClass().getSimpleName() + ")";
    }

    private static List<Integer> checkChoices(String name, List<Integer> choices) {
        if (choices == null || choices.isEmpty()) {
            throw new NeuroSurrogateException(name + " is empty; needs 1 or more entries in [1, "
                    + MAX_CHOICE_MS + "]");
        }
        for (Integer c : choices) {
            if (c == null || c < 1 || c > MAX_CHOICE_MS) {
                throw new NeuroSurrogateException(name + " entry " + c + " out of range [1, " + MAX_CHOICE_MS + "]");
            }
        }
        return List.copyOf(choices);
    }

    private static void checkInt(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new NeuroSurrogateException(name + " " + v + " out of range [" + lo + ", " + hi + "]");
        }
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new NeuroSurrogateException(name + " " + fmt(v) + " out of range [" + fmt(lo) + ", " + fmt(hi)
                    + "]");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Starts from another protocol (the published one for {@link #builder()}); {@link #build()} validates. */
    public static final class Builder {
        private List<Integer> rateChangeIntervalChoicesMs;
        private int rateChangeJitterMs;
        private List<Integer> smoothingSigmaChoicesMs;
        private int smoothingJitterMs;
        private double excitatoryMinPer100ms;
        private double excitatoryMaxPer100ms;
        private double inhibitoryMinusExcitatoryMinPer100ms;
        private double inhibitoryMinusExcitatoryMaxPer100ms;
        private double lengthOffsetUm;
        private double multiplierMin;
        private double multiplierMax;
        private int kernelLengthSigmas;
        private double volleysPerSecond;
        private int volleySynapses;
        private double volleyFraction;

        private Builder(InputProtocol p) {
            rateChangeIntervalChoicesMs = p.rateChangeIntervalChoicesMs;
            rateChangeJitterMs = p.rateChangeJitterMs;
            smoothingSigmaChoicesMs = p.smoothingSigmaChoicesMs;
            smoothingJitterMs = p.smoothingJitterMs;
            excitatoryMinPer100ms = p.excitatoryMinPer100ms;
            excitatoryMaxPer100ms = p.excitatoryMaxPer100ms;
            inhibitoryMinusExcitatoryMinPer100ms = p.inhibitoryMinusExcitatoryMinPer100ms;
            inhibitoryMinusExcitatoryMaxPer100ms = p.inhibitoryMinusExcitatoryMaxPer100ms;
            lengthOffsetUm = p.lengthOffsetUm;
            multiplierMin = p.multiplierMin;
            multiplierMax = p.multiplierMax;
            kernelLengthSigmas = p.kernelLengthSigmas;
            volleysPerSecond = p.volleysPerSecond;
            volleySynapses = p.volleySynapses;
            volleyFraction = p.volleyFraction;
        }

        public Builder rateChangeIntervalChoicesMs(List<Integer> v) {
            rateChangeIntervalChoicesMs = v == null ? null : new ArrayList<>(v);
            return this;
        }

        public Builder rateChangeJitterMs(int v) {
            rateChangeJitterMs = v;
            return this;
        }

        public Builder smoothingSigmaChoicesMs(List<Integer> v) {
            smoothingSigmaChoicesMs = v == null ? null : new ArrayList<>(v);
            return this;
        }

        public Builder smoothingJitterMs(int v) {
            smoothingJitterMs = v;
            return this;
        }

        public Builder excitatoryMinPer100ms(double v) {
            excitatoryMinPer100ms = v;
            return this;
        }

        public Builder excitatoryMaxPer100ms(double v) {
            excitatoryMaxPer100ms = v;
            return this;
        }

        public Builder inhibitoryMinusExcitatoryMinPer100ms(double v) {
            inhibitoryMinusExcitatoryMinPer100ms = v;
            return this;
        }

        public Builder inhibitoryMinusExcitatoryMaxPer100ms(double v) {
            inhibitoryMinusExcitatoryMaxPer100ms = v;
            return this;
        }

        public Builder lengthOffsetUm(double v) {
            lengthOffsetUm = v;
            return this;
        }

        public Builder multiplierMin(double v) {
            multiplierMin = v;
            return this;
        }

        public Builder multiplierMax(double v) {
            multiplierMax = v;
            return this;
        }

        public Builder kernelLengthSigmas(int v) {
            kernelLengthSigmas = v;
            return this;
        }

        /** Synchronous excitatory volleys per second (0: none). */
        public Builder volleysPerSecond(double v) {
            volleysPerSecond = v;
            return this;
        }

        public Builder volleySynapses(int v) {
            volleySynapses = v;
            return this;
        }

        /** The fraction of simulations that get volleys (each decides by its own draw); 1: all. */
        public Builder volleyFraction(double v) {
            volleyFraction = v;
            return this;
        }

        /** @throws NeuroSurrogateException naming the first invalid parameter and its allowed range */
        public InputProtocol build() {
            return new InputProtocol(rateChangeIntervalChoicesMs, rateChangeJitterMs, smoothingSigmaChoicesMs,
                    smoothingJitterMs, excitatoryMinPer100ms, excitatoryMaxPer100ms,
                    inhibitoryMinusExcitatoryMinPer100ms, inhibitoryMinusExcitatoryMaxPer100ms, lengthOffsetUm,
                    multiplierMin, multiplierMax, kernelLengthSigmas, volleysPerSecond, volleySynapses,
                    volleyFraction);
        }
    }
}
