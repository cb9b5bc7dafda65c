package org.neurosurrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;
import org.neurosurrogate.model.TaskLayout;

/**
 * The one loss of training and evaluation, a named composite over predictions and targets {@code (B, tasks, T)}
 * in task order ({@link TaskLayout}): {@code total = voltage_mse + spikeWeight · spike_bce}, where
 * <ul>
 *   <li>{@code voltage_mse}: mean squared error over the S + 1 voltage rows (z-scored targets);</li>
 *   <li>{@code spike_bce}: mean binary cross-entropy of the spike logit x against the 0/1 spike bin y, with the
 *       positive bins weighted by p, in the overflow-free form
 *       {@code (1 − y)·x + (1 + (p − 1)·y)·(log(1 + exp(−|x|)) + max(−x, 0))}.</li>
 * </ul>
 */
public final class SurrogateLoss extends Loss {
    /** The parts of one evaluation, as scalar NDArrays. */
    public record Parts(NDArray total, NDArray voltageMse, NDArray spikeBce) {
    }

    private final TaskLayout layout;
    private final float spikeWeight;
    private final float posWeight;

    public SurrogateLoss(TaskLayout layout, double spikeWeight, double posWeight) {
        super("surrogate_loss");
        this.layout = layout;
        this.spikeWeight = (float) spikeWeight;
        this.posWeight = (float) posWeight;
    }

    public Parts parts(NDArray prediction, NDArray target) {
        if (!prediction.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("prediction " + prediction.getShape() + " and target "
                    + target.getShape() + " differ");
        }
        int v = layout.voltageTasks();
        NDIndex voltages = new NDIndex(":, :{}, :", v);
        NDIndex spike = new NDIndex(":, {}, :", layout.spikeIndex());
        NDArray mse = prediction.get(voltages).sub(target.get(voltages)).square().mean();
        NDArray x = prediction.get(spike);
        NDArray y = target.get(spike);
        NDArray softplusNeg = x.abs().neg().exp().add(1).log().add(x.neg().maximum(0)); // log(1 + exp(−x)); exp(−|x|) ≤ 1 never overflows
        NDArray bce = y.neg().add(1).mul(x).add(y.mul(posWeight - 1).add(1).mul(softplusNeg)).mean();
        return new Parts(mse.add(bce.mul(spikeWeight)), mse, bce);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return parts(predictions.singletonOrThrow(), labels.singletonOrThrow()).total();
    }
}
