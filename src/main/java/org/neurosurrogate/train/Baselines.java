package org.neurosurrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.model.LinearCausalFilter;
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
        float[] rows = meanRows(layout, spikeRate);
        return x -> {
            long b = x.getShape().get(0);
            long t = x.getShape().get(2) - receptiveField + 1;
            return x.getManager().create(rows, new Shape(1, rows.length, 1)).broadcast(new Shape(b, rows.length, t));
        };
    }

    /**
     * The linear baseline, starting at the per-segment mean: an untrained one predicts exactly what {@link #mean}
     * predicts, so training starts from the mean instead of from a random filter far from it.
     */
    public static LinearCausalFilter linearFilter(int inputChannels, TaskLayout layout, int receptiveField,
            double spikeRate) {
        return LinearCausalFilter.startingAt(inputChannels, receptiveField, meanRows(layout, spikeRate));
    }

    /** The mean predictor's output per task row: 0 for each voltage row, logit(spike rate) for the spike row. */
    public static float[] meanRows(TaskLayout layout, double spikeRate) {
        double p = Math.min(1 - 1e-6, Math.max(1e-6, spikeRate));
        float[] rows = new float[layout.tasks()];
        rows[layout.spikeIndex()] = (float) Math.log(p / (1 - p));
        return rows;
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
