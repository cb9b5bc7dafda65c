package org.neurosurrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;

/**
 * Adam (Kingma and Ba 2015) with L2 weight decay, as DJL's {@code Adam} computes it (the same fused libtorch
 * update, the bias correction folded into the step size), whose moment estimates can be saved with a checkpoint
 * and loaded on resume, so a resumed run continues with the optimizer state it stopped with. The moments are
 * saved in the block's parameter order: DJL's parameter ids are new in every process.
 */
public final class CheckpointedAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Tracker learningRate;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    /** Updates of each parameter in this process. */
    private final Map<String, Integer> seen = new HashMap<>();
    private int updates;

    /**
     * @param learningRate the rate at update t (1-based, counted from the run's first step)
     * @param weightDecay L2 weight decay
     * @param stepsDone updates already made (the resumed step; 0 in a fresh run)
     */
    public CheckpointedAdam(Tracker learningRate, float weightDecay, int stepsDone) {
        super(new Settings().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.updates = stepsDone;
    }

    private static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }

    /** Called once per parameter per step; the step's count advances with the first parameter it sees again. */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = count(parameterId);
        float lr = learningRate.getNewValue(t);
        float step = (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        NDArray m = means.computeIfAbsent(parameterId, k -> detached(weight.zerosLike()));
        NDArray v = variances.computeIfAbsent(parameterId, k -> detached(weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), lr, step,
                getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    private int count(String parameterId) {
        int n = seen.merge(parameterId, 1, Integer::sum);
        return updates + n;
    }

    private static NDArray detached(NDArray a) {
        a.detach(); // lives as long as the optimizer, not a step's manager
        return a;
    }

    /** Writes the moments of {@code block}'s parameters (in its order) and the update count. */
    public void save(Block block, Path file) throws IOException {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) { // frozen parameters (the fixed skip path) have no moments
                NDArray w = p.getValue().getArray();
                list.add(means.getOrDefault(p.getValue().getId(), w.zerosLike()));
                list.add(variances.getOrDefault(p.getValue().getId(), w.zerosLike()));
            }
        }
        int t = updatesDone();
        AtomicFile.write(file, out -> {
            new java.io.DataOutputStream(out).writeInt(t);
            out.write(list.encode());
        });
    }

    /** Steps whose update this optimizer has made (the resumed count plus this run's). */
    public int updatesDone() {
        int max = 0;
        for (int n : seen.values()) {
            max = Math.max(max, n);
        }
        return updates + max;
    }

    /** Reads the moments {@link #save} wrote into this optimizer, for {@code block}'s parameters now. */
    public void load(Block block, Path file, NDManager manager) throws IOException {
        NDList list;
        int t;
        try (InputStream in = Files.newInputStream(file)) {
            t = new java.io.DataInputStream(in).readInt();
            list = NDList.decode(manager, in.readAllBytes());
        }
        List<Pair<String, Parameter>> trained = block.getParameters().stream()
                .filter(p -> p.getValue().requiresGradient()).toList();
        if (list.size() != 2 * trained.size()) {
            throw new NeuroSurrogateException(file + ": optimizer state holds " + list.size() / 2
                    + " parameters' moments, the model trains " + trained.size());
        }
        for (int k = 0; k < trained.size(); k++) {
            Parameter p = trained.get(k).getValue();
            NDArray w = p.getArray();
            NDArray m = list.get(2 * k);
            if (!m.getShape().equals(w.getShape())) {
                throw new NeuroSurrogateException(file + ": optimizer state does not fit the parameters ("
                        + trained.get(k).getKey() + " " + w.getShape() + " against " + m.getShape() + ")");
            }
            means.put(p.getId(), detached(m.toDevice(w.getDevice(), false)));
            variances.put(p.getId(), detached(list.get(2 * k + 1).toDevice(w.getDevice(), false)));
        }
        this.updates = t;
        seen.clear();
    }
}
