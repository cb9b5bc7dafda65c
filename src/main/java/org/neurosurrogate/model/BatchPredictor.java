package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;

/**
 * Whole-window inference for a batch of cells driven by binary inputs given as spike events, with bounded memory.
 * The output is exactly the whole-window forward pass of {@link SurrogateNet} (inference mode): frame {@code j}
 * of the output is the prediction for input frame {@code j + R − 1}.
 *
 * <p>Memory: the time axis is cut into chunks that overlap by R − 1 input frames, each chunk being a forward pass
 * of its own (a causal, unpadded network gives the same outputs); a chunk's size follows from the memory budget
 * and the batch. The heads (gates and towers, pointwise in time) run on sub-chunks of output frames.
 *
 * <p>First layer: the first convolution of the trunk and its 1×1 residual projection read all C input channels
 * and dominate the cost. {@link FirstLayer#DENSE} feeds DJL a dense (B, C, T) tensor. {@link FirstLayer#SPARSE}
 * computes both from the events: bias first, then for each event at frame s on channel c the weight column
 * {@code W[:, c, k]} is added to output frame {@code s − k·d} for every tap k (and the projection's column to
 * the residual frame), in plain Java on {@code threads} threads; the rest of the network runs unchanged in DJL.
 * A linear skip path's spatial stage is computed from the events in both modes (its K weights per event), and so
 * is a local input path (its R taps per event, added to the event's segment row).
 * Work is proportional to the number of events instead of C × T, and the outputs equal DENSE's up to float
 * rounding (summation order). A recurrent trunk's input projection is computed from the events the same way (its
 * C × M·P weights by channel), and its LSTM state is carried from chunk to chunk: chunks then do not overlap in
 * the trunk, and the outputs are one pass over the window.
 *
 * <p>Not thread-safe: one instance per caller; buffers are kept between calls. Close it to stop its threads.
 */
public final class BatchPredictor implements AutoCloseable {
    /** How the first convolution is computed. */
    public enum FirstLayer {
        DENSE, SPARSE
    }

    /**
     * Input spikes of B cells over a window of {@code frames} 1-ms input frames: for cell b, event i is on channel
     * {@code channel[b][i]} at frame {@code frame[b][i]}. Frames ascending per cell, at most one event per (frame,
     * channel): the input value is 1 there and 0 elsewhere.
     */
    public record Events(int frames, int[][] frame, int[][] channel) {
        public Events {
            if (frames < 1 || frame.length == 0 || frame.length != channel.length) {
                throw new IllegalArgumentException("need frames >= 1 and the same number (>= 1) of frame and channel"
                        + " arrays, got " + frames + ", " + frame.length + ", " + channel.length);
            }
            for (int b = 0; b < frame.length; b++) {
                if (frame[b].length != channel[b].length) {
                    throw new IllegalArgumentException("cell " + b + ": frames and channels differ in length");
                }
                for (int i = 0; i < frame[b].length; i++) {
                    if (frame[b][i] < 0 || frame[b][i] >= frames || (i > 0 && frame[b][i] < frame[b][i - 1])) {
                        throw new IllegalArgumentException("cell " + b + ": frames must be ascending in [0, " + frames
                                + "), event " + i + " is at " + frame[b][i]);
                    }
                }
            }
        }

        public int batch() {
            return frame.length;
        }

        public long count() {
            long n = 0;
            for (int[] f : frame) {
                n += f.length;
            }
            return n;
        }
    }

    /** Output frames {@code [from, to)} of every cell: {@code values} is (B, tasks, to − from), row-major. */
    public record Chunk(int from, int to, float[] values) {
    }

    /** Rows (cells × frames) per pass of the heads: their intermediates then stay in cache (measured faster). */
    static final long HEAD_ROWS = 512;
    /** Output frames of one parallel task of the sparse first layer. */
    private static final int SPARSE_BLOCK_FRAMES = 128;

