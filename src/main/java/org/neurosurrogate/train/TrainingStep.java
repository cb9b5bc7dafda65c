package org.neurosurrogate.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import org.neurosurrogate.model.SparseFirstLayer;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskTowers;

/**
 * One optimizer step of a block (a surrogate or the linear baseline) on a batch {x, y}: forward, {@link
 * SurrogateLoss}, backward, update.
 *
 * <p>For a {@link SurrogateNet} the backward runs task chunk by task chunk. The towers' intermediates (tasks × N ×
 * H floats, 357 MB each for MH's 641 × 25-unit towers at batch 32 × 300 ms) are what a step's memory is made of,
 * and a whole-graph backward keeps four of them alive. Here the trunk runs once; its output is cut from the graph
 * (a leaf that collects gradients); each chunk of towers runs forward, scores its part of the loss ({@link
 * SurrogateLoss#chunkTotal}) and runs its backward, freeing its intermediates before the next chunk; finally the
 * leaf's gradient flows back through the trunk (and the linear skip path's output, cut the same way, through
 * the skip path; the local input path's likewise). The loss is a sum over tasks, so the gradients are those of the
 * whole-graph backward (tested), with one chunk's intermediates alive at a time.
 *
 * <p>On sparse input (spike trains) the trunk's first layer is a {@link SparseFirstLayer}: computed from the
 * input's nonzero entries, with its weight gradients gathered and added after the trunk's backward (tested
 * against the dense layer's).
 *
 * <p>The update is DJL's own: a {@link ParameterStore} over a {@link LocalParameterServer}, as DJL's Trainer
 * builds it, so the optimizer sees exactly what it would under the Trainer.
 */
public final class TrainingStep {
    private final Block block;
    private final SurrogateLoss loss;
    private final ParameterStore ps;
    private final NDManager manager;
    private final int maxChunkTasks;
    private final double maxSparseDensity;
    private final SparseFirstLayer.Workspace sparseWorkspace = new SparseFirstLayer.Workspace();

    public TrainingStep(Block block, SurrogateLoss loss, Optimizer optimizer, NDManager manager) {
        this(block, loss, optimizer, manager, Integer.MAX_VALUE, SparseFirstLayer.MAX_DENSITY);
    }

    /**
     * As above with at most {@code maxChunkTasks} tasks per chunk and the trunk's first layer computed sparse up to
     * an input density of {@code maxSparseDensity} (tests cover several chunks and both first layers on tiny nets).
     */
    TrainingStep(Block block, SurrogateLoss loss, Optimizer optimizer, NDManager manager, int maxChunkTasks,
            double maxSparseDensity) {
        this.maxChunkTasks = maxChunkTasks;
        this.maxSparseDensity = maxSparseDensity;
        this.block = block;
        this.loss = loss;
        this.manager = manager;
        ps = new ParameterStore(manager, false);
        ps.setParameterServer(new LocalParameterServer(optimizer), new Device[] {manager.getDevice()});
    }

    /**
     * Runs one step on {x, y} and returns the loss. A non-finite loss is returned without an update, so the
     * parameters stay those of the last good step.
     */
    public float run(NDList xy) {
        float value;
        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
            value = backward(gc, xy, true);
        }
        if (Float.isFinite(value)) {
            ps.updateAllParameters();
        }
        return value;
    }

    /** Forward and backward into the parameters' gradients, chunked by task for a surrogate unless not asked. */
    float backward(GradientCollector gc, NDList xy, boolean chunkedIfSurrogate) {
        return chunkedIfSurrogate && block instanceof SurrogateNet net ? chunked(net, gc, xy.get(0), xy.get(1))
                : whole(gc, xy.get(0), xy.get(1));
    }

    private float whole(GradientCollector gc, NDArray x, NDArray y) {
        NDArray total = loss.parts(block.forward(ps, new NDList(x), true).singletonOrThrow(), y).total();
        float value = total.getFloat();
        if (Float.isFinite(value)) {
            gc.backward(total);
        }
        return value;
    }

    private float chunked(SurrogateNet net, GradientCollector gc, NDArray x, NDArray y) {
        SparseFirstLayer first = net.sparseFirstLayer(ps, x, maxSparseDensity, sparseWorkspace);
        NDArray towerIn = net.towerInput(ps, x, first, true); // (1, N, F) shared (MH) or (tasks, N, F)
        boolean shared = towerIn.getShape().get(0) == 1;
        NDArray sharedLeaf = shared ? leaf(towerIn) : null;
        int tasks = net.layout().tasks();
        long n = towerIn.getShape().get(1);
        NDArray target = y.transpose(1, 0, 2).reshape(tasks, n); // rows b·T + t, as the towers' input
        NDArray skip = net.skipRows(ps, x, true); // (tasks, N) or null; cut from the graph like the trunk
        boolean skipTrains = net.skipTrains(); // a frozen skip path is a constant added to the towers
        NDArray skipLeaf = skipTrains ? leaf(skip) : skip;
        NDArray local = net.localRows(ps, x, true); // (tasks, N) or null; cut from the graph the same way
        NDArray localLeaf = local == null ? null : leaf(local);
        TaskTowers towers = net.towers();
        int chunk = Math.min(maxChunkTasks, towers.chunkTasks(n));
        // A per-task input gets one leaf per chunk (a slice of one leaf would make every chunk's backward fill and
        // add a whole-input gradient); their gradients are copied into one uninitialised array as they come.
        NDArray towerGradient = shared ? null : towerIn.getManager().create(towerIn.getShape());
        double total = 0;
        for (int from = 0; from < tasks; from += chunk) {
            int to = Math.min(tasks, from + chunk);
            NDIndex rows = new NDIndex("{}:{}", from, to);
            NDArray in = shared ? sharedLeaf : leaf(towerIn.get(rows));
            NDArray prediction = towers.forwardTasks(ps, in, from, to);
            if (skipLeaf != null) {
                prediction = prediction.add(skipLeaf.get(rows));
            }
            if (localLeaf != null) {
                prediction = prediction.add(localLeaf.get(rows));
            }
            NDArray part = loss.chunkTotal(prediction, target.get(rows), from);
            float v = part.getFloat();
            if (!Float.isFinite(v)) {
                return v;
            }
            gc.backward(part);
            total += v;
            part.close();
            prediction.close();
            if (!shared) {
                try (NDArray g = in.getGradient()) {
                    towerGradient.set(rows, g);
                }
                in.close();
            }
        }
        backward(towerIn, shared ? sharedLeaf.getGradient() : towerGradient);
        if (skipTrains) {
            backward(skip, skipLeaf.getGradient());
        }
        if (localLeaf != null) {
            backward(local, localLeaf.getGradient());
        }
        if (first != null) {
            gc.backward(first.weightGradients(ps));
        }
        return (float) total;
    }

    /**
     * Backward from {@code target} with the given gradient of the loss with respect to it (PyTorch's {@code
     * tensor.backward(gradient)}; DJL's collector only starts from scalars). Σ target ⊙ gradient as a scalar
     * would do the same with two more passes over a (tasks, N, F) tensor: 0.25 s of MMoE's step.
     */
    private static void backward(NDArray target, NDArray gradient) {
        JniUtils.backward((PtNDArray) target, (PtNDArray) gradient, false, false);
    }

    /** A copy of {@code a} cut from the graph that collects its own gradient. */
    private static NDArray leaf(NDArray a) {
        NDArray leaf = a.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }
}
