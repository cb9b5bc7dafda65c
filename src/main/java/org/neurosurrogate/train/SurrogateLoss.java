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
 *   <li>{@code voltage_mse}: mean squared error over the S + 1 voltage rows (z-scored targets), the soma's row
 *       counted {@code somaWeight} times (1 by default: one row among S + 1, which left the soma weak in the
 *       reference runs, reference.md §3b), still divided by S + 1;</li>
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
    private final float somaWeight;

    public SurrogateLoss(TaskLayout layout, double spikeWeight, double posWeight) {
        this(layout, spikeWeight, posWeight, 1);
    }

    public SurrogateLoss(TaskLayout layout, double spikeWeight, double posWeight, double somaWeight) {
        super("surrogate_loss");
        this.layout = layout;
        this.spikeWeight = (float) spikeWeight;
        this.posWeight = (float) posWeight;
        this.somaWeight = (float) somaWeight;
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
        if (somaWeight != 1) {
            NDIndex soma = new NDIndex(":, {}, :", layout.somaIndex());
            mse = mse.add(prediction.get(soma).sub(target.get(soma)).square().mean().mul((somaWeight - 1) / v));
        }
        NDArray bce = bceSum(prediction.get(spike), target.get(spike)).div((float) target.get(spike).size());
        return new Parts(mse.add(bce.mul(spikeWeight)), mse, bce);
    }

    /**
     * What rows {@code [from, from + k)} of the task axis contribute to {@link #parts}'s total, for predictions
     * and targets laid out {@code (k, N)} over the N = B·T frames. Summed over the chunks of a partition of the task
     * axis it is the total, so the trainer can run the backward chunk by chunk.
     */
    public NDArray chunkTotal(NDArray prediction, NDArray target, int from) {
        if (!prediction.getShape().equals(target.getShape()) || prediction.getShape().dimension() != 2) {
            throw new IllegalArgumentException("prediction " + prediction.getShape() + " and target "
                    + target.getShape() + " must be the same (k, N)");
        }
        long k = prediction.getShape().get(0);
        long n = prediction.getShape().get(1);
        int v = layout.voltageTasks();
        int voltageRows = (int) Math.max(0, Math.min(from + k, v) - from);
        NDArray sum = null;
        if (voltageRows > 0) {
            NDIndex rows = new NDIndex(":{}", voltageRows);
            sum = prediction.get(rows).sub(target.get(rows)).square().sum().div((float) ((double) v * n));
            int soma = layout.somaIndex() - from;
            if (somaWeight != 1 && soma >= 0 && soma < voltageRows) {
                sum = sum.add(prediction.get(soma).sub(target.get(soma)).square().sum()
                        .mul((float) ((somaWeight - 1) / ((double) v * n))));
            }
        }
        int spike = layout.spikeIndex() - from;
        if (spike >= 0 && spike < k) {
            NDArray b = bceSum(prediction.get(spike), target.get(spike)).mul((float) (spikeWeight / (double) n));
            sum = sum == null ? b : sum.add(b);
        }
        if (sum == null) {
            throw new IllegalArgumentException("rows " + from + ".." + (from + k) + " hold no task");
        }
        return sum;
    }

    /** Summed weighted BCE of logits x against 0/1 targets y, in the overflow-free form above. */
    private NDArray bceSum(NDArray x, NDArray y) {
        NDArray softplusNeg = x.abs().neg().exp().add(1).log().add(x.neg().maximum(0)); // log(1 + exp(−x)); exp(−|x|) ≤ 1 never overflows
        return y.neg().add(1).mul(x).add(y.mul(posWeight - 1).add(1).mul(softplusNeg)).sum();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return parts(predictions.singletonOrThrow(), labels.singletonOrThrow()).total();
    }
}
