package org.neurosurrogate.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.StreamingPredictor;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * All surrogate cells of one rank that share a surrogate, advanced together: one batched streaming step per
 * interval, {@code (B, C, Δ)} in, {@code (B, tasks, Δ)} out. Inputs are added per cell, channel and 1-ms bin
 * (background spikes count 1; network events their connection weight, see {@link #add}); a cell spikes in the
 * first bin in which its spike probability rises above the threshold, reported at the bin's centre, unless that is
 * within the surrogate's refractory merge of its previous spike (the causal form of {@link Surrogate#spikeTimes}),
 * or before R − 1 ms (see {@link #settleMs}).
 */
final class SurrogateBatch implements AutoCloseable {
    /** A spike of slot {@code slot} at {@code timeMs}. */
    record Spike(int slot, double timeMs) {
    }

    private final Surrogate surrogate;
    private final int[] gids;
    private final double threshold;
    private final double refractoryMs;
    /**
     * No spike before R − 1 ms: until its receptive field holds R − 1 ms of the network's input, the surrogate reads
     * the silence before t = 0 as history, which no training window had (they start after a burn-in), and its early
     * spike output is an artefact (the built-in surrogate fired at 45 and 92 ms while its cell, settling from v_init,
     * could not).
     */
    private final double settleMs;
    private final double[] lastSpike;
    private final NDManager manager;
    private final StreamingPredictor predictor;
    private final int channels;
    private final int maxFrames;
    private final float[] input;
    private final boolean[] above;
    private final float[][][] recorded; // slot -> {segments time-major [T × S], soma [T]} or null
    private final int segments;

    /**
     * @param recordSlots which slots keep their predicted voltages
     * @param durationMs the run's length (sizes the recordings)
     */
    SurrogateBatch(Surrogate surrogate, int[] gids, double threshold, int maxFrames, boolean[] recordSlots,
                   int durationMs) {
        this.surrogate = surrogate;
        this.gids = gids.clone();
        this.threshold = threshold;
        this.refractoryMs = Surrogate.spikeRefractoryMs(surrogate.info());
        this.settleMs = surrogate.net().receptiveField() - 1;
        this.lastSpike = new double[gids.length];
        Arrays.fill(lastSpike, Double.NEGATIVE_INFINITY);
        this.maxFrames = maxFrames;
        this.manager = NDManager.newBaseManager();
        this.predictor = new StreamingPredictor(surrogate.net(), manager, gids.length);
        this.channels = surrogate.net().inputChannels();
        this.segments = surrogate.segments().size();
        this.input = new float[gids.length * channels * maxFrames];
        this.above = new boolean[gids.length];
        this.recorded = new float[gids.length][][];
        for (int s = 0; s < gids.length; s++) {
            if (recordSlots[s]) {
                recorded[s] = new float[][] {new float[durationMs * segments], new float[durationMs]};
            }
        }
    }

    int size() {
        return gids.length;
    }

    int gid(int slot) {
        return gids[slot];
    }

    int channels() {
        return channels;
    }

    /**
     * Adds {@code value} to a cell's input channel in frame {@code frame} of the coming step. The network was
     * trained on 0/1 inputs (at most one spike per synapse and ms, weight 1): a weight w enters as the value w,
     * which the first layer scales linearly — an approximation of a synapse w times as strong, exact only in the
     * linear part of the network. Two events in one bin add up the same way.
     */
    void add(int slot, int channel, int frame, float value) {
        input[(slot * channels + channel) * maxFrames + frame] += value;
    }

    /**
     * Runs the next {@code frames} ms (first frame at {@code t0Ms}) for every cell and returns their spikes.
     * Clears the input for the next step.
     */
    List<Spike> step(int t0Ms, int frames) {
        int b = gids.length;
        float[] x = frames == maxFrames ? input : compact(frames);
        float[] y;
        try (NDManager step = manager.newSubManager()) {
            NDArray in = step.create(x, new Shape(b, channels, frames));
            y = predictor.step(in).toFloatArray();
        }
        Arrays.fill(input, 0f);
        TaskLayout layout = surrogate.net().layout();
        int tasks = layout.tasks();
        int spikeRow = layout.spikeIndex();
        int somaRow = layout.somaIndex();
        NormalisationStats stats = surrogate.stats();
        List<Spike> spikes = new ArrayList<>();
        for (int s = 0; s < b; s++) {
            int base = s * tasks * frames;
            for (int f = 0; f < frames; f++) {
                double p = 1 / (1 + Math.exp(-y[base + spikeRow * frames + f]));
                boolean isAbove = p > threshold;
                double t = t0Ms + f + 0.5;
                if (isAbove && !above[s] && t >= settleMs && t - lastSpike[s] >= refractoryMs) {
                    spikes.add(new Spike(s, t));
                    lastSpike[s] = t;
                }
                above[s] = isAbove;
            }
            float[][] rec = recorded[s];
            if (rec != null) {
                for (int f = 0; f < frames; f++) {
                    int t = t0Ms + f;
                    if (t >= rec[1].length) {
                        break;
                    }
                    for (int seg = 0; seg < segments; seg++) {
                        rec[0][t * segments + seg] = (float) stats.toMillivolts(seg, y[base + seg * frames + f]);
                    }
                    rec[1][t] = (float) stats.toMillivolts(segments, y[base + somaRow * frames + f]);
                }
            }
        }
        return spikes;
    }

    private float[] compact(int frames) {
        float[] x = new float[gids.length * channels * frames];
        for (int row = 0; row < gids.length * channels; row++) {
            System.arraycopy(input, row * maxFrames, x, row * frames, frames);
        }
        return x;
    }

    /** A recorded slot's predicted voltages: {segments time-major [T × S], soma [T]}, or null. */
    float[][] recording(int slot) {
        return recorded[slot];
    }

    @Override
    public void close() {
        predictor.close();
        manager.close();
    }
}
