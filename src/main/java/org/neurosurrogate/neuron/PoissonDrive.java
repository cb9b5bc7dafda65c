package org.neurosurrogate.neuron;

import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * The default input for {@code simulate}: stationary Poisson spike trains, one per synapse, with each
 * segment's rate proportional to its length + 10 µm (the weighting of Beniaguev et al. 2021) so the
 * whole cell receives the given totals. Spike times are whole milliseconds, at most one spike per
 * synapse per ms. The published time-varying protocol for datasets is {@link InputProtocol}.
 *
 * @param excitatoryHz total excitatory input spikes per second over the cell
 * @param inhibitoryHz total inhibitory input spikes per second over the cell
 */
public record PoissonDrive(double excitatoryHz, double inhibitoryHz) {

    /** Extra length that keeps very short segments from getting almost no input (µm). */
    public static final double LENGTH_OFFSET_UM = 10.0;
    /**
     * Default drive totals of {@code simulate} and {@code bench simulate} (input spikes per second over the whole
     * cell). Beniaguev et al. (2021) average about 8000 excitatory and 6250 inhibitory spikes/s, but with strongly
     * varying rates; a stationary drive needs a little more excitation to make the L5PC fire at a few Hz.
     */
    public static final double DEFAULT_EXC_HZ = 10_000;
    public static final double DEFAULT_INH_HZ = 6_000;

    public PoissonDrive {
        if (!(excitatoryHz >= 0) || !(inhibitoryHz >= 0)) {
            throw new IllegalArgumentException("Poisson rates must be ≥ 0 Hz");
        }
    }

    /** The trains of {@link #generate} with the same arguments, streamed bin range by bin range (fixed state). */
    public BackgroundStream stream(SegmentTable segments, int durationMs, long seed) {
        double[][] p = probabilities(segments);
        int n = segments.size();
        SplittableRandom rng = new SplittableRandom(seed);
        return new BackgroundStream() {
            private int t;

            @Override
            public void next(int toMs, Sink sink) {
                for (int end = Math.min(toMs, durationMs); t < end; t++) {
                    for (int i = 0; i < n; i++) {
                        if (rng.nextDouble() < p[0][i]) {
                            sink.spike(t, i);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (rng.nextDouble() < p[1][i]) {
                            sink.spike(t, n + i);
                        }
                    }
                }
            }

            @Override
            public long stateBytes() {
                return 16L * n + 16;
            }
        };
    }

    /** Per segment, the chance of an excitatory and of an inhibitory spike in a 1-ms bin. */
    private double[][] probabilities(SegmentTable segments) {
        int n = segments.size();
        double totalWeight = 0;
        for (double l : segments.length()) {
            totalWeight += l + LENGTH_OFFSET_UM;
        }
        double[] pExc = new double[n];
        double[] pInh = new double[n];
        for (int i = 0; i < n; i++) {
            double share = (segments.length()[i] + LENGTH_OFFSET_UM) / totalWeight;
            pExc[i] = Math.min(1.0, excitatoryHz * share / 1000.0);
            pInh[i] = Math.min(1.0, inhibitoryHz * share / 1000.0);
        }
        return new double[][] {pExc, pInh};
    }

    public SpikeTrains generate(SegmentTable segments, int durationMs, long seed) {
        int n = segments.size();
        double[][] p = probabilities(segments);
        double[] pExc = p[0];
        double[] pInh = p[1];
        SplittableRandom rng = new SplittableRandom(seed);
        DoubleStream.Builder times = DoubleStream.builder();
        IntStream.Builder channels = IntStream.builder();
        for (int t = 0; t < durationMs; t++) {
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < pExc[i]) {
                    times.add(t);
                    channels.add(i);
                }
            }
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < pInh[i]) {
                    times.add(t);
                    channels.add(n + i);
                }
            }
        }
        return new SpikeTrains(times.build().toArray(), channels.build().toArray(), 2 * n);
    }
}
