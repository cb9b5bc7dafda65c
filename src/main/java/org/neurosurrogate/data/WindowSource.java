package org.neurosurrogate.data;

/**
 * Where windows come from: simulations on disk ({@link DatasetReader}) or in memory ({@link
 * org.neurosurrogate.data.generate.LiveSource} snapshots). The balanced sampler draws from either.
 */
public interface WindowSource {
    /** Global indices of the simulations available, ascending. */
    int[] simulations();

    boolean contains(int simulation);

    /** Duration of every simulation, ms. */
    int durationMs();

    /** Recorded segments S. */
    int segments();

    /** Somatic spike times of one simulation, ms. */
    double[] spikeTimesMs(int simulation);

    Window readWindow(int simulation, int startMs, int lengthMs);

    /** Targets only, [S + 2, L] as in {@link Window}; sources that can skip the inputs override this. */
    default float[] readTargets(int simulation, int startMs, int lengthMs) {
        return readWindow(simulation, startMs, lengthMs).targets();
    }
}
