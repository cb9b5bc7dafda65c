package org.neurosurrogate.train;

import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;

/**
 * Everything a training run needs besides its data. Build with {@link #builder(Arch)}; {@code build()} rejects
 * bad values, naming the CLI flag, so the message reads the same from code and from the command line.
 *
 * @param spikeLossWeight weight of the spike BCE in the total loss (voltage MSE has weight 1)
 * @param spikePosWeight BCE weight of the positive (spike) bins: spikes are ~1 % of bins
 * @param maxSteps optimizer steps to run (the LR schedule spans them)
 * @param evalEvery steps between validation evaluations
 * @param patience evaluations without a better validation loss before stopping early (0: never stop early)
 * @param checkpointEvery steps between "latest" checkpoints (the best one is saved whenever validation improves)
 * @param validationWindows size of the fixed validation window set
 * @param burnInMs no scored step before this simulation time (the sampler's burn-in)
 * @param threads intra-op threads for libtorch (0: engine default); takes effect only before the engine starts
 * @param device cpu, gpu or auto
 * @param memoryLimitBytes memory the estimate is checked against (0: physical memory)
 * @param somaClipMv ceiling of the soma's voltage target, mV (NaN: none); see NormalisationStats
 * @param somaWeight weight of the soma's row in the voltage MSE (each segment row has 1); see SurrogateLoss
 */
public record TrainConfig(Arch arch, Hyper hyper, int windowMs, int batch, double lr, double weightDecay,
                          double spikeLossWeight, double spikePosWeight, int maxSteps, int evalEvery, int patience,
                          int checkpointEvery, int validationWindows, int burnInMs, long seed, int threads,
                          String device, long memoryLimitBytes, double somaClipMv, double somaWeight) {

    public static Builder builder(Arch arch) {
        return new Builder(arch);
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder(arch);
        b.hyper = hyper;
        b.windowMs = windowMs;
        b.batch = batch;
        b.lr = lr;
        b.weightDecay = weightDecay;
        b.spikeLossWeight = spikeLossWeight;
        b.spikePosWeight = spikePosWeight;
        b.maxSteps = maxSteps;
        b.evalEvery = evalEvery;
        b.patience = patience;
        b.checkpointEvery = checkpointEvery;
        b.validationWindows = validationWindows;
        b.burnInMs = burnInMs;
        b.seed = seed;
        b.threads = threads;
        b.device = device;
        b.memoryLimitBytes = memoryLimitBytes;
        b.somaClipMv = somaClipMv;
        b.somaWeight = somaWeight;
        return b;
    }

    /**
     * Builder; defaults: window 300 ms, batch 32, lr 1e-3, weight decay 1e-4, spike weight 1, pos weight 10, soma
     * target clipped at −55 mV.
     */
    public static final class Builder {
        private final Arch arch;
        private Hyper hyper = Hyper.defaults();
        private int windowMs = 300;
        private int batch = 32;
        private double lr = 1e-3;
        private double weightDecay = 1e-4;
        private double spikeLossWeight = 1;
        private double spikePosWeight = 10;
        private int maxSteps = 2000;
        private int evalEvery = 100;
        private int patience = 10;
        private int checkpointEvery = 100;
        private int validationWindows = 64;
        private int burnInMs = org.neurosurrogate.data.BalancedWindowSampler.BURN_IN_MS;
        private long seed = 1;
        private int threads;
        private String device = "cpu";
        private long memoryLimitBytes;
        private double somaClipMv = org.neurosurrogate.data.NormalisationStats.SOMA_CLIP_MV;
        private double somaWeight = 1;

        private Builder(Arch arch) {
            this.arch = arch;
        }

        public Builder optHyper(Hyper v) { hyper = v; return this; }
        public Builder optWindowMs(int v) { windowMs = v; return this; }
        public Builder optBatch(int v) { batch = v; return this; }
        public Builder optLr(double v) { lr = v; return this; }
        public Builder optWeightDecay(double v) { weightDecay = v; return this; }
        public Builder optSpikeLossWeight(double v) { spikeLossWeight = v; return this; }
        public Builder optSpikePosWeight(double v) { spikePosWeight = v; return this; }
        public Builder optMaxSteps(int v) { maxSteps = v; return this; }
        public Builder optEvalEvery(int v) { evalEvery = v; return this; }
        public Builder optPatience(int v) { patience = v; return this; }
        public Builder optCheckpointEvery(int v) { checkpointEvery = v; return this; }
        public Builder optValidationWindows(int v) { validationWindows = v; return this; }
        public Builder optBurnInMs(int v) { burnInMs = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optThreads(int v) { threads = v; return this; }
        public Builder optDevice(String v) { device = v; return this; }
        public Builder optMemoryLimitBytes(long v) { memoryLimitBytes = v; return this; }
        /** Ceiling of the soma's voltage target in mV; NaN trains on the unclipped soma. */
        public Builder optSomaClipMv(double v) { somaClipMv = v; return this; }
        /** Weight of the soma's row in the voltage MSE (1: one row among S + 1). */
        public Builder optSomaWeight(double v) { somaWeight = v; return this; }

        public TrainConfig build() {
            if (arch == null) {
                throw new org.neurosurrogate.NeuroSurrogateException("--arch: required (mh, mmoe or mmoeex)");
            }
            require(windowMs >= 2 && windowMs <= 100_000, "--window " + windowMs + " ms: must be in 2..100000");
            require(batch >= 1 && batch <= 100_000, "--batch " + batch + ": must be >= 1");
            require(lr > 0 && Double.isFinite(lr), "--lr " + lr + ": must be a positive number");
            require(weightDecay >= 0, "--weight-decay " + weightDecay + ": must be >= 0");
            require(spikeLossWeight >= 0, "--spike-weight " + spikeLossWeight + ": must be >= 0");
            require(spikePosWeight > 0, "--spike-pos-weight " + spikePosWeight + ": must be > 0");
            require(maxSteps >= 1, "--steps " + maxSteps + ": must be >= 1");
            require(evalEvery >= 1, "--eval-every " + evalEvery + ": must be >= 1");
            require(patience >= 0, "--patience " + patience + ": must be >= 0");
            require(checkpointEvery >= 1, "--checkpoint-every " + checkpointEvery + ": must be >= 1");
            require(validationWindows >= 1, "--validation-windows " + validationWindows + ": must be >= 1");
            require(burnInMs >= 0, "burn-in " + burnInMs + " ms: must be >= 0");
            require(threads >= 0, "--threads " + threads + ": must be >= 0");
            require(device != null && device.matches("cpu|gpu|auto"), "--device " + device
                    + ": must be cpu, gpu or auto");
            require(Double.isNaN(somaClipMv) || somaClipMv > -200 && somaClipMv < 100, "--soma-clip " + somaClipMv
                    + " mV: must be a voltage in (-200, 100), or none");
            require(somaWeight >= 0 && Double.isFinite(somaWeight), "--soma-weight " + somaWeight + ": must be >= 0");
            return new TrainConfig(arch, hyper, windowMs, batch, lr, weightDecay, spikeLossWeight, spikePosWeight,
                    maxSteps, evalEvery, patience, checkpointEvery, validationWindows, burnInMs, seed, threads,
                    device, memoryLimitBytes, somaClipMv, somaWeight);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new org.neurosurrogate.NeuroSurrogateException(message);
            }
        }
    }
}
