package org.neurosurrogate;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work: a progress bar with rate and ETA on a terminal, plain periodic lines otherwise
 * (CI logs, pipes). Thread-safe.
 */
public abstract class Progress implements AutoCloseable {
    /** Advances by {@code n} units and sets the extra message (rates and such). */
    public abstract void step(long n, String extra);

    /**
     * As {@link #step}, for a step whose message must be seen (a validation result): plain lines print it now,
     * whatever the interval.
     */
    public void milestone(long n, String extra) {
        step(n, extra);
    }

    @Override
    public abstract void close();

    /** A bar when a console is attached, else a line at most every {@code intervalS} seconds. */
    public static Progress start(String task, long total, String unit, PrintStream plainOut, long intervalS) {
        if (System.console() != null && System.getenv("CI") == null) {
            return new Bar(task, total, unit);
        }
        return new Lines(task, total, unit, plainOut, intervalS);
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total, String unit) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
        }

        @Override
        public synchronized void step(long n, String extra) {
            bar.stepBy(n);
            bar.setExtraMessage(extra);
        }

        @Override
        public synchronized void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final PrintStream out;
        private final long intervalNs;
        private final long started = System.nanoTime();
        private long done;
        private long lastPrint;

        Lines(String task, long total, String unit, PrintStream out, long intervalS) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.out = out;
            this.intervalNs = intervalS * 1_000_000_000L;
            this.lastPrint = started;
        }

        @Override
        public void step(long n, String extra) {
            advance(n, extra, false);
        }

        @Override
        public void milestone(long n, String extra) {
            advance(n, extra, true);
        }

        private synchronized void advance(long n, String extra, boolean force) {
            done += n;
            long now = System.nanoTime();
            if (force || now - lastPrint >= intervalNs || done >= total) {
                lastPrint = now;
                double elapsed = (now - started) / 1e9;
                double rate = done / Math.max(elapsed, 1e-9);
                String eta = done > 0 && done < total ? String.format(", ETA %.0f s", (total - done) / rate) : "";
                out.printf("%s: %d/%d %s (%.2f %s/s%s) %s%n", task, done, total, unit, rate, unit, eta,
                        extra == null ? "" : extra);
                out.flush();
            }
        }

        @Override
        public void close() {
            // the last step already printed the final line
        }
    }
}
