package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * The recurrent trunk: per member, a linear input projection C → P with ReLU, then one LSTM layer of H units, whose
 * hidden state at each step is that member's F = H features. M members (the MMoE experts and their compressor, or
 * MH's single trunk) run side by side: one matrix product projects the input for all of them, then each member's
 * LSTM is one call to libtorch's fused {@code lstm} (DJL's {@code NDArrayEx.lstm}, on CPU or with cuDNN).
 *
 * <p>Why a recurrent state: on the product's ball-and-stick data one LSTM layer of 128 units reached spike AUC 0.994
 * and segment EV 0.91 where a 507 k-parameter TCN overfit at 0.981 / 0.80 (reference.md §3b): the cell's slow
 * variables live in a state, not in a fixed window. The same state makes streaming O(1) per step and cell.
 *
 * <p>Windows and the receptive field: the trunk has no finite receptive field, so it takes one by convention, R =
 * warm-up + 1, to fit the package's window contract. From a zero state (a training window, the first chunk of a
 * whole-window pass) the first R − 1 steps only warm the state and their outputs are dropped: input {@code (B, C,
 * T)} gives {@code (B, M·H, T − R + 1)}, output frame j for input frame j + R − 1, as a TCN's. From a carried
 * {@link State} nothing is dropped: Δ input frames give Δ outputs. The linear skip and local paths keep kernels of
 * R frames, so a TCN's linear baseline of the same R fits this trunk too.
 *
 * <p>Features: the LSTM's hidden state itself (F = H), or with F < H a per-member linear readout H → F, which keeps
 * the gates' mixing and the towers' first layer (both linear in F, for each of 641 tasks on the L5PC) cheap.
 *
 * <p>Initialisation: PyTorch's for an LSTM (every weight and bias uniform in ±1/√H); the projection Glorot-uniform,
 * bias 0. No dropout: the reference runs had none.
 */
public final class RecurrentTrunk extends AbstractBlock {
    private final int inputChannels;
    private final int members;
    private final int units;
    private final int projection;
    private final int receptiveField;
    /** F: the features of one member, H without a readout. */
    private final int features;
    private final Parameter projectionWeight;
    private final Parameter projectionBias;
    /** Per member, stacked on axis 0: PyTorch's w_ih (4H, P), w_hh (4H, H), b_ih (4H), b_hh (4H), gates i, f, g, o. */
    private final Parameter inputWeight;
    private final Parameter hiddenWeight;
    private final Parameter inputBias;
    private final Parameter hiddenBias;
    /** With F < H: per member a linear map of the LSTM's H outputs to F features, (M, H, F), else null. */
    private final Parameter readout;

