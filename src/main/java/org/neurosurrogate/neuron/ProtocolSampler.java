package org.neurosurrogate.neuron;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * The generator behind {@link InputProtocol#generate}: the algorithm and the draw order are documented
 * there (Beniaguev D, Segev I, London M (2021) Neuron 109:2727). Pure computation on primitive arrays.
 */
final class ProtocolSampler {

    /** Below this rate s·(1 − e^(−1/s)) rounds to s in double precision (e^(−40) &lt; 2^(−54)). */
    static final double EXACT_RATE_BELOW = 1.0 / 40;

    private ProtocolSampler() {
    }

    /** The per-simulation random choices, exposed for tests. */
    record Draws(int intervalMs, int sigmaMs, double[] excBasal, double[] inhBasal, double[] excApical,
                 double[] inhApical) {
    }

    /**
     * Each segment's length plus the protocol's offset, whether it is basal, and each tree's total (step 1):
     * what both the whole-run generator and {@link ProtocolStream} start from.
     */
    record TreeLengths(double[] adjusted, boolean[] basal, double basalTotal, double apicalTotal) {
        static TreeLengths of(InputProtocol p, SegmentTable segments) {
            int n = segments.size();
            double[] adjusted = new double[n];
            boolean[] basal = new boolean[n];
            double lb = 0;
            double la = 0;
            for (int i = 0; i < n; i++) {
                double l = segments.length()[i];
                if (!(l >= 0) || Double.isInfinite(l)) {
                    throw new NeuroSurrogateException("segment " + i + " (" + segments.section()[i] + ") length " + l
                            + " µm is not a finite number ≥ 0");
                }
                adjusted[i] = l + p.lengthOffsetUm();
                basal[i] = segments.region()[i] == Region.BASAL;
                if (basal[i]) {
                    lb += adjusted[i];
                } else {
                    la += adjusted[i];
                }
            }
            return new TreeLengths(adjusted, basal, lb, la);
        }
    }

    static void checkDuration(int durationMs) {
        if (durationMs < 1) {
            throw new NeuroSurrogateException("duration_ms " + durationMs + " out of range [1, "
                    + Integer.MAX_VALUE + "]");
        }
    }

    /** Whether simulation {@code seed} gets volleys; refuses a volley larger than the cell's n synapses. */
    static boolean getsVolleys(InputProtocol p, int n, long seed) {
        boolean yes = p.hasVolleys() && (p.volleyFraction() >= 1
                || new SplittableRandom(seed + VOLLEY_CHOICE_STREAM).nextDouble() < p.volleyFraction());
        if (yes && p.volleySynapses() > n) {
            throw new NeuroSurrogateException(InputProtocol.VOLLEY_SYNAPSES + " " + p.volleySynapses()
                    + " exceeds the cell's " + n + " excitatory synapses; use at most " + n);
        }
        return yes;
    }

    /**
     * A bin's volley, if the volley stream gives it one: k of the n excitatory synapses, ascending (a partial
     * Fisher-Yates shuffle of {@code pool}, so pool[0..k) is a uniform k-subset); null for none.
     */
    static int[] drawVolley(SplittableRandom rng, InputProtocol p, int[] pool) {
        if (rng.nextDouble() >= p.volleysPerSecond() / 1000.0) {
            return null;
        }
        int n = pool.length;
        int k = p.volleySynapses();
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + (int) (rng.nextDouble() * (n - i));
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        int[] volley = Arrays.copyOf(pool, k);
        Arrays.sort(volley);
        return volley;
    }

    static SpikeTrains sample(InputProtocol p, SegmentTable segments, int durationMs, long seed) {
        return run(p, segments, durationMs, seed, null);
    }

    /** As {@link #sample}; when {@code drawsOut} is a 1-element array, its slot receives the draws. */
    static SpikeTrains run(InputProtocol p, SegmentTable segments, int durationMs, long seed, Draws[] drawsOut) {
        checkDuration(durationMs);
        final int n = segments.size();
        final int tMax = durationMs;

        // 1. Adjusted lengths and tree totals.
        TreeLengths trees = TreeLengths.of(p, segments);
        double[] adjusted = trees.adjusted();
        boolean[] basal = trees.basal();
        double lambdaBasal = trees.basalTotal();
        double lambdaApical = trees.apicalTotal();

        SplittableRandom rng = new SplittableRandom(seed);
        // 2-3. Interval and smoothing width.
        int interval = choose(rng, p.rateChangeIntervalChoicesMs()) + jitter(rng, p.rateChangeJitterMs());
        int sigma = choose(rng, p.smoothingSigmaChoicesMs()) + jitter(rng, p.smoothingJitterMs());

        // 4. Per-tree, per-interval totals (spikes per 100 ms).
        int k = (int) ((tMax + (long) interval - 1) / interval);
        double[] excBasal = new double[k];
        double[] inhBasal = new double[k];
        double[] excApical = new double[k];
        double[] inhApical = new double[k];
        drawTotals(rng, p, excBasal, inhBasal);
        drawTotals(rng, p, excApical, inhApical);
        if (drawsOut != null) {
            drawsOut[0] = new Draws(interval, sigma, excBasal, inhBasal, excApical, inhApical);
        }

        // 5. Densities per µm per ms.
        double[][] densityBasal = {density(excBasal, lambdaBasal), density(inhBasal, lambdaBasal)};
        double[][] densityApical = {density(excApical, lambdaApical), density(inhApical, lambdaApical)};

        // 7-8 prepared: the smoothed response to a unit box of each interval length.
        int kernelLength = p.kernelLengthSigmas() * sigma + 1;
        int centre = (kernelLength - 1) / 2;
        double[] cumulative = cumulativeKernel(kernelLength, sigma);
        int lastLength = tMax - (k - 1) * interval;
        double[] boxFull = boxResponse(cumulative, interval);
        double[] boxLast = lastLength == interval ? boxFull : boxResponse(cumulative, lastLength);

        // 6. Per-interval rate of every channel (exc 0..n-1, then inh): values[k][ch]. The multipliers are
        //    drawn channel-major (for channel, for interval) whatever the storage order.
        final int channelCount = 2 * n;
        double[][] values = new double[k][channelCount];
        double lo = p.multiplierMin();
        double span = p.multiplierMax() - p.multiplierMin();
        for (int ch = 0; ch < channelCount; ch++) {
            int seg = ch < n ? ch : ch - n;
            int sign = ch < n ? 0 : 1;
            double[] dens = basal[seg] ? densityBasal[sign] : densityApical[sign];
            for (int j = 0; j < k; j++) {
                double m = lo + span * rng.nextDouble();
                values[j][ch] = dens[j] * m * adjusted[seg];
            }
        }

        // 7-9. Bin by bin: the smoothed rates of all channels at bin t (each interval's values times its box
        //      response, summed over the intervals whose response reaches t; cost O(channels * (T + K * M))),
        //      then that bin's spikes, so the output comes out sorted by (time, channel).
        double[] rate = new double[channelCount];
        int[] times = new int[1024];
        int[] channels = new int[1024];
        int count = 0;
        for (int t = 0; t < tMax; t++) {
            Arrays.fill(rate, 0.0);
            // interval j's response (box[u] at t = j * interval - centre + u) reaches t iff 0 <= u < box.length
            int jFirst = Math.max(0, Math.floorDiv(t + centre - boxFull.length, interval) + 1);
            int jLast = Math.min(k - 1, Math.floorDiv(t + centre, interval));
            for (int j = jFirst; j <= jLast; j++) {
                double[] box = j == k - 1 ? boxLast : boxFull;
                int u = t + centre - j * interval;
                if (u >= box.length) {
                    continue;
                }
                double b = box[u];
                double[] v = values[j];
                for (int ch = 0; ch < channelCount; ch++) {
                    rate[ch] += b * v[ch];
                }
            }
            for (int ch = 0; ch < channelCount; ch++) {
                double s = rate[ch];
                double prob = s < EXACT_RATE_BELOW ? s : -s * Math.expm1(-1.0 / s);
                if (rng.nextDouble() < prob) {
                    if (count == times.length) {
                        times = Arrays.copyOf(times, 2 * count);
                        channels = Arrays.copyOf(channels, 2 * count);
                    }
                    times[count] = t;
                    channels[count] = ch;
                    count++;
                }
            }
        }
        if (getsVolleys(p, n, seed)) {
            return withVolleys(p, n, tMax, seed, times, channels, count);
        }
        return trains(times, channels, count, n);
    }

    /** The first {@code count} events (integer ms, sorted) as the trains of a cell with n segments. */
    private static SpikeTrains trains(int[] times, int[] channels, int count, int n) {
        double[] timesMs = new double[count];
        for (int e = 0; e < count; e++) {
            timesMs[e] = times[e];
        }
        return new SpikeTrains(timesMs, Arrays.copyOf(channels, count), 2 * n);
    }

    /** Stream offset of the volleys' own random numbers (documented in {@link InputProtocol}). */
    static final long VOLLEY_STREAM = 0x5DEECE66DL;
    /** Stream offset of the one draw that decides whether a simulation gets volleys (volley_fraction &lt; 1). */
    static final long VOLLEY_CHOICE_STREAM = 0x2545F4914F6CDD1DL;

    /**
     * The protocol's {@code count} events (sorted by time, then channel) merged with synchronous volleys on the
     * excitatory channels [0, n); a synapse already firing in a volley's bin fires once.
     */
    private static SpikeTrains withVolleys(InputProtocol p, int n, int tMax, long seed, int[] times, int[] channels,
            int count) {
        SplittableRandom rng = new SplittableRandom(seed + VOLLEY_STREAM);
        int[] pool = new int[n];
        int[] outTimes = new int[count + 64];
        int[] outChannels = new int[outTimes.length];
        int out = 0;
        int e = 0;
        for (int t = 0; t < tMax; t++) {
            int[] volley = drawVolley(rng, p, pool);
            int v = 0;
            // Merge the bin's protocol events with the volley's channels, both ascending.
            while ((e < count && times[e] == t) || (volley != null && v < volley.length)) {
                if (out + 1 >= outTimes.length) {
                    outTimes = Arrays.copyOf(outTimes, 2 * outTimes.length);
                    outChannels = Arrays.copyOf(outChannels, outTimes.length);
                }
                boolean fromProtocol = e < count && times[e] == t
                        && (volley == null || v >= volley.length || channels[e] <= volley[v]);
                int ch = fromProtocol ? channels[e] : volley[v];
                if (fromProtocol) {
                    if (volley != null && v < volley.length && volley[v] == ch) {
                        v++; // the same synapse in both: one spike
                    }
                    e++;
                } else {
                    v++;
                }
                outTimes[out] = t;
                outChannels[out] = ch;
                out++;
            }
        }
        return trains(outTimes, outChannels, out, n);
    }

    private static int choose(SplittableRandom rng, List<Integer> choices) {
        return choices.get((int) (rng.nextDouble() * choices.size()));
    }

    /** trunc(U(−bound, bound)), truncation towards zero. */
    private static int jitter(SplittableRandom rng, int bound) {
        return (int) (-bound + 2.0 * bound * rng.nextDouble());
    }

    private static void drawTotals(SplittableRandom rng, InputProtocol p, double[] exc, double[] inh) {
        double eLo = p.excitatoryMinPer100ms();
        double eSpan = p.excitatoryMaxPer100ms() - eLo;
        for (int j = 0; j < exc.length; j++) {
            exc[j] = eLo + eSpan * rng.nextDouble();
        }
        for (int j = 0; j < inh.length; j++) {
            double iLo = Math.max(0, exc[j] + p.inhibitoryMinusExcitatoryMinPer100ms());
            double iHi = exc[j] + p.inhibitoryMinusExcitatoryMaxPer100ms();
            inh[j] = iLo + (iHi - iLo) * rng.nextDouble();
        }
    }

    private static double[] density(double[] per100ms, double lambda) {
        double[] d = new double[per100ms.length];
        if (lambda > 0) {
            for (int j = 0; j < d.length; j++) {
                d[j] = per100ms[j] / (lambda * 100.0);
            }
        }
        return d;
    }

    /** G[s] = Σ_{m ≤ s} g[m] of the normalised Gaussian kernel, with G[length − 1] = 1 exactly. */
    static double[] cumulativeKernel(int length, int sigma) {
        double mid = (length - 1) / 2.0;
        double[] g = new double[length];
        double sum = 0;
        for (int m = 0; m < length; m++) {
            double z = (m - mid) / sigma;
            sum += Math.exp(-0.5 * z * z);
            g[m] = sum;
        }
        for (int m = 0; m < length; m++) {
            g[m] /= sum;
        }
        return g;
    }

    /**
     * The "same"-convolution of a unit box over bins [a, a + len) with the kernel: for t = a − centre + u,
     * value = G(u) − G(u − len) (G = 0 below 0, 1 from length − 1 on); u in [0, len + kernelLength − 1).
     */
    static double[] boxResponse(double[] cumulative, int len) {
        int kl = cumulative.length;
        double[] r = new double[len + kl - 1];
        for (int u = 0; u < r.length; u++) {
            r[u] = cum(cumulative, u) - cum(cumulative, u - len);
        }
        return r;
    }

    private static double cum(double[] g, int s) {
        return s < 0 ? 0 : g[Math.min(s, g.length - 1)];
    }
}
