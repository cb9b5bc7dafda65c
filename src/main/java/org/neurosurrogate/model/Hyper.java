package org.neurosurrogate.model;

import java.util.Arrays;

/**
 * Hyper-parameters of a {@link SurrogateNet}. Defaults are the seed's: TCN channels 32, 16, 8, kernel 10,
 * dilations 1, 2, 4, dropout 0.2; towers of 25 units for MH and 10 for the MMoE variants; 5 experts. Ours, not the
 * seed's: a linear skip path (a {@link LinearCausalFilter} from the input to every task, added to the towers'
 * outputs), on unless turned off, feeding every task or only the spike logit ({@link SkipTasks}); and a per-segment
 * local input path ({@link LocalInputFilter}, each segment's own synapses to its own voltage row), off unless
 * turned on.
 * Build with {@link #builder()}; {@code build()} rejects inconsistent values, naming the field.
 */
public final class Hyper {
    /** Which outputs the linear skip path feeds. */
    public enum SkipTasks {
        /** Every task: the towers learn the residual of the linear filter everywhere. */
        ALL,
        /**
         * Only the spike logit: the voltages come from the towers alone, from a random start. A linear filter is a
         * strong start for the spike logit but a local optimum for the voltages, whose towers then fit only its
         * small residual.
         */
        SPIKE
    }

    /** The trunk's kind: causal convolutions (the seed's) or a recurrent state. */
    public enum Trunk {
        /** A causal TCN ({@link ExpertTcn}): channels, kernel, dilations and dropout apply. */
        TCN,
        /** One LSTM layer after a linear input projection ({@link RecurrentTrunk}): units and warm-up apply. */
        LSTM
    }

    /** LSTM units when none are set: the reference run's 128 (reference.md §3b). */
    public static final int LSTM_UNITS = 128;
    /** LSTM warm-up when none is set: 126 frames, so R = 127 equals the seed TCN's and a linear baseline fits both. */
    public static final int LSTM_WARM_UP = 126;

    /** Tower units for MH, used when none are set. */
    public static final int MH_TOWER_UNITS = 25;
    /** Tower units for MMoE and MMoEEx, used when none are set. */
    public static final int MMOE_TOWER_UNITS = 10;

    private final int[] channels;
    private final int kernel;
    private final int[] dilations;
    private final float dropout;
    private final int towerUnits;
    private final int experts;
    private final double exclusivity;
    private final int[] taskGroup;
    private final boolean linearSkip;
    private final SkipTasks skipTasks;
    private final boolean localInput;
    private final Trunk trunk;
    private final int lstmUnits;
    private final int warmUp;
    private final int lstmFeatures;