    private final SurrogateNet net;
    private final FirstLayer firstLayer;
    private final long memoryBytes;
    private final ForkJoinPool pool;
    private final ResidualBlock first;
    private final int taps;
    private final int dilation;
    private final int width;
    /** SPARSE: per input channel, the first convolution's weights tap-major: {@code [c][k·O + o] = W[o][c][k]}. */
    private final float[][] columns;
    /** SPARSE: per input channel, the projection's weights {@code [c][o]}; null where the input is added as is. */
    private final float[][] projection;
    private final float[] conv1Bias;
    private final float[] projectionBias;
    /** With a linear skip path: its spatial weights per input channel {@code [c][k]}; else null. */
    private final float[][] skipColumns;
    /** With a local input path: its taps per input channel {@code [c][k]}; else null. */
    private final float[][] localTaps;
    private ByteBuffer inputBuffer;
    private ByteBuffer conv1Buffer;
    private ByteBuffer residualBuffer;
    private int lastChunks;
    private int lastChunkFrames;

    /**
     * @param threads Java threads of the sparse first layer (libtorch's own are set on the engine)
     * @param memoryBytes budget for the activations of one call; sets the chunk sizes
     */
    public BatchPredictor(SurrogateNet net, FirstLayer firstLayer, int threads, long memoryBytes) {
        if (!net.isInitialized()) {
            throw new IllegalStateException("initialise or load the network before predicting");
        }
        if (threads < 1 || memoryBytes < 1) {
            throw new IllegalArgumentException("threads and memoryBytes must be >= 1, got " + threads + ", "
                    + memoryBytes);
        }
        this.net = net;
        this.firstLayer = firstLayer;
        this.memoryBytes = memoryBytes;
        skipColumns = net.skip() == null ? null : channelMajor(net.skip().spatial(), net.inputChannels());
        localTaps = net.local() == null ? null : net.local().taps();
        if (net.isRecurrent()) { // SPARSE: the input projection from the events, its C × M·P weights by channel
            first = null;
            taps = 1;
            dilation = 1;
            boolean sparse = firstLayer == FirstLayer.SPARSE;
            columns = sparse ? net.recurrent().projectionColumns() : null;
            conv1Bias = sparse ? net.recurrent().projectionBias() : null;
            width = sparse ? conv1Bias.length : 0;
            pool = null;
            projection = null;
            projectionBias = null;
            return;
        }
        first = net.trunk().blocks().get(0);
        taps = first.kernel();
        dilation = first.dilation();
        Conv1d conv1 = first.conv1();
        width = (int) conv1.getParameters().get("weight").getArray().getShape().get(0);
        if (firstLayer == FirstLayer.SPARSE) {
            pool = new ForkJoinPool(threads);
            int c = net.inputChannels();
            float[] w = conv1.getParameters().get("weight").getArray().toFloatArray(); // (O, C, K)
            columns = new float[c][taps * width];
            for (int o = 0; o < width; o++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < taps; k++) {
                        columns[ch][k * width + o] = w[(o * c + ch) * taps + k];
                    }
                }
            }
            conv1Bias = conv1.getParameters().get("bias").getArray().toFloatArray();
            Conv1d p = first.projection();
            if (p != null) {
                projection = channelMajor(p, c);
                projectionBias = p.getParameters().get("bias").getArray().toFloatArray();
            } else {
                if (c != width) {
                    throw new IllegalStateException("first block without projection must keep its width");
                }
                projection = null;
                projectionBias = new float[width];
            }
        } else {
            pool = null;
            columns = null;
            projection = null;
            conv1Bias = null;
            projectionBias = null;
        }
    }

    /**
     * A 1×1 convolution's weights (O, C, 1) per input channel, {@code [c][o] = W[o][c]}: the column that one input
     * event on channel c adds to an output frame.
     */
    private static float[][] channelMajor(Conv1d oneByOne, int channels) {
        float[] w = oneByOne.getParameters().get("weight").getArray().toFloatArray();
        int outputs = w.length / channels;
        float[][] columns = new float[channels][outputs];
        for (int o = 0; o < outputs; o++) {
            for (int c = 0; c < channels; c++) {
                columns[c][o] = w[o * channels + c];
            }
        }
        return columns;
    }

    /** Predicts and returns all outputs (B, tasks, frames − R + 1), row-major. */
    public float[] predict(NDManager manager, Events events) {
        int b = events.batch();
        int tasks = net.layout().tasks();
        int out = outputFrames(events);
        float[] all = new float[Math.multiplyExact(Math.multiplyExact(b, tasks), out)];
        predict(manager, events, c -> {
            int n = c.to() - c.from();
            for (int row = 0; row < b * tasks; row++) {
                System.arraycopy(c.values(), row * n, all, row * out + c.from(), n);
            }
        });
        return all;
    }

    /** Predicts, handing each chunk of output frames to {@code sink} in time order. */
    public void predict(NDManager manager, Events events, Consumer<Chunk> sink) {
        int r = net.receptiveField();
        int out = outputFrames(events);
        int b = events.batch();
        long trunkBudget = memoryBytes * 2 / 3;
        long perFrame = (long) b * trunkBytesPerFrame();
        int chunkOut = (int) Math.max(16, Math.min(out, trunkBudget / perFrame - (r - 1)));
        long headsBudget = memoryBytes / 3;
        long headRows = Math.min(HEAD_ROWS, headsBudget / headBytesPerRow());
        int headFrames = (int) Math.max(1, Math.min(chunkOut, headRows / b));
        ParameterStore ps = new ParameterStore(manager, false);
        try (NDManager call = manager.newSubManager()) {
            run(call, events, sink, chunkOut, headFrames, ps);
        }
    }

    private void run(NDManager manager, Events events, Consumer<Chunk> sink, int chunkOut, int headFrames,
            ParameterStore ps) {
        int[] cursor = new int[events.batch()]; // first event of each cell not before the chunk's first input frame
        lastChunks = 0;
        lastChunkFrames = chunkOut;
        try (RecurrentTrunk.State state = net.isRecurrent() ? new RecurrentTrunk.State(manager) : null) {
            chunks(manager, events, sink, chunkOut, headFrames, ps, cursor, state);
        }
    }

    private void chunks(NDManager manager, Events events, Consumer<Chunk> sink, int chunkOut, int headFrames,
            ParameterStore ps, int[] cursor, RecurrentTrunk.State state) {
        int r = net.receptiveField();
        int out = outputFrames(events);
        int b = events.batch();
        for (int o0 = 0; o0 < out; o0 += chunkOut) {
            int o1 = Math.min(out, o0 + chunkOut);
            int in = o1 - o0 + r - 1;
            lastChunks++;
            for (int cell = 0; cell < b; cell++) {
                int[] f = events.frame()[cell];
                while (cursor[cell] < f.length && f[cursor[cell]] < o0) {
                    cursor[cell]++;
                }
            }
            try (NDManager sub = manager.newSubManager()) {
                NDArray features = state != null && columns != null ? recurrentSparse(ps, sub, events, cursor, o0, in,
                        state)
                        : state != null ? denseTrunk(ps, sub, events, cursor, o0, in, state)
                        : firstLayer == FirstLayer.DENSE ? denseTrunk(ps, sub, events, cursor, o0, in, null)
                        : sparseTrunk(ps, sub, events, cursor, o0, in);
                NDArray skip = net.skip() == null ? null : skipChunk(ps, sub, events, cursor, o0, in);
                NDArray local = localTaps == null ? null : localChunk(sub, events, cursor, o0, in);
                for (int h0 = 0; h0 < o1 - o0; h0 += headFrames) {
                    int h1 = Math.min(o1 - o0, h0 + headFrames);
                    try (NDManager step = sub.newSubManager()) {
                        NDArray part = features.get(step, new NDIndex(":, :, {}:{}", h0, h1));
                        NDArray y = net.heads(ps, part, false);
                        if (skip != null) {
                            y = y.add(skip.get(step, new NDIndex(":, :, {}:{}", h0, h1)));
                        }
                        if (local != null) {
                            y = y.add(local.get(step, new NDIndex(":, :, {}:{}", h0, h1)));
                        }
                        sink.accept(new Chunk(o0 + h0, o0 + h1, y.toFloatArray()));
                    }
                }
            }
        }
    }

    private int outputFrames(Events events) {
        if (events.frames() < net.receptiveField()) {
            throw new IllegalArgumentException("a window of " + events.frames() + " frames is shorter than the "
                    + "receptive field (" + net.receptiveField() + ")");
        }
        return (int) net.outputFrames(events.frames());
    }

    /**
     * Estimated trunk bytes per input frame and cell: the dense input and libtorch's working copies of it for the
     * first convolution (measured: about 3× the input), or the sparse layer's two buffers; plus the first block's
     * intermediates (the widest; blocks run one at a time).
     */
    private long trunkBytesPerFrame() {
        if (net.isRecurrent()) { // (dense input or) the projection, and per member the LSTM's gates (4H) and outputs
            long units = (long) net.members() * net.features();
            return 4L * ((firstLayer == FirstLayer.DENSE ? 3L * net.inputChannels() : 2L * width) + 6L * units);
        }
        return 4L * ((firstLayer == FirstLayer.DENSE ? 3L * net.inputChannels() : 2L * width) + 7L * width);
    }

    /** Estimated bytes of the heads' intermediates per output row (cell × frame). */
    private long headBytesPerRow() {
        int tasks = net.layout().tasks();
        int feat = net.features();
        return net.arch() == Arch.MH ? 4L * (2L * net.members() * feat + 2L * tasks)
                : 4L * tasks * (3L * net.experts() + 2L * feat + 2);
    }

    /** Time chunks of the last call (1: the whole window in one pass). */
    public int lastChunks() {
        return lastChunks;
    }

    /** Output frames per chunk in the last call. */
    public int lastChunkFrames() {
        return lastChunkFrames;
    }

    public FirstLayer firstLayer() {
        return firstLayer;
    }

    /**
     * The trunk's features for a chunk of {@code in} input frames from {@code from}. A recurrent trunk continues from
     * {@code state}: after the first chunk it reads only the chunk's new frames (the last in − R + 1), so the chunks
     * together are one pass over the window, exactly.
     */
    private NDArray denseTrunk(ParameterStore ps, NDManager sub, Events events, int[] cursor, int from, int in,
            RecurrentTrunk.State state) {
        int b = events.batch();
        int c = net.inputChannels();
        long floats = (long) b * c * in;
        inputBuffer = buffer(inputBuffer, floats);
        FloatBuffer x = inputBuffer.asFloatBuffer();
        int[] set = new int[1024];
        int n = 0;
        for (int cell = 0; cell < b; cell++) {
            int[] f = events.frame()[cell];
            int[] ch = events.channel()[cell];
            for (int i = cursor[cell]; i < f.length && f[i] < from + in; i++) {
                int at = (int) (((long) cell * c + ch[i]) * in + f[i] - from);
                x.put(at, 1f);
                if (n == set.length) {
                    set = Arrays.copyOf(set, 2 * n);
                }
                set[n++] = at;
            }
        }
        try {
            NDArray input = sub.create(slice(inputBuffer, floats), new Shape(b, c, in), DataType.FLOAT32);
            if (state == null) {
                return blocks(ps, sub, input, 0);
            }
            if (state.started()) {
                input = input.get(new NDIndex(":, :, {}:", net.receptiveField() - 1));
            }
            return net.features(ps, input, state);
        } finally {
            for (int i = 0; i < n; i++) {
                x.put(set[i], 0f); // the buffer is all zeros again for the next chunk
            }
        }
    }

    /**
     * A recurrent trunk's features for a chunk, its input projection computed from the events: bias, then each
     * event's weight column added to its frame (the frames after the first chunk's: R − 1 of them come first).
     */
    private NDArray recurrentSparse(ParameterStore ps, NDManager sub, Events events, int[] cursor, int from, int in,
            RecurrentTrunk.State state) {
        int b = events.batch();
        int skip = state.started() ? net.receptiveField() - 1 : 0; // frames already read by the previous chunk
        int t = in - skip;
        int o = width;
        float[] pre = new float[b * t * o]; // (B, T, M·P)
        for (int cell = 0; cell < b; cell++) {
            for (int frame = 0; frame < t; frame++) {
                System.arraycopy(conv1Bias, 0, pre, (cell * t + frame) * o, o);
            }
            int[] f = events.frame()[cell];
            int[] ch = events.channel()[cell];
            for (int i = lowerBound(f, cursor[cell], from + skip); i < f.length && f[i] < from + in; i++) {
                float[] w = columns[ch[i]];
                int base = (cell * t + f[i] - from - skip) * o;
                for (int j = 0; j < o; j++) {
                    pre[base + j] += w[j];
                }
            }
        }
        return net.featuresFromProjection(ps, sub.create(pre, new Shape(b, t, o)), state);
    }

    private NDArray sparseTrunk(ParameterStore ps, NDManager sub, Events events, int[] cursor, int from, int in) {
        int b = events.batch();
        int span = (taps - 1) * dilation;
        int t1 = in - span; // frames of the first convolution's output
        int t2 = t1 - span; // frames of the block's output (after its second convolution)
        int offset = in - t2; // input frame of residual frame 0
        conv1Buffer = buffer(conv1Buffer, (long) b * t1 * width);
        residualBuffer = buffer(residualBuffer, (long) b * t2 * width);
        FloatBuffer conv = conv1Buffer.asFloatBuffer();
        FloatBuffer res = residualBuffer.asFloatBuffer();
        List<ForkJoinTask<?>> jobs = new ArrayList<>();
        for (int cell = 0; cell < b; cell++) {
            for (int a = 0; a < t1; a += SPARSE_BLOCK_FRAMES) {
                int cellIndex = cell;
                int start = a;
                int end = Math.min(t1, a + SPARSE_BLOCK_FRAMES);
                jobs.add(pool.submit(() -> scatter(events, cellIndex, cursor[cellIndex], from, start, end, t1, t2,
                        offset, conv, res)));
            }
        }
        for (ForkJoinTask<?> job : jobs) {
            job.join();
        }
        // (B, T, O) buffers; the convolutions want (B, O, T).
        NDArray pre = sub.create(slice(conv1Buffer, (long) b * t1 * width), new Shape(b, t1, width), DataType.FLOAT32)
                .transpose(0, 2, 1);
        NDArray residual = sub.create(slice(residualBuffer, (long) b * t2 * width), new Shape(b, t2, width),
                DataType.FLOAT32).transpose(0, 2, 1);
        NDArray h;
        try (NDManager scope = sub.newSubManager()) {
            pre.tempAttach(scope);
            residual.tempAttach(scope);
            h = first.forwardFromFirstConv(ps, pre, residual, false);
            h.attach(sub);
        }
        pre.close();
        residual.close();
        return blocks(ps, sub, h, 1);
    }

    /**
     * The linear skip path's output (B, tasks, in − R + 1) for a chunk of {@code in} input frames from {@code from}.
     * Its spatial stage (C → K, 1×1) is computed from the events in either mode: each event adds its channel's K
     * weights to its frame (K = {@value LinearCausalFilter#RANK}, so this is cheap); the rest runs in DJL.
     */
    private NDArray skipChunk(ParameterStore ps, NDManager sub, Events events, int[] cursor, int from, int in) {
        int b = events.batch();
        int k = LinearCausalFilter.RANK;
        float[] spatial = new float[b * in * k]; // (B, T, K)
        for (int cell = 0; cell < b; cell++) {
            int[] f = events.frame()[cell];
            int[] ch = events.channel()[cell];
            for (int i = cursor[cell]; i < f.length && f[i] < from + in; i++) {
                float[] w = skipColumns[ch[i]];
                int base = (cell * in + f[i] - from) * k;
                for (int j = 0; j < k; j++) {
                    spatial[base + j] += w[j];
                }
            }
        }
        NDArray h = sub.create(spatial, new Shape(b, in, k)).transpose(0, 2, 1);
        return net.skip().fromSpatial(ps, h, false);
    }

    /**
     * The local input path's output (B, tasks, in − R + 1) for a chunk of {@code in} input frames from {@code from},
     * from the events: an event at chunk frame s on channel c adds tap k to output frame s − k of segment c mod S
     * (soma and spike rows stay zero).
     */
    private NDArray localChunk(NDManager sub, Events events, int[] cursor, int from, int in) {
        int b = events.batch();
        int tasks = net.layout().tasks();
        int segments = net.layout().segments();
        int r = net.receptiveField();
        int out = in - r + 1;
        float[] y = new float[b * tasks * out];
        for (int cell = 0; cell < b; cell++) {
            int[] f = events.frame()[cell];
            int[] ch = events.channel()[cell];
            for (int i = cursor[cell]; i < f.length && f[i] < from + in; i++) {
                int s = f[i] - from;
                float[] w = localTaps[ch[i]];
                int row = (cell * tasks + ch[i] % segments) * out;
                for (int k = Math.max(0, s - out + 1); k <= Math.min(r - 1, s); k++) {
                    y[row + s - k] += w[k];
                }
            }
        }
        return sub.create(y, new Shape(b, tasks, out));
    }

    /**
     * Trunk blocks {@code from}… on {@code h}, each in a scope of its own so that its intermediates are freed as soon
     * as it is done (DJL would keep them until {@code sub} closes); {@code h} is closed once used.
     */
    private NDArray blocks(ParameterStore ps, NDManager sub, NDArray h, int from) {
        List<ResidualBlock> blocks = net.trunk().blocks();
        for (int i = from; i < blocks.size(); i++) {
            NDArray next;
            try (NDManager scope = sub.newSubManager()) {
                h.tempAttach(scope);
                next = blocks.get(i).forward(ps, h, false, null);
                next.attach(sub);
            }
            h.close();
            h = next;
        }
        return h;
    }

    /**
     * One cell's output frames {@code [start, end)} of the first convolution (and the same residual frames where
     * they exist): biases, then every event's weight columns. Tasks write disjoint ranges.
     */
    private void scatter(Events events, int cell, int first, int from, int start, int end, int t1, int t2,
            int offset, FloatBuffer conv, FloatBuffer res) {
        int o = width;
        float[] acc = new float[(end - start) * o];
        for (int t = 0; t < end - start; t++) {
            System.arraycopy(conv1Bias, 0, acc, t * o, o);
        }
        int resStart = Math.min(start, t2);
        int resEnd = Math.min(end, t2);
        float[] racc = new float[(resEnd - resStart) * o];
        for (int t = 0; t < resEnd - resStart; t++) {
            System.arraycopy(projectionBias, 0, racc, t * o, o);
        }
        int[] f = events.frame()[cell];
        int[] ch = events.channel()[cell];
        int last = from + end + offset; // events at input frames from here on reach neither range
        int i = lowerBound(f, first, from + start);
        for (; i < f.length && f[i] < last; i++) {
            int s = f[i] - from;
            int c = ch[i];
            float[] w = columns[c];
            for (int k = 0; k < taps; k++) {
                int t = s - k * dilation;
                if (t >= start && t < end) {
                    int base = (t - start) * o;
                    int wk = k * o;
                    for (int j = 0; j < o; j++) {
                        acc[base + j] += w[wk + j];
                    }
                }
            }
            int tr = s - offset;
            if (tr >= resStart && tr < resEnd) {
                int base = (tr - resStart) * o;
                if (projection != null) {
                    float[] p = projection[c];
                    for (int j = 0; j < o; j++) {
                        racc[base + j] += p[j];
                    }
                } else {
                    racc[base + c] += 1f;
                }
            }
        }
        conv.put((cell * t1 + start) * o, acc, 0, acc.length);
        if (racc.length > 0) {
            res.put((cell * t2 + resStart) * o, racc, 0, racc.length);
        }
    }

    /** First index {@code >= from} of the ascending {@code f} whose value is {@code >= value}. */
    private static int lowerBound(int[] f, int from, int value) {
        int lo = from;
        int hi = f.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (f[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A zeroed native-order direct buffer of at least {@code floats}, reusing {@code old} when big enough. */
    private static ByteBuffer buffer(ByteBuffer old, long floats) {
        long bytes = floats * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a chunk of " + floats + " floats is over 2 GB: lower the memory budget");
        }
        if (old != null && old.capacity() >= bytes) {
            return old;
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** The first {@code floats} of {@code buffer}, for DJL to use in place (a direct buffer is not copied). */
    private static ByteBuffer slice(ByteBuffer buffer, long floats) {
        return buffer.slice(0, (int) (floats * Float.BYTES)).order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
