package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    /** The task rows computed: [firstTask, lastTask). */
    private final int firstTask;
    private final int lastTask;
    private final boolean recurrent;
    private final ResidualBlock first;
    private final int width;
    private final int taps;
    private final int dilation;
    private final int span;
    /**
     * Per input channel, what one event adds to the outputs at and after its frame: the first convolution's weights
     * by frame offset {@code [j·W + o] = W[o][c][K − 1 − j]} (offset j = (K − 1 − k)·d for tap k, d = 1; with d > 1
     * the offsets between taps hold zeros), so an event's contribution is one contiguous run; or a recurrent trunk's
     * projection {@code [o]}.
     */
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
    /** Buffers of a step, kept from step to step (a step allocates no Java arrays of the batch's size). */
    private float[] pre = new float[0];
    private float[] residual = new float[0];
    private float[] spatial = new float[0];
    private int[] order = new int[0];
    private final int[] start;
    private final ByteBuffer[] direct = new ByteBuffer[3];

    /**
     * A predictor of the spike logit alone.
     *
     * @param threads Java threads of the first layer's scatter (libtorch's own are set on the engine)
     */
    public SparseStreamingPredictor(SurrogateNet net, NDManager manager, int batch, int threads) {
        this(net, manager, batch, threads, false);
    }

    /**
     * A predictor of the spike logit alone, or with {@code allTasks} of every task (the voltages of recorded cells;
     * not for a network with the local input path, whose voltage rows {@link StreamingPredictor} computes).
     */
    public SparseStreamingPredictor(SurrogateNet net, NDManager manager, int batch, int threads, boolean allTasks) {
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
        if (allTasks && net.local() != null) {
            throw new IllegalArgumentException("a network with the local input path streams its voltages through "
                    + "StreamingPredictor");
        }
        this.firstTask = allTasks ? 0 : net.layout().spikeIndex();
        this.lastTask = allTasks ? net.layout().tasks() : firstTask + 1;
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
            int offsets = (taps - 1) * dilation + 1;
            columns = new float[c][offsets * width];
            for (int o = 0; o < width; o++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < taps; k++) {
                        columns[ch][(taps - 1 - k) * dilation * width + o] = w[(o * c + ch) * taps + k];
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
        start = new int[batch + 1];
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
     * {@code frames}) and returns every cell's spike logit, row-major {@code [cell · frames + f]} (with all tasks:
     * {@code (B, tasks, frames)} row-major).
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
        int k = LinearCausalFilter.RANK;
        int n = batch * frames * w;
        if (pre.length < n) {
            pre = new float[n];
            residual = recurrent ? residual : new float[n];
            spatial = skipColumns == null ? spatial : new float[batch * frames * k];
        }
        if (order.length < events) {
            order = new int[Math.max(events, 2 * order.length)];
        }
        byCell();
        if (pool == null) {
            scatter(0, batch, frames);
        } else {
            List<ForkJoinTask<?>> jobs = new ArrayList<>();
            int per = (batch + threads - 1) / threads;
            for (int a = 0; a < batch; a += per) {
                int from = a;
                int to = Math.min(batch, a + per);
                jobs.add(pool.submit(() -> scatter(from, to, frames)));
            }
            jobs.forEach(ForkJoinTask::join);
        }
        events = 0;
        try (NDManager step = manager.newSubManager()) {
            history.begin();
            NDArray f;
            if (recurrent) {
                f = net.recurrent().fromProjection(store, create(step, pre, n, new Shape(batch, frames, w)), false,
                        history.recurrent(), priming);
            } else {
                NDArray conv = create(step, pre, n, new Shape(batch, frames, w)).transpose(0, 2, 1);
                NDArray res = create(step, residual, n, new Shape(batch, frames, w)).transpose(0, 2, 1);
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
                NDArray h = history.extend(create(step, spatial, batch * frames * k, new Shape(batch, frames, k))
                        .transpose(0, 2, 1),
                        net.receptiveField() - 1);
                skip = priming ? null : net.skip().fromSpatial(store, h, false, firstTask, lastTask);
            }
            if (priming) {
                return null;
            }
            NDArray y = net.heads(store, f, false, firstTask, lastTask); // (B, tasks computed, T)
            if (skip != null) {
                y = y.add(skip);
            }
            return y.toFloatArray();
        }
    }

    /**
     * The first {@code n} values of a buffer as an array of {@code shape}, through a native-order direct buffer kept
     * for the purpose (libtorch reads it in place; the array lives only within the step).
     */
    private NDArray create(NDManager m, float[] buffer, int n, Shape shape) {
        int which = buffer == pre ? 0 : buffer == residual ? 1 : 2;
        long bytes = 4L * n;
        if (direct[which] == null || direct[which].capacity() < bytes) {
            direct[which] = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        }
        direct[which].asFloatBuffer().put(buffer, 0, n);
        return m.create(direct[which].slice(0, (int) bytes).order(ByteOrder.nativeOrder()), shape, DataType.FLOAT32);
    }

    /** Event indices ordered by cell into {@link #order}, cell b's at {@code [start[b], start[b + 1])}. */
    private void byCell() {
        Arrays.fill(start, 0);
        for (int i = 0; i < events; i++) {
            start[cell[i] + 1]++;
        }
        for (int b = 0; b < batch; b++) {
            start[b + 1] += start[b];
        }
        int[] next = Arrays.copyOf(start, batch);
        for (int i = 0; i < events; i++) {
            order[next[cell[i]]++] = i;
        }
    }

    /** Cells {@code [from, to)}: biases, the carried part, then their events' columns (cells write disjoint rows). */
    private void scatter(int from, int to, int frames) {
        int w = width;
        int k = LinearCausalFilter.RANK;
        for (int b = from; b < to; b++) {
            int base = b * frames * w;
            for (int u = 0; u < frames; u++) {
                System.arraycopy(bias, 0, pre, base + u * w, w);
                if (!recurrent) {
                    System.arraycopy(projectionBias, 0, residual, base + u * w, w);
                }
            }
            if (spatial.length > 0) {
                Arrays.fill(spatial, b * frames * k, (b + 1) * frames * k, 0f);
            }
            int cb = b * span * w;
            int head = Math.min(frames, span) * w;
            axpy(pre, base, carry, cb, 1f, head);
            // what is left of the carry moves up by the step's frames
            int kept = Math.max(0, span - frames) * w;
            System.arraycopy(carry, cb + head, carry, cb, kept);
            Arrays.fill(carry, cb + kept, cb + span * w, 0f);
            for (int j = start[b]; j < start[b + 1]; j++) {
                int e = order[j];
                int s = frame[e];
                int c = channel[e];
                float v = value[e];
                float[] col = columns[c];
                // offsets 0 … span reach frames s … s + span: those in the step, then the rest into the carry
                int inStep = Math.min(col.length, (frames - s) * w);
                axpy(pre, base + s * w, col, 0, v, inStep);
                axpy(carry, cb, col, inStep, v, col.length - inStep);
                if (!recurrent) {
                    int at = base + s * w;
                    if (projection != null) {
                        axpy(residual, at, projection[c], 0, v, w);
                    } else {
                        residual[at + c] += v;
                    }
                }
                if (skipColumns != null) {
                    axpy(spatial, (b * frames + s) * k, skipColumns[c], 0, v, k);
                }
            }
        }
    }

    /** {@code y[yo + i] += v · x[xo + i]} for i in [0, n) (a loop the JIT vectorises). */
    private static void axpy(float[] y, int yo, float[] x, int xo, float v, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += v * x[xo + i];
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