    private Hyper(Builder b) {
        channels = b.channels.clone();
        kernel = b.kernel;
        dilations = b.dilations.clone();
        dropout = b.dropout;
        towerUnits = b.towerUnits;
        experts = b.experts;
        exclusivity = b.exclusivity;
        taskGroup = b.taskGroup == null ? null : b.taskGroup.clone();
        linearSkip = b.linearSkip;
        skipTasks = b.skipTasks;
        localInput = b.localInput;
        trunk = b.trunk;
        lstmUnits = b.lstmUnits;
        warmUp = b.warmUp;
        lstmFeatures = b.lstmFeatures > 0 ? b.lstmFeatures : b.lstmUnits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The seed's defaults. */
    public static Hyper defaults() {
        return builder().build();
    }

    public int[] channels() {
        return channels.clone();
    }

    public int kernel() {
        return kernel;
    }

    public int[] dilations() {
        return dilations.clone();
    }

    public float dropout() {
        return dropout;
    }

    /** Units of each of the two hidden tower layers for {@code arch}. */
    public int towerUnits(Arch arch) {
        if (towerUnits > 0) {
            return towerUnits;
        }
        return arch == Arch.MH ? MH_TOWER_UNITS : MMOE_TOWER_UNITS;
    }

    public int experts() {
        return experts;
    }

    /** Fraction α of the experts reserved for single task groups (MMoEEx). */
    public double exclusivity() {
        return exclusivity;
    }

    /** Number of reserved experts, round(α·E). */
    public int reservedExperts() {
        return (int) Math.round(exclusivity * experts);
    }

    /**
     * Task group of each task (MMoEEx), values in [0, reservedExperts()); null means the default
     * {@code task mod reservedExperts()}.
     */
    public int[] taskGroup() {
        return taskGroup == null ? null : taskGroup.clone();
    }

    /**
     * Whether the network adds a linear causal filter of the input to its outputs (wide and deep): the towers then
     * learn what a linear readout misses, and training can start at a trained linear filter.
     */
    public boolean linearSkip() {
        return linearSkip;
    }

    /** The outputs the linear skip path feeds (meaningful with {@link #linearSkip()}). */
    public SkipTasks skipTasks() {
        return skipTasks;
    }

    /**
     * Whether each segment's voltage row also gets a causal filter of that segment's own two input channels ({@link
     * LocalInputFilter}); needs the input-channel contract's 2 channels per segment.
     */
    public boolean localInput() {
        return localInput;
    }

    /** The trunk's kind. */
    public Trunk trunk() {
        return trunk;
    }

    /** Hidden units H of each LSTM (and width of its input projection); meaningful for {@link Trunk#LSTM}. */
    public int lstmUnits() {
        return lstmUnits;
    }

    /** Features each LSTM member hands on: its H units, or fewer through a linear readout. */
    public int lstmFeatures() {
        return lstmFeatures;
    }

    /** Input frames that warm a recurrent state before a window's first output (R − 1 of an LSTM trunk). */
    public int warmUp() {
        return warmUp;
    }

    @Override
    public String toString() {
        return "Hyper[channels=" + Arrays.toString(channels) + ", kernel=" + kernel + ", dilations="
                + Arrays.toString(dilations) + ", dropout=" + dropout + ", towerUnits="
                + (towerUnits > 0 ? towerUnits : "arch default") + ", experts=" + experts + ", exclusivity="
                + exclusivity + ", linearSkip=" + linearSkip + ", skipTasks=" + skipTasks + ", localInput=" + localInput
                + ", trunk=" + trunk + (trunk == Trunk.LSTM ? ", lstmUnits=" + lstmUnits + ", lstmFeatures=" + lstmFeatures
                + ", warmUp=" + warmUp : "")
                + "]";
    }

    /** Builder: every field is optional and starts at the seed's value. */
    public static final class Builder {
        private int[] channels = {32, 16, 8};
        private int kernel = 10;
        private int[] dilations = {1, 2, 4};
        private float dropout = 0.2f;
        private int towerUnits;
        private int experts = 5;
        private double exclusivity = 0.4;
        private int[] taskGroup;
        private boolean linearSkip = true;
        private SkipTasks skipTasks = SkipTasks.ALL;
        private boolean localInput;
        private Trunk trunk = Trunk.TCN;
        private int lstmUnits = LSTM_UNITS;
        private int warmUp = LSTM_WARM_UP;
        private int lstmFeatures;

        private Builder() {
        }

        /** Output channels of each residual block; the last one is the feature width F. */
        public Builder optChannels(int... channels) {
            this.channels = channels.clone();
            return this;
        }

        public Builder optKernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /** Dilation of each residual block, one per entry of the channels. */
        public Builder optDilations(int... dilations) {
            this.dilations = dilations.clone();
            return this;
        }

        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Units of the two hidden tower layers; unset: 25 for MH, 10 for MMoE/MMoEEx. */
        public Builder optTowerUnits(int towerUnits) {
            this.towerUnits = towerUnits;
            return this;
        }

        public Builder optExperts(int experts) {
            this.experts = experts;
            return this;
        }

        /** Fraction of experts reserved for single task groups (MMoEEx only). */
        public Builder optExclusivity(double exclusivity) {
            this.exclusivity = exclusivity;
            return this;
        }

        /** Group of each task, in [0, round(α·E)) (MMoEEx only). */
        public Builder optTaskGroup(int... taskGroup) {
            this.taskGroup = taskGroup.clone();
            return this;
        }

        /** Adds a linear causal filter of the input to the outputs (default on). */
        public Builder optLinearSkip(boolean linearSkip) {
            this.linearSkip = linearSkip;
            return this;
        }

        /** The outputs the linear skip path feeds (default all). */
        public Builder optSkipTasks(SkipTasks skipTasks) {
            this.skipTasks = skipTasks;
            return this;
        }

        /** Adds the per-segment local input path to the segment voltages (default off). */
        public Builder optLocalInput(boolean localInput) {
            this.localInput = localInput;
            return this;
        }

        /** The trunk's kind (default TCN, the seed's). */
        public Builder optTrunk(Trunk trunk) {
            this.trunk = trunk;
            return this;
        }

        /** Hidden units of each LSTM (default 128). */
        public Builder optLstmUnits(int lstmUnits) {
            this.lstmUnits = lstmUnits;
            return this;
        }

        /** Features of each LSTM member through a linear readout (default: its units, no readout). */
        public Builder optLstmFeatures(int lstmFeatures) {
            this.lstmFeatures = lstmFeatures;
            return this;
        }

        /** Frames that warm an LSTM's state before a window's first output (default 126). */
        public Builder optWarmUp(int warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        public Hyper build() {
            require(channels.length > 0, "channels: at least one residual block is needed");
            for (int c : channels) {
                require(c > 0, "channels: must be positive, got " + Arrays.toString(channels));
            }
            require(kernel >= 1, "kernel: must be >= 1, got " + kernel);
            require(dilations.length == channels.length, "dilations: need one per block (" + channels.length
                    + "), got " + Arrays.toString(dilations));
            for (int d : dilations) {
                require(d >= 1, "dilations: must be >= 1, got " + Arrays.toString(dilations));
            }
            require(dropout >= 0 && dropout < 1, "dropout: must be in [0, 1), got " + dropout);
            require(towerUnits >= 0, "towerUnits: must be positive, got " + towerUnits);
            require(experts >= 1, "experts: must be >= 1, got " + experts);
            require(exclusivity >= 0 && exclusivity <= 1, "exclusivity: must be in [0, 1], got " + exclusivity);
            require(skipTasks != null, "skipTasks: must be set");
            require(trunk != null, "trunk: must be set");
            require(lstmUnits >= 1, "lstm-units: must be >= 1, got " + lstmUnits);
            require(warmUp >= 0, "warm-up: must be >= 0, got " + warmUp);
            require(lstmFeatures >= 0 && lstmFeatures <= lstmUnits, "lstm-features: must be in 1.." + lstmUnits
                    + " (--lstm-units), got " + lstmFeatures);
            require(linearSkip || skipTasks == SkipTasks.ALL,
                    "skipTasks: " + skipTasks + " needs the linear skip path, which is off");
            return new Hyper(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
