package org.neurosurrogate.eval;

/** Scoring conventions shared with the published anchors (reference.md §3). */
public final class Conventions {
    /** Leading milliseconds of each simulation left unscored (the cell settles from its initial state). */
    public static final int WARMUP_MS = 500;
    /** Soma voltages above this are set to it before scoring, so spikes do not dominate the soma RMSE. */
    public static final float SOMA_CLIP_MV = (float) org.neurosurrogate.data.NormalisationStats.SOMA_CLIP_MV;
    /** False-positive rate at which the true-positive rate is reported. */
    public static final double FPR_TARGET = 0.01;
    /** Tolerances of the spike-timing agreement, ms. */
    public static final double[] TIMING_TOLERANCES_MS = {2, 5};

    private Conventions() {
    }
}
