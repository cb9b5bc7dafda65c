package org.neurosurrogate.train;

import java.io.IOException;
import java.util.List;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;

/**
 * What a run trains and validates on.
 *
 * @param source the training windows' source
 * @param simulations the simulations of {@code source} to train on (the training split)
 * @param stats normalisation of the voltage targets, from the training data
 * @param validation the fixed validation windows (see {@link SurrogateTrainer#validationWindows})
 * @param live for live training: the source of each step (all its simulations are trained on), or null
 * @param refreshEvery steps between two changes of the live source (a step divisible by it takes a new one)
 */
public record TrainingData(WindowSource source, int[] simulations, NormalisationStats stats, List<Window> validation,
                           StepSource live, int refreshEvery) {
    /** What live step {@code step} draws from; a pure function of the step, so runs in pieces equal one run. */
    @FunctionalInterface
    public interface StepSource {
        /** The source of {@code step}, or null when {@code deadlineNanos} (System.nanoTime) passed first. */
        WindowSource at(int step, long deadlineNanos) throws IOException, InterruptedException;
    }

    public TrainingData {
        if (stats == null) {
            throw new org.neurosurrogate.NeuroSurrogateException("missing normalisation statistics: the voltage "
                    + "targets cannot be z-scored (compute them from the training split)");
        }
        if (validation == null || validation.isEmpty()) {
            throw new org.neurosurrogate.NeuroSurrogateException("no validation windows: a held-out set is needed"
                    + " for early stopping");
        }
    }

    /** Training from a fixed source. */
    public static TrainingData of(WindowSource source, int[] simulations, NormalisationStats stats,
            List<Window> validation) {
        return new TrainingData(source, simulations, stats, validation, null, 0);
    }
}
