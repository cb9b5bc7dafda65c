package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Streaming inference of the spike logit alone for a batch of cells driven by input events, what a network
 * simulation needs of the cells whose voltages it does not record. Each {@link #step} advances Δ frames and returns
 * every cell's spike logit for them, {@code (B, Δ)}; it equals the spike row of {@link StreamingPredictor} on the
 * dense input that holds the same events (within float rounding), at a fraction of its cost:
 *
 * <ul>
 *   <li>The trunk's first layer (the first convolution and its 1×1 residual projection, or a recurrent trunk's input
 *       projection), which reads all C input channels, is computed from the events in Java: bias first, then each
 *       event's weight columns scaled by its value, as {@link BatchPredictor} does for whole windows. An event at frame
 *       s reaches the first convolution's outputs s … s + (kernel − 1)·dilation; the part past the step is carried to
 *       the next one ({@code (kernel − 1)·dilation} frames of the layer's width per cell), so no input history is
 *       kept. So is the linear skip path's spatial stage (K weights per event).</li>
 *   <li>Only the spike task's gate and tower run ({@link SurrogateNet#heads(ParameterStore, NDArray, boolean, int,
 *       int)}), and only the skip path's spike row.</li>
 * </ul>
 * The rest of the trunk runs in DJL with its kept frames ({@link History}), primed with the zero-input state as in
 * {@link StreamingPredictor}. The state is fixed by the network and the batch, whatever the run's length
 * ({@link #stateBytes}). Not thread-safe; one instance per batch; close it to stop its threads.
 */
public final class SparseStreamingPredictor implements AutoCloseable {
    private final SurrogateNet net;
    private final NDManager manager;
    private final ParameterStore store;
    private final int batch;
    private final int spikeRow;
    private final boolean recurrent;
    private final ResidualBlock first;
    private final int width;
    private final int taps;
    private final int dilation;
    private final int span;
    /** Per input channel: the first convolution's weights tap-major {@code [k·W + o]}, or a projection's {@code [o]}. */
    private final float[][] columns;
    private final float[] bias;
    /** Per input channel, the residual projection's weights {@code [o]}; null when the input is added as it is. */
    private final float[][] projection;
    private final float[] projectionBias;
    private final float[][] skipColumns;
    private final ForkJoinPool pool;
    private final int threads;
    /** (B, span, W): what past events add to the first convolution's next {@code span} output frames. */
    private final float[] carry;
    private int events;
    private int[] cell = new int[1024];
    private int[] channel = new int[1024];
    private int[] frame = new int[1024];
    private float[] value = new float[1024];
    private History history;

    /**
     * @param threads Java threads of the first layer's scatter (libtorch's own are set on the engine)
     */
    public SparseStreamingPredictor(SurrogateNet net, NDManager manager, int batch, int threads) {
        if (!net.isInitialized()) {
            throw new IllegalStateException("initialise or load the network before streaming");
        }
        if (batch < 1 || threads < 1) {
            throw new IllegalArgumentException("batch and threads must be >= 1, got " + batch + ", " + threads);
        }
        this.net = net;
        this.manager = manager.newSubManager();
        this.store = new ParameterStore(this.manager, false);
        this.batch = batch;
        this.spikeRow = net.layout().spikeIndex();
        this.recurrent = net.isRecurrent();
        this.threads = threads;
        int c = net.inputChannels();
        skipColumns = net.skip() == null ? null : oneByOne(net.skip().spatial(), c);
        if (recurrent) {
            first = null;
            columns = net.recurrent().projectionColumns();
            bias = net.recurrent().projectionBias();
            width = bias.length;
            taps = 1;
            dilation = 1;
            projection = null;
            projectionBias = null;
        } else {
            first = net.trunk().blocks().get(0);
            taps = first.kernel();
            dilation = first.dilation();
            Conv1d conv1 = first.conv1();
            float[] w = conv1.getParameters().get("weight").getArray().toFloatArray(); // (O, C, K)
            width = w.length / (c * taps);
            columns = new float[c][taps * width];
            for (int o = 0; o < width; o++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < taps; k++) {
                        columns[ch][k * width + o] = w[(o * c + ch) * taps + k];
                    }
                }
            }
            bias = conv1.getParameters().get("bias").getArray().toFloatArray();
            Conv1d p = first.projection();
            projection = p == null ? null : oneByOne(p, c);
            projectionBias = p == null ? new float[width] : p.getParameters().get("bias").getArray().toFloatArray();
        }
        span = (taps - 1) * dilation;
        carry = new float[Math.multiplyExact(batch, span * width)];
        pool = threads > 1 ? new ForkJoinPool(threads) : null;
        reset();
    }

    /** A 1×1 convolution's weights (O, C, 1) per input channel: {@code [c][o] = W[o][c]}. */
    private static float[][] oneByOne(Conv1d conv, int channels) {
        float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
        int outputs = w.length / channels;
        float[][] out = new float[channels][outputs];
        for (int o = 0; o < outputs; o++) {
            for (int c = 0; c < channels; c++) {
                out[c][o] = w[o * channels + c];
            }
        }
        return out;
    }

    /** Forgets all inputs: the next step is the first frame of a new simulation. */
    public void reset() {
        if (history != null) {
            history.close();
        }
        history = new History(manager);
        Arrays.fill(carry, 0f);
        events = 0;
        // priming: R frames without input fill every kept frame with its zero-input state (no outputs needed)
        run(net.receptiveField(), true);
        history.end();
    }

    /**
     * Adds {@code value} to cell {@code cell}'s input channel {@code channel} in frame {@code frame} of the coming
     * step (0-based). Events add up; the value enters the first layer linearly (1 is a trained synapse's spike).
     */
    public void add(int cell, int channel, int frame, float value) {
        if (cell < 0 || cell >= batch || channel < 0 || channel >= net.inputChannels() || frame < 0) {
            throw new IllegalArgumentException("event (cell " + cell + ", channel " + channel + ", frame " + frame
                    + ") outside " + batch + " cells × " + net.inputChannels() + " channels");
        }
        if (events == this.cell.length) {
            int n = 2 * events;
            this.cell = Arrays.copyOf(this.cell, n);
            this.channel = Arrays.copyOf(this.channel, n);
            this.frame = Arrays.copyOf(this.frame, n);
            this.value = Arrays.copyOf(this.value, n);
        }
        this.cell[events] = cell;
        this.channel[events] = channel;
        this.frame[events] = frame;
        this.value[events] = value;
        events++;
    }

    /** Events added for the coming step so far. */
    public int pendingEvents() {
        return events;
    }

    /**
     * Runs the next {@code frames} frames with the events added since the last step (each at a frame below
     * {@code frames}) and returns every cell's spike logit, row-major {@code [cell · frames + f]}.
     */
    public float[] step(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1, got " + frames);
        }
        for (int i = 0; i < events; i++) {
            if (frame[i] >= frames) {
                throw new IllegalArgumentException("an event at frame " + frame[i] + " of a " + frames + "-frame step");
            }
        }
        return run(frames, false);
    }

    private float[] run(int frames, boolean priming) {
        int w = width;
        float[] pre = new float[batch * frames * w]; // (B, T, W)
        float[] residual = recurrent ? null : new float[batch * frames * w];
        int k = LinearCausalFilter.RANK;
        float[] spatial = skipColumns == null ? null : new float[batch * frames * k]; // (B, T, K)
        int[] order = byCell();
        int[] start = new int[batch + 1];
        for (int i = 0; i < events; i++) {
            start[cell[order[i]] + 1]++;
        }
        for (int b = 0; b < batch; b++) {
            start[b + 1] += start[b];
        }
        if (pool == null) {
            scatter(0, batch, frames, order, start, pre, residual, spatial);
        } else {
            List<ForkJoinTask<?>> jobs = new ArrayList<>();
            int per = (batch + threads - 1) / threads;
            for (int a = 0; a < batch; a += per) {
                int from = a;
                int to = Math.min(batch, a + per);
                jobs.add(pool.submit(() -> scatter(from, to, frames, order, start, pre, residual, spatial)));
            }
            jobs.forEach(ForkJoinTask::join);
        }
        events = 0;
        try (NDManager step = manager.newSubManager()) {
            history.begin();
            NDArray f;
            if (recurrent) {
                f = net.recurrent().fromProjection(store, step.create(pre, new Shape(batch, frames, w)), false,
                        history.recurrent(), priming);
            } else {
                NDArray conv = step.create(pre, new Shape(batch, frames, w)).transpose(0, 2, 1);
                NDArray res = step.create(residual, new Shape(batch, frames, w)).transpose(0, 2, 1);
                if (priming) { // the second convolution keeps nothing yet: its output is span frames shorter
                    res = res.get(new NDIndex(":, :, {}:", span));
                }
                f = first.forwardFromFirstConv(store, conv, res, false, history);
                List<ResidualBlock> blocks = net.trunk().blocks();
                for (int i = 1; i < blocks.size(); i++) {
                    f = blocks.get(i).forward(store, f, false, history);
                }
            }
            NDArray skip = null;
            if (spatial != null) {
                NDArray h = history.extend(step.create(spatial, new Shape(batch, frames, k)).transpose(0, 2, 1),
                        net.receptiveField() - 1);
                skip = priming ? null : net.skip().fromSpatial(store, h, false, spikeRow, spikeRow + 1);
            }
            if (priming) {
                return null;
            }
            NDArray y = net.heads(store, f, false, spikeRow, spikeRow + 1); // (B, 1, T)
            if (skip != null) {
                y = y.add(skip);
            }
            return y.toFloatArray();
        }
    }

    /** Event indices ordered by cell (a counting sort; the order within a cell is kept). */
    private int[] byCell() {
        int[] count = new int[batch + 1];
        for (int i = 0; i < events; i++) {
            count[cell[i] + 1]++;
        }
        for (int b = 0; b < batch; b++) {
            count[b + 1] += count[b];
        }
        int[] order = new int[events];
        for (int i = 0; i < events; i++) {
            order[count[cell[i]]++] = i;
        }
        return order;
    }

    /** Cells {@code [from, to)}: biases, the carried part, then their events' columns (cells write disjoint rows). */
    private void scatter(int from, int to, int frames, int[] order, int[] start, float[] pre, float[] residual,
            float[] spatial) {
        int w = width;
        int k = LinearCausalFilter.RANK;
        for (int b = from; b < to; b++) {
            int base = b * frames * w;
            for (int u = 0; u < frames; u++) {
                System.arraycopy(bias, 0, pre, base + u * w, w);
                if (residual != null) {
                    System.arraycopy(projectionBias, 0, residual, base + u * w, w);
                }
            }
            int cb = b * span * w;
            for (int u = 0; u < Math.min(frames, span); u++) {
                for (int o = 0; o < w; o++) {
                    pre[base + u * w + o] += carry[cb + u * w + o];
                }
            }
            for (int u = 0; u < span; u++) { // what is left of the carry moves up by the step's frames
                int src = u + frames;
                if (src < span) {
                    System.arraycopy(carry, cb + src * w, carry, cb + u * w, w);
                } else {
                    Arrays.fill(carry, cb + u * w, cb + (u + 1) * w, 0f);
                }
            }
            for (int j = start[b]; j < start[b + 1]; j++) {
                int e = order[j];
                int s = frame[e];
                int c = channel[e];
                float v = value[e];
                float[] col = columns[c];
                for (int tap = 0; tap < taps; tap++) {
                    int u = s + (taps - 1 - tap) * dilation; // the output frame that reads frame s through this tap
                    int at = u < frames ? base + u * w : cb + (u - frames) * w;
                    float[] into = u < frames ? pre : carry;
                    int wk = tap * w;
                    for (int o = 0; o < w; o++) {
                        into[at + o] += v * col[wk + o];
                    }
                }
                if (residual != null) {
                    int at = base + s * w;
                    if (projection != null) {
                        float[] p = projection[c];
                        for (int o = 0; o < w; o++) {
                            residual[at + o] += v * p[o];
                        }
                    } else {
                        residual[at + c] += v;
                    }
                }
                if (spatial != null) {
                    float[] sc = skipColumns[c];
                    int at = (b * frames + s) * k;
                    for (int o = 0; o < k; o++) {
                        spatial[at + o] += v * sc[o];
                    }
                }
            }
        }
    }

    /**
     * Bytes of state carried between steps: the first layer's carried frames, the later convolutions' kept frames and
     * a recurrent trunk's state. Fixed by the network and the batch, whatever the run's length.
     */
    public long stateBytes() {
        return 4L * carry.length + history.bytes();
    }

    public int batch() {
        return batch;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
        history.close();
        manager.close();
    }
}
