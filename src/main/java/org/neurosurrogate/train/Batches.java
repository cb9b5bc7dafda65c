package org.neurosurrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.neurosurrogate.data.BalancedWindowSampler;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;

/**
 * Training batches: balanced windows of W ms turned into {@code x (B, 2S, W)} and z-scored targets
 * {@code y (B, S + 2, W − R + 1)}, the targets cut to the frames the model outputs. The sampler scores a window
 * from R − 1 on, so "holds a spike in its scored part" means exactly "holds a spike the loss sees".
 */
public final class Batches {
    private final BalancedWindowSampler sampler;
    private final NormalisationStats stats;
    private final int receptiveField;
    private final int batch;
    private long drawn;

    public Batches(WindowSource source, int[] simulations, NormalisationStats stats, int receptiveField,
            int windowMs, int batch, int burnInMs, long seed, Consumer<String> warnings) {
        if (receptiveField > windowMs) {
            throw new org.neurosurrogate.NeuroSurrogateException("--window " + windowMs
                    + " ms is shorter than the model's receptive field of " + receptiveField + " ms");
        }
        this.sampler = BalancedWindowSampler.builder(source, simulations).setWindowMs(windowMs)
                .optScoredFromMs(receptiveField - 1).optBurnInMs(burnInMs).optSeed(seed).optWarnings(warnings)
                .build();
        this.stats = stats;
        this.receptiveField = receptiveField;
        this.batch = batch;
    }

    /** The next batch {x, y}, attached to {@code manager}. */
    public NDList next(NDManager manager) {
        List<Window> windows = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            windows.add(sampler.nextWindow());
        }
        drawn += batch;
        return toArrays(windows, stats, receptiveField, manager);
    }

    /** Windows drawn so far (the resume position). */
    public long drawn() {
        return drawn;
    }

    /**
     * Skips {@code windows} draws without reading them, to continue where a killed run stopped. Exact unless a
     * shard failed while that run read it (a failed read makes the sampler draw again).
     */
    public void skip(long windows) {
        for (long i = 0; i < windows; i++) {
            sampler.next();
        }
        drawn += windows;
    }

    /** {@code n} windows drawn now, e.g. the fixed validation set. */
    public List<Window> draw(int n) {
        List<Window> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sampler.nextWindow());
        }
        return out;
    }

    /** Windows (all of one length) as {x, y}; y z-scored and cut to the output frames. */
    public static NDList toArrays(List<Window> windows, NormalisationStats stats, int receptiveField,
            NDManager manager) {
        Window first = windows.get(0);
        int b = windows.size();
        int len = first.lengthMs();
        int channels = first.inputChannels();
        int rows = first.targetRows();
        int out = len - receptiveField + 1;
        float[] x = new float[b * channels * len];
        float[] y = new float[b * rows * out];
        for (int i = 0; i < b; i++) {
            Window w = stats.apply(windows.get(i));
            System.arraycopy(w.inputs(), 0, x, i * channels * len, channels * len);
            float[] t = w.targets();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t, r * len + receptiveField - 1, y, (i * rows + r) * out, out);
            }
        }
        NDArray xs = manager.create(x, new Shape(b, channels, len));
        NDArray ys = manager.create(y, new Shape(b, rows, out));
        return new NDList(xs, ys);
    }
}
