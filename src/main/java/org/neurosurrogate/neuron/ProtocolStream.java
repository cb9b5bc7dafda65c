package org.neurosurrogate.neuron;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * {@link InputProtocol#generate}'s spike trains, streamed ({@link InputProtocol#stream}). The generator draws every
 * number from one {@link SplittableRandom} in a fixed order (documented in {@link InputProtocol}), whose i-th draw is
 * a pure function of the seed and i (the stream's state after i draws is {@code seed + i·γ}); so the draws of any
 * interval, channel or bin are computed where they are needed, and only the rates of the intervals whose smoothed
 * response reaches the current bin are kept: memory bounded by the smoothing kernel's length over the
 * rate-change interval, whatever the duration. The arithmetic is the generator's, in its order, so the spikes are
 * identical (tested).
 */
final class ProtocolStream implements BackgroundStream {
    /** {@link SplittableRandom}'s default γ (the increment of a stream made from a seed). */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final InputProtocol p;
    private final long seed;
    private final int n;
    private final int channelCount;
    private final int tMax;
    private final int interval;
    private final int k;
    private final boolean[] basal;
    private final double[] adjusted;
    private final double lambdaBasal;
    private final double lambdaApical;
    private final int centre;
    private final double[] boxFull;
    private final double[] boxLast;
    /** Draw number of the first multiplier and of bin 0's first spike uniform (1-based, as the generator counts). */
    private final long multiplierDraw;
    private final long spikeDraw;
    /** Rates of intervals [firstActive, firstActive + active.size()), per channel. */
    private final ArrayDeque<double[]> active = new ArrayDeque<>();
    private int firstActive;
    private final double[] rate;
    private final SplittableRandom volleys;
    private final int[] pool;
    private final int[] binChannels;
    private int t;

    ProtocolStream(InputProtocol p, SegmentTable segments, int durationMs, long seed) {
        ProtocolSampler.checkDuration(durationMs);
        this.p = p;
        this.seed = seed;
        this.n = segments.size();
        this.channelCount = 2 * n;
        this.tMax = durationMs;
        ProtocolSampler.TreeLengths trees = ProtocolSampler.TreeLengths.of(p, segments);
        basal = trees.basal();
        adjusted = trees.adjusted();
        lambdaBasal = trees.basalTotal();
        lambdaApical = trees.apicalTotal();
        interval = choose(1, p.rateChangeIntervalChoicesMs().size(), p.rateChangeIntervalChoicesMs())
                + jitter(2, p.rateChangeJitterMs());
        int sigma = choose(3, p.smoothingSigmaChoicesMs().size(), p.smoothingSigmaChoicesMs())
                + jitter(4, p.smoothingJitterMs());
        k = (int) ((tMax + (long) interval - 1) / interval);
        multiplierDraw = 5 + 4L * k;
        spikeDraw = multiplierDraw + (long) channelCount * k;
        int kernelLength = p.kernelLengthSigmas() * sigma + 1;
        centre = (kernelLength - 1) / 2;
        double[] cumulative = ProtocolSampler.cumulativeKernel(kernelLength, sigma);
        int lastLength = tMax - (k - 1) * interval;
        boxFull = ProtocolSampler.boxResponse(cumulative, interval);
        boxLast = lastLength == interval ? boxFull : ProtocolSampler.boxResponse(cumulative, lastLength);
        rate = new double[channelCount];
        binChannels = new int[channelCount + p.volleySynapses()];
        boolean withVolleys = ProtocolSampler.getsVolleys(p, n, seed);
        volleys = withVolleys ? new SplittableRandom(seed + ProtocolSampler.VOLLEY_STREAM) : null;
        pool = withVolleys ? new int[n] : null;
    }

    /** The generator's draw number {@code i} (1-based), as {@code new SplittableRandom(seed)} gives it. */
    private double draw(long i) {
        long z = seed + i * GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return ((z ^ (z >>> 31)) >>> 11) * DOUBLE_UNIT;
    }

    private int choose(long i, int size, java.util.List<Integer> choices) {
        return choices.get((int) (draw(i) * size));
    }

    private int jitter(long i, int bound) {
        return (int) (-bound + 2.0 * bound * draw(i));
    }

    /** Per 100 ms of tree {@code apical ? 1 : 0}, sign {@code inh ? 1 : 0}, interval j: the generator's totals. */
    private double total(boolean apical, boolean inh, int j) {
        long tree = apical ? 2L * k : 0;
        double exc = p.excitatoryMinPer100ms()
                + (p.excitatoryMaxPer100ms() - p.excitatoryMinPer100ms()) * draw(5 + tree + j);
        if (!inh) {
            return exc;
        }
        double iLo = Math.max(0, exc + p.inhibitoryMinusExcitatoryMinPer100ms());
        double iHi = exc + p.inhibitoryMinusExcitatoryMaxPer100ms();
        return iLo + (iHi - iLo) * draw(5 + tree + k + j);
    }

    /** Interval j's rate of every channel (the generator's values[j]). */
    private double[] values(int j) {
        double[] v = new double[channelCount];
        double[] dens = new double[4]; // basal exc, basal inh, apical exc, apical inh
        for (int q = 0; q < 4; q++) {
            double lambda = q < 2 ? lambdaBasal : lambdaApical;
            dens[q] = lambda > 0 ? total(q >= 2, q % 2 == 1, j) / (lambda * 100.0) : 0;
        }
        double lo = p.multiplierMin();
        double span = p.multiplierMax() - p.multiplierMin();
        for (int ch = 0; ch < channelCount; ch++) {
            int seg = ch < n ? ch : ch - n;
            int sign = ch < n ? 0 : 1;
            double d = dens[(basal[seg] ? 0 : 2) + sign];
            double m = lo + span * draw(multiplierDraw + (long) ch * k + j);
            v[ch] = d * m * adjusted[seg];
        }
        return v;
    }

    @Override
    public void next(int toMs, Sink sink) {
        int end = Math.min(toMs, tMax);
        for (; t < end; t++) {
            int jFirst = Math.max(0, Math.floorDiv(t + centre - boxFull.length, interval) + 1);
            int jLast = Math.min(k - 1, Math.floorDiv(t + centre, interval));
            while (!active.isEmpty() && firstActive < jFirst) {
                active.removeFirst();
                firstActive++;
            }
            if (active.isEmpty()) {
                firstActive = jFirst;
            }
            while (firstActive + active.size() <= jLast) {
                active.addLast(values(firstActive + active.size()));
            }
            Arrays.fill(rate, 0.0);
            int j = firstActive;
            for (double[] v : active) {
                if (j > jLast) {
                    break;
                }
                double[] box = j == k - 1 ? boxLast : boxFull;
                int u = t + centre - j * interval;
                if (u < box.length) {
                    double b = box[u];
                    for (int ch = 0; ch < channelCount; ch++) {
                        rate[ch] += b * v[ch];
                    }
                }
                j++;
            }
            int count = 0;
            long first = spikeDraw + (long) t * channelCount;
            for (int ch = 0; ch < channelCount; ch++) {
                double s = rate[ch];
                double prob = s < ProtocolSampler.EXACT_RATE_BELOW ? s : -s * Math.expm1(-1.0 / s);
                if (draw(first + ch) < prob) {
                    binChannels[count++] = ch;
                }
            }
            if (volleys == null) {
                for (int i = 0; i < count; i++) {
                    sink.spike(t, binChannels[i]);
                }
            } else {
                volleyBin(count, sink);
            }
        }
    }

    /** Bin t's protocol spikes (the first {@code count} of binChannels) merged with its volley, if it has one. */
    private void volleyBin(int count, Sink sink) {
        int[] volley = ProtocolSampler.drawVolley(volleys, p, pool);
        int e = 0;
        int v = 0;
        while (e < count || (volley != null && v < volley.length)) {
            boolean fromProtocol = e < count && (volley == null || v >= volley.length || binChannels[e] <= volley[v]);
            int ch = fromProtocol ? binChannels[e] : volley[v];
            if (fromProtocol) {
                if (volley != null && v < volley.length && volley[v] == ch) {
                    v++;
                }
                e++;
            } else {
                v++;
            }
            sink.spike(t, ch);
        }
    }

    @Override
    public long stateBytes() {
        return 8L * channelCount * (active.size() + 1) + 4L * binChannels.length + (pool == null ? 0 : 4L * n);
    }
}
