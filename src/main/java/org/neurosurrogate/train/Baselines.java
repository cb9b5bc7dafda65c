package org.neurosurrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.model.TaskLayout;

/**
 * The reference predictors a surrogate must beat, scored by {@link SurrogateTrainer#evaluate} on the same windows:
 * the per-segment mean (here) and the {@link LinearCausalFilter} (trained by {@link SurrogateTrainer#fit}).
 */
public final class Baselines {
    private Baselines() {
    }

    /**
     * Predicts the training mean of every row whatever the input: z-score 0 for each voltage row (the statistics
     * are the training split's) and, for the spike row, the logit of the training spike rate per 1-ms bin.
     */
    public static UnaryOperator<NDArray> mean(TaskLayout layout, double spikeRate, int receptiveField) {
        double p = Math.min(1 - 1e-6, Math.max(1e-6, spikeRate));
        float logit = (float) Math.log(p / (1 - p));
        float[] rows = new float[layout.tasks()];
        rows[layout.spikeIndex()] = logit;
        return x -> {
            long b = x.getShape().get(0);
            long t = x.getShape().get(2) - receptiveField + 1;
            return x.getManager().create(rows, new Shape(1, rows.length, 1)).broadcast(new Shape(b, rows.length, t));
        };
    }

    /** Somatic spikes per 1-ms bin over {@code simulations} from {@code fromMs} on. */
    public static double spikeRate(WindowSource source, int[] simulations, int fromMs) {
        long spikes = 0;
        long bins = 0;
        for (int sim : simulations) {
            if (!source.contains(sim)) {
                continue;
            }
            for (double t : source.spikeTimesMs(sim)) {
                if (t >= fromMs) {
                    spikes++;
                }
            }
            bins += source.durationMs() - fromMs;
        }
        return bins == 0 ? 0 : (double) spikes / bins;
    }
}
