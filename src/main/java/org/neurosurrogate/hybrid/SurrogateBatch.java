package org.neurosurrogate.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.SparseStreamingPredictor;
import org.neurosurrogate.model.StreamingPredictor;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * All surrogate cells of one rank that share a surrogate, advanced together: one batched streaming step per
 * interval. Cells whose voltages are not recorded (all but a few) run in one {@link SparseStreamingPredictor}, which
 * computes their spike logits alone from their input events; recorded cells run beside it with every task out,
 * in a second one (or, for a surrogate with the local input path, in a {@link StreamingPredictor} on dense input
 * {@code (B, C, Δ)}). Inputs are added per cell, channel and 1-ms frame
 * (background spikes count 1; network events their connection weight, see {@link #add}); a cell spikes in the first
 * bin in which its spike probability rises above the threshold, reported at the bin's centre, unless that is within
 * the surrogate's refractory merge of its previous spike (the causal form of {@link Surrogate#spikeTimes}), or
 * before R − 1 ms (see {@link #settleMs}).
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
    /** Slot → its index in the sparse predictor (unrecorded cells) or −1; likewise for the dense one. */
    private final int[] sparseIndex;
    private final int[] denseIndex;
    private final int[] sparseSlots;
    private final int[] denseSlots;
    private final SparseStreamingPredictor sparse;
    /** The recorded cells' predictor: event-driven with every task, or dense where the surrogate needs it. */
    private final SparseStreamingPredictor full;
    private final StreamingPredictor dense;
    private final int channels;
    private final int maxFrames;
    private final float[] input; // the dense cells' (B_d, C, maxFrames)
    private final boolean[] above;
    private final float[][][] recorded; // dense index -> {segments time-major [T × S], soma [T]}
    private final int segments;

    /**
     * @param recordSlots which slots keep their predicted voltages (they run in the dense predictor)
     * @param durationMs the run's length (sizes the recordings)
     * @param threads Java threads of the sparse first layer
     */
    SurrogateBatch(Surrogate surrogate, int[] gids, double threshold, int maxFrames, boolean[] recordSlots,
                   int durationMs, int threads) {
        this.surrogate = surrogate;
        this.gids = gids.clone();
        this.threshold = threshold;
        this.refractoryMs = Surrogate.spikeRefractoryMs(surrogate.info());
        this.settleMs = surrogate.net().receptiveField() - 1;
        this.lastSpike = new double[gids.length];
        Arrays.fill(lastSpike, Double.NEGATIVE_INFINITY);
        this.maxFrames = maxFrames;
        this.channels = surrogate.net().inputChannels();
        this.segments = surrogate.segments().size();
        this.sparseIndex = new int[gids.length];
        this.denseIndex = new int[gids.length];
        int nDense = 0;
        for (boolean r : recordSlots) {
            nDense += r ? 1 : 0;
        }
        this.denseSlots = new int[nDense];
        this.sparseSlots = new int[gids.length - nDense];
        int d = 0;
        int sp = 0;
        for (int slot = 0; slot < gids.length; slot++) {
            if (recordSlots[slot]) {
                denseIndex[slot] = d;
                sparseIndex[slot] = -1;
                denseSlots[d++] = slot;
            } else {
                sparseIndex[slot] = sp;
                denseIndex[slot] = -1;
                sparseSlots[sp++] = slot;
            }
        }
        this.manager = NDManager.newBaseManager();
        this.sparse = sparseSlots.length == 0 ? null
                : new SparseStreamingPredictor(surrogate.net(), manager, sparseSlots.length, threads);
        boolean local = surrogate.net().local() != null;
        this.full = nDense == 0 || local ? null
                : new SparseStreamingPredictor(surrogate.net(), manager, nDense, 1, true);
        this.dense = nDense == 0 || !local ? null : new StreamingPredictor(surrogate.net(), manager, nDense);
        this.input = new float[dense == null ? 0 : nDense * channels * maxFrames];
        this.above = new boolean[gids.length];
        this.recorded = new float[nDense][][];
        for (int i = 0; i < nDense; i++) {
            recorded[i] = new float[][] {new float[durationMs * segments], new float[durationMs]};
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
        int i = sparseIndex[slot];
        if (i >= 0) {
            sparse.add(i, channel, frame, value);
        } else if (full != null) {
            full.add(denseIndex[slot], channel, frame, value);
        } else {
            input[(denseIndex[slot] * channels + channel) * maxFrames + frame] += value;
        }
    }

    /** Adds events {@code [from, to)} of the arrays, whose slots are this batch's plus {@code slotBase}. */
    void addAll(int[] slots, int[] channel, int[] frame, float[] weight, int from, int to, int slotBase) {
        for (int e = from; e < to; e++) {
            add(slots[e] - slotBase, channel[e], frame[e], weight[e]);
        }
    }

    /** Bytes of streaming state (both predictors): fixed by the batch, whatever the run's length. */
    long stateBytes() {
        return (sparse == null ? 0 : sparse.stateBytes()) + (full == null ? 0 : full.stateBytes())
                + (dense == null ? 0 : dense.stateBytes());
    }

    /**
     * Runs the next {@code frames} ms (first frame at {@code t0Ms}) for every cell and returns their spikes.
     * Clears the input for the next step.
     */
    List<Spike> step(int t0Ms, int frames) {
        float[] logits = new float[gids.length * frames]; // [slot · frames + f]
        if (sparse != null) {
            float[] y = sparse.step(frames);
            for (int i = 0; i < sparseSlots.length; i++) {
                System.arraycopy(y, i * frames, logits, sparseSlots[i] * frames, frames);
            }
        }
        if (denseSlots.length > 0) {
            recordedStep(t0Ms, frames, logits);
        }
        List<Spike> spikes = new ArrayList<>();
        for (int s = 0; s < gids.length; s++) {
            for (int f = 0; f < frames; f++) {
                double p = 1 / (1 + Math.exp(-logits[s * frames + f]));
                boolean isAbove = p > threshold;
                double t = t0Ms + f + 0.5;
                if (isAbove && !above[s] && t >= settleMs && t - lastSpike[s] >= refractoryMs) {
                    spikes.add(new Spike(s, t));
                    lastSpike[s] = t;
                }
                above[s] = isAbove;
            }
        }
        return spikes;
    }

    /** The recorded cells' step: every task out, the spike row into {@code logits}, the voltages kept. */
    private void recordedStep(int t0Ms, int frames, float[] logits) {
        int b = denseSlots.length;
        float[] y;
        if (full != null) {
            y = full.step(frames);
        } else {
            float[] x = frames == maxFrames ? input : compact(frames);
            try (NDManager step = manager.newSubManager()) {
                NDArray in = step.create(x, new Shape(b, channels, frames));
                y = dense.step(in).toFloatArray();
            }
            Arrays.fill(input, 0f);
        }
        TaskLayout layout = surrogate.net().layout();
        int tasks = layout.tasks();
        int spikeRow = layout.spikeIndex();
        int somaRow = layout.somaIndex();
        NormalisationStats stats = surrogate.stats();
        for (int i = 0; i < b; i++) {
            int base = i * tasks * frames;
            System.arraycopy(y, base + spikeRow * frames, logits, denseSlots[i] * frames, frames);
            float[][] rec = recorded[i];
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

    private float[] compact(int frames) {
        float[] x = new float[denseSlots.length * channels * frames];
        for (int row = 0; row < denseSlots.length * channels; row++) {
            System.arraycopy(input, row * maxFrames, x, row * frames, frames);
        }
        return x;
    }

    /** A recorded slot's predicted voltages: {segments time-major [T × S], soma [T]}, or null. */
    float[][] recording(int slot) {
        return denseIndex[slot] < 0 ? null : recorded[denseIndex[slot]];
    }

    @Override
    public void close() {
        if (sparse != null) {
            sparse.close();
        }
        if (full != null) {
            full.close();
        }
        if (dense != null) {
            dense.close();
        }
        manager.close();
    }
}
