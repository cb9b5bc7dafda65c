package org.neurosurrogate.train;

/**
 * How much of a run this process may do before it checkpoints and stops on purpose ({@code --hours}, {@code
 * --run-steps}), so that a job with a time limit (a Slurm allocation) ends cleanly and the same command continues it.
 *
 * @param deadlineNanos System.nanoTime by which to stop (Long.MAX_VALUE: none)
 * @param steps optimizer steps this process may make (Integer.MAX_VALUE: no limit)
 */
public record RunBudget(long deadlineNanos, int steps) {
    /** No limit. */
    public static final RunBudget NONE = new RunBudget(Long.MAX_VALUE, Integer.MAX_VALUE);

    /** A budget of {@code hours} of wall time from now (NaN: none) and {@code steps} steps (null: no limit). */
    public static RunBudget of(double hours, Integer steps) {
        if (!Double.isNaN(hours) && !(hours > 0)) {
            throw new org.neurosurrogate.NeuroSurrogateException("--hours " + hours + ": must be > 0");
        }
        if (steps != null && steps < 1) {
            throw new org.neurosurrogate.NeuroSurrogateException("--run-steps " + steps + ": must be >= 1");
        }
        long deadline = Double.isNaN(hours) ? Long.MAX_VALUE : System.nanoTime() + (long) (hours * 3.6e12);
        return new RunBudget(deadline, steps == null ? Integer.MAX_VALUE : steps);
    }

    /** True once {@code done} steps are made or the deadline passed. */
    public boolean spent(int done) {
        return done >= steps || System.nanoTime() - deadlineNanos >= 0 && deadlineNanos != Long.MAX_VALUE;
    }

    public boolean limited() {
        return deadlineNanos != Long.MAX_VALUE || steps != Integer.MAX_VALUE;
    }
}