    /**
     * @param units H, the LSTM's hidden units (and the projection's width P)
     * @param warmUp frames that warm a zero state before the first output (R − 1)
     * @param features F, the features each member hands to the gates and towers: H (the hidden state itself) or
     *     fewer, through a linear readout; the towers' cost grows with F (641 towers on the L5PC)
     */
    public RecurrentTrunk(int inputChannels, int members, int units, int warmUp, int features) {
        if (inputChannels < 1 || members < 1 || units < 1 || warmUp < 0 || features < 1 || features > units) {
            throw new IllegalArgumentException("need inputChannels, members, units >= 1, warmUp >= 0 and features in"
                    + " 1..units, got " + inputChannels + ", " + members + ", " + units + ", " + warmUp + ", "
                    + features);
        }
        this.features = features;
        this.inputChannels = inputChannels;
        this.members = members;
        this.units = units;
        this.projection = units;
        this.receptiveField = warmUp + 1;
        float glorot = (float) Math.sqrt(6.0 / (inputChannels + projection));
        projectionWeight = addParameter(Parameter.builder().setName("projectionWeight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape((long) members * projection, inputChannels))
                .optInitializer(new UniformInitializer(glorot)).build());
        projectionBias = addParameter(Parameter.builder().setName("projectionBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape((long) members * projection)).optInitializer(new ConstantInitializer(0)).build());
        float bound = (float) (1 / Math.sqrt(units));
        inputWeight = addParameter(lstm("inputWeight", Parameter.Type.WEIGHT, new Shape(members, 4L * units,
                projection), bound));
        hiddenWeight = addParameter(lstm("hiddenWeight", Parameter.Type.WEIGHT, new Shape(members, 4L * units, units),
                bound));
        inputBias = addParameter(lstm("inputBias", Parameter.Type.BIAS, new Shape(members, 4L * units), bound));
        hiddenBias = addParameter(lstm("hiddenBias", Parameter.Type.BIAS, new Shape(members, 4L * units), bound));
        readout = features == units ? null : addParameter(Parameter.builder().setName("readout")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(members, units, features))
                .optInitializer(new UniformInitializer((float) Math.sqrt(6.0 / (units + features)))).build());
    }

    private static Parameter lstm(String name, Parameter.Type type, Shape shape, float bound) {
        return Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(new UniformInitializer(bound)).build();
    }

    /**
     * Each member's LSTM state (h and c, each {@code (1, B, H)}) between calls: what streaming carries per cell
     * instead of an input history. Empty until a pass has run; its arrays live in a manager of its own.
     */
    public static final class State implements AutoCloseable {
        private final NDManager keeper;
        private NDArray[] h;
        private NDArray[] c;

        public State(NDManager parent) {
            keeper = parent.newSubManager();
        }

        /** Whether a pass has left a state here (then the next pass continues from it and drops nothing). */
        public boolean started() {
            return h != null;
        }

        void put(int members, int m, NDArray hm, NDArray cm) {
            if (h == null) {
                h = new NDArray[members];
                c = new NDArray[members];
            }
            NDArray hk = hm.stopGradient();
            NDArray ck = cm.stopGradient();
            hk.attach(keeper);
            ck.attach(keeper);
            if (h[m] != null) {
                h[m].close();
                c[m].close();
            }
            h[m] = hk;
            c[m] = ck;
        }

        /** Bytes held: constant in the run's length (tested). */
        public long bytes() {
            long n = 0;
            if (h != null) {
                for (int m = 0; m < h.length; m++) {
                    n += 4L * (h[m].size() + c[m].size());
                }
            }
            return n;
        }

        @Override
        public void close() {
            keeper.close();
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null, false));
    }

    /**
     * Features {@code (B, M·F, T')} of input {@code (B, C, T)}: T' = T − R + 1 from a zero or absent state, T from a
     * started one (see the class doc). With {@code state} its final value is kept there. With {@code splitLast}
     * (streaming's priming pass on R zero frames) the state kept is the one before the last frame, the state after
     * R − 1 frames of silence: a stream then matches the whole-window pass with R − 1 zero frames in front exactly.
     */
    NDArray forward(ParameterStore ps, NDArray x, boolean training, State state, boolean splitLast) {
        NDArray w = BatchParameters.view(ps, projectionWeight, x, training); // (M·P, C)
        NDArray bias = BatchParameters.view(ps, projectionBias, x, training);
        NDArray pre = x.transpose(0, 2, 1).matMul(w.transpose()).add(bias); // (B, T, M·P)
        return fromProjection(ps, pre, training, state, splitLast);
    }

    /**
     * As {@link #forward} from the input projection's output before its ReLU, {@code (B, T, M·P)} with the bias
     * added: what {@link BatchPredictor} computes from input events ({@link #projectionColumns}).
     */
    NDArray fromProjection(ParameterStore ps, NDArray pre, boolean training, State state, boolean splitLast) {
        NDArray x = pre; // the manager and device every parameter view goes to
        boolean fresh = state == null || !state.started();
        long b = pre.getShape().get(0);
        long t = pre.getShape().get(1);
        NDArray projected = pre.maximum(0f);
        NDList outputs = new NDList();
        for (int m = 0; m < members; m++) {
            NDArray in = members == 1 ? projected
                    : projected.get(new NDIndex(":, :, {}:{}", m * projection, (m + 1) * projection));
            NDIndex member = new NDIndex("{}", m);
            NDList weights = new NDList(BatchParameters.view(ps, inputWeight, x, training, member),
                    BatchParameters.view(ps, hiddenWeight, x, training, member),
                    BatchParameters.view(ps, inputBias, x, training, member),
                    BatchParameters.view(ps, hiddenBias, x, training, member));
            NDList h0 = fresh ? zeroState(x, b) : new NDList(state.h[m], state.c[m]);
            if (splitLast && fresh && t > 1) {
                NDList head = lstm(in.get(new NDIndex(":, :{}, :", t - 1)), h0, weights, training);
                state.put(members, m, head.get(1), head.get(2));
                NDList tail = lstm(in.get(new NDIndex(":, {}:, :", t - 1)), new NDList(head.get(1), head.get(2)),
                        weights, training);
                outputs.add(head.get(0).concat(tail.get(0), 1));
            } else {
                NDList out = lstm(in, h0, weights, training);
                if (splitLast && fresh) { // one priming frame (warm-up 0): the state before it is the zero state
                    state.put(members, m, h0.get(0), h0.get(1));
                } else if (state != null) {
                    state.put(members, m, out.get(1), out.get(2));
                }
                outputs.add(out.get(0));
            }
        }
        NDArray h = members == 1 ? outputs.get(0) : NDArrays.concat(outputs, 2); // (B, T', M·H)
        if (fresh) {
            h = h.get(new NDIndex(":, {}:, :", receptiveField - 1));
        }
        if (readout != null) { // per member (B·T', H) × (H, F), as one batched product over the member axis
            long n = h.getShape().get(0) * h.getShape().get(1);
            NDArray r = BatchParameters.view(ps, readout, x, training); // (M, H, F)
            h = h.reshape(n, members, units).transpose(1, 0, 2).batchMatMul(r) // (M, N, F)
                    .transpose(1, 0, 2).reshape(h.getShape().get(0), h.getShape().get(1), (long) members * features);
        }
        return h.transpose(0, 2, 1);
    }

    /** The projection's weights per input channel, {@code [c][j] = W[j][c]}: what one input event adds. */
    float[][] projectionColumns() {
        float[] w = projectionWeight.getArray().toFloatArray(); // (M·P, C)
        int width = members * projection;
        float[][] columns = new float[inputChannels][width];
        for (int j = 0; j < width; j++) {
            for (int c = 0; c < inputChannels; c++) {
                columns[c][j] = w[j * inputChannels + c];
            }
        }
        return columns;
    }

    /** The projection's bias, {@code (M·P)}. */
    float[] projectionBias() {
        return projectionBias.getArray().toFloatArray();
    }

    private NDList zeroState(NDArray x, long batch) {
        NDArray zero = x.getManager().zeros(new Shape(1, batch, units), x.getDataType());
        return new NDList(zero, zero);
    }

    /** One LSTM layer, batch-first: (B, T, P) → output (B, T, H), h (1, B, H), c (1, B, H). */
    private static NDList lstm(NDArray in, NDList state, NDList weights, boolean training) {
        return in.getNDArrayInternal().lstm(in, state, weights, true, 1, 0, training, false, true);
    }

    /** Frames of input per output frame from a zero state: warm-up + 1. */
    public int receptiveField() {
        return receptiveField;
    }

    /** Feature width F of one member (H without a readout). */
    public int features() {
        return features;
    }

    public int members() {
        return members;
    }

    public int inputChannels() {
        return inputChannels;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (long) members * features, s.get(2) - receptiveField + 1)};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes[0].get(1) != inputChannels) {
            throw new IllegalArgumentException("RecurrentTrunk built for " + inputChannels
                    + " input channels, got shape " + inputShapes[0]);
        }
    }
}
