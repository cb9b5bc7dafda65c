package org.neurosurrogate.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * How fast balanced windows come out of the shards, to compare with how fast training consumes them (the
 * issue's target: reading at least 10× faster). Counts the whole path a training step uses: draw, read
 * voltages, densify inputs.
 */
public final class ReadThroughput {
    private ReadThroughput() {
    }

    /**
     * @param windows windows read
     * @param threads reader threads, each with its own sampler
     * @param windowMs window length
     * @param scoredMs scored steps per window
     * @param seconds wall time
     * @param spikeFraction fraction of the windows read whose scored part held a somatic spike
     */
    public record Result(int windows, int threads, int windowMs, int scoredMs, double seconds, double spikeFraction) {
        public double windowsPerSecond() {
            return windows / seconds;
        }

        /** Scored 1-ms steps delivered per second of wall time. */
        public double scoredStepsPerSecond() {
            return windowsPerSecond() * scoredMs;
        }

        /** How many times faster than a consumer of {@code consumedWindowsPerSecond}. */
        public double ratioTo(double consumedWindowsPerSecond) {
            return windowsPerSecond() / consumedWindowsPerSecond;
        }

        public String summary() {
            return String.format("%d windows of %d ms (%d scored) on %d thread%s in %.2f s: %.0f windows/s, "
                            + "%.3g scored ms/s, spike fraction %.3f", windows, windowMs, scoredMs, threads,
                    threads == 1 ? "" : "s", seconds, windowsPerSecond(), scoredStepsPerSecond(), spikeFraction);
        }
    }

    /** Reads {@code windows} windows from {@code sampler} on the calling thread. */
    public static Result measure(BalancedWindowSampler sampler, int windows) {
        return measure(i -> sampler, windows, 1);
    }

    /**
     * Reads {@code windows} windows in all, split over {@code threads} threads; thread i draws from
     * {@code samplerForThread.apply(i)} (samplers are not thread-safe; readers are).
     */
    public static Result measure(IntFunction<BalancedWindowSampler> samplerForThread, int windows, int threads) {
        List<BalancedWindowSampler> samplers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            samplers.add(samplerForThread.apply(i));
        }
        BalancedWindowSampler first = samplers.get(0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<Integer>> spiking = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                BalancedWindowSampler s = samplers.get(i);
                int share = windows / threads + (i < windows % threads ? 1 : 0);
                spiking.add(pool.submit(() -> {
                    int n = 0;
                    for (int w = 0; w < share; w++) {
                        n += s.nextWindow().hasSpikeFrom(s.scoredFromMs()) ? 1 : 0;
                    }
                    return n;
                }));
            }
            int withSpike = 0;
            for (Future<Integer> f : spiking) {
                withSpike += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(windows, threads, first.windowMs(), first.scoredMs(), seconds,
                    windows == 0 ? 0 : (double) withSpike / windows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring read throughput", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
