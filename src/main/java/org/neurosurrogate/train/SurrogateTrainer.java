package org.neurosurrogate.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.Progress;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.model.TaskTowers;

/**
 * The one training loop (surrogates and the linear baseline alike) and the one evaluation path.
 *
 * <p>Each step ({@link TrainingStep}: the backward runs task chunk by task chunk) runs in a sub-NDManager of the
 * run's (without it libtorch memory grows every step): a balanced batch, forward in training mode, {@link
 * SurrogateLoss}, backward, Adam (L2 weight decay) under a cosine learning rate with a linear warm-up. Every {@code evalEvery} steps the loss is evaluated on the fixed validation windows;
 * an improvement saves the "best" checkpoint, {@code patience} evaluations without one stop the run. Every
 * {@code checkpointEvery} steps the "latest" checkpoint is saved: parameters plus a JSON with the step, the best
 * validation loss and the sampler position.
 *
 * <p>Resume: when the checkpoint folder holds a "latest" checkpoint, training continues from its step with its
 * parameters, Adam's moment estimates ({@link CheckpointedAdam}), the sampler skipped ahead to its position and
 * the learning-rate schedule at that step. For a block without dropout (and for every live run, whose engine seed
 * is set per step) the resumed run makes the same updates as an uninterrupted one. A checkpoint written before
 * the moments were saved resumes with them at zero.
 *
 * <p>A {@link RunBudget} stops a run early on purpose (wall time, steps this run): the "latest" checkpoint is
 * written and the result says it paused, so the same command continues it.
 *
 * <p>A non-finite loss stops the run with a {@link NeuroSurrogateException} naming the step; the checkpoints on
 * disk are the last good ones (a checkpoint is only written from finite parameters).
 */
public final class SurrogateTrainer {
    /** Seed of the validation window draw: the same windows for every run and every model on a dataset. */
    public static final long VALIDATION_SEED = 0x5EEDL;

    /** What a run ended with; the block holds the best parameters (or the last, if never evaluated better). */
    public record FitResult(int steps, int bestStep, Metrics best, boolean stoppedEarly, boolean resumed,
                            double stepsPerSecond, boolean paused, int startStep) {
    }

    private SurrogateTrainer() {
    }

    /** Sets libtorch's thread counts; only effective before the engine is first used in this process. */
    public static void applyThreads(int threads) {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** cpu, gpu (fails without one) or auto (the first GPU if there is one). */
    public static Device device(String choice) {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (choice) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new NeuroSurrogateException("--device gpu: the PyTorch engine sees no CUDA GPU here "
                            + "(see docs/train.md, Training on a CUDA machine, or use --device cpu)");
                }
                yield Device.gpu();
            }
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            default -> throw new NeuroSurrogateException("--device " + choice + ": must be cpu, gpu or auto");
        };
    }

    /**
     * Bytes of activations (and their gradients) a step keeps, estimated per frame: the input, each residual
     * block's ~6 intermediate tensors per member, the mixing and the (tasks) predictions and targets on the output
     * frames; plus one chunk of the towers' intermediates ({@link TrainingStep} runs them chunk by chunk).
     */
    public static long estimateStepBytes(TrainConfig cfg, int inputChannels, int tasks, int receptiveField) {
        Hyper h = cfg.hyper();
        int members = cfg.arch() == Arch.MH ? 1 : h.experts() + 1;
        long sumChannels = 0;
        for (int c : h.channels()) {
            sumChannels += c;
        }
        int f = h.channels()[h.channels().length - 1];
        long out = Math.max(1, cfg.windowMs() - receptiveField + 1);
        long trunk = (long) cfg.windowMs() * (inputChannels + 6L * members * sumChannels);
        long head = out * (long) tasks * (4 + 2L * f + 2L * h.experts());
        long towerChunk = 6L * TaskTowers.CHUNK_FLOATS;
        return ((long) cfg.batch() * (trunk + head) + towerChunk) * Float.BYTES * 2; // × 2: a gradient per tensor
    }

    /** Rejects a batch × window whose estimate exceeds 80 % of the memory limit (or of physical memory). */
    public static void checkMemory(TrainConfig cfg, int inputChannels, int tasks, int receptiveField) {
        long need = estimateStepBytes(cfg, inputChannels, tasks, receptiveField);
        long limit = cfg.memoryLimitBytes() > 0 ? cfg.memoryLimitBytes() : physicalMemory();
        if (need > 0.8 * limit) {
            throw new NeuroSurrogateException(String.format("--batch %d × --window %d ms needs about %.2f GB for"
                    + " one training step, more than 80 %% of the %.2f GB available: lower --batch or --window",
                    cfg.batch(), cfg.windowMs(), need / 1e9, limit / 1e9));
        }
    }

    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** The fixed validation set: {@code cfg.validationWindows()} windows drawn from {@code simulations}. */
    public static List<Window> validationWindows(WindowSource source, int[] simulations, int receptiveField,
            TrainConfig cfg) {
        Batches b = new Batches(source, simulations, null, receptiveField, cfg.windowMs(), 1, cfg.burnInMs(),
                VALIDATION_SEED, System.err::println);
        return b.draw(cfg.validationWindows());
    }

    /** Mean loss parts of {@code predict} (x (B, C, W) → (B, tasks, W − R + 1)) over the windows. */
    public static Metrics evaluate(UnaryOperator<NDArray> predict, List<Window> windows, NormalisationStats stats,
            int receptiveField, SurrogateLoss loss, int batch, NDManager manager) {
        double total = 0;
        double mse = 0;
        double bce = 0;
        for (int i = 0; i < windows.size(); i += batch) {
            List<Window> part = windows.subList(i, Math.min(windows.size(), i + batch));
            try (NDManager step = manager.newSubManager()) {
                NDList xy = Batches.toArrays(part, stats, receptiveField, step);
                SurrogateLoss.Parts p = loss.parts(predict.apply(xy.get(0)), xy.get(1));
                total += p.total().getFloat() * part.size();
                mse += p.voltageMse().getFloat() * part.size();
                bce += p.spikeBce().getFloat() * part.size();
            }
        }
        int n = windows.size();
        return new Metrics(total / n, mse / n, bce / n);
    }

    /** Inference-mode forward of a block. */
    public static UnaryOperator<NDArray> inference(Block block, NDManager manager) {
        ParameterStore ps = new ParameterStore(manager, false);
        return x -> block.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    /**
     * Initialises {@code block} (seeded) in {@code owner}, which keeps its parameters after the run, and trains it
     * on {@code owner}'s device. {@code checkpoints} receives the checkpoints; if it already holds a "latest" one,
     * training resumes from it.
     */
    public static FitResult fit(Block block, int receptiveField, int inputChannels, TaskLayout layout,
            TrainConfig cfg, TrainingData data, Path checkpoints, PrintStream log, NDManager owner)
            throws IOException {
        return fit(block, receptiveField, inputChannels, layout, cfg, data, checkpoints, log, owner, null);
    }

    /**
     * As above; {@code initial}, unless null, sets the initialised block's starting point in a fresh run (not on
     * resume), e.g. {@link org.neurosurrogate.model.SurrogateNet#startFrom} a trained linear filter. A block with
     * a set start (and the linear baseline, which starts at the mean) is scored at step 0, and that start is the
     * first candidate for the best checkpoint: the block kept is never worse than its start on these windows.
     */
    public static FitResult fit(Block block, int receptiveField, int inputChannels, TaskLayout layout,
            TrainConfig cfg, TrainingData data, Path checkpoints, PrintStream log, NDManager owner,
            Consumer<Block> initial) throws IOException {
        return fit(block, receptiveField, inputChannels, layout, cfg, data, checkpoints, log, owner, initial,
                RunBudget.NONE);
    }

    /** As above, within {@code budget}: when it is spent the run checkpoints and returns paused. */
    public static FitResult fit(Block block, int receptiveField, int inputChannels, TaskLayout layout,
            TrainConfig cfg, TrainingData data, Path checkpoints, PrintStream log, NDManager owner,
            Consumer<Block> initial, RunBudget budget) throws IOException {
        if (2 * data.source().segments() != inputChannels) {
            throw new NeuroSurrogateException("the data has " + 2 * data.source().segments() + " input channels ("
                    + data.source().segments() + " segments) but the model expects " + inputChannels
                    + " (" + layout.segments() + " segments): the dataset does not fit the architecture");
        }
        if (data.stats().rows() != layout.voltageTasks()) {
            throw new NeuroSurrogateException("normalisation statistics have " + data.stats().rows()
                    + " voltage rows, the model " + layout.voltageTasks());
        }
        checkMemory(cfg, inputChannels, layout.tasks(), receptiveField);
        Device device = owner.getDevice();
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        SurrogateLoss loss = new SurrogateLoss(layout, cfg.spikeLossWeight(), cfg.spikePosWeight(), cfg.somaWeight());
        Files.createDirectories(checkpoints);
        try (NDManager manager = owner.newSubManager(device)) {
            block.initialize(owner, DataType.FLOAT32, new Shape(cfg.batch(), inputChannels, cfg.windowMs()));
            Map<String, Object> state = Checkpoints.readState(checkpoints, Checkpoints.LATEST);
            int start = 0;
            long drawn = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestStep = 0;
            int sinceBest = 0;
            if (state != null) {
                if (!cfg.arch().name().equals(state.get("arch"))) {
                    throw new NeuroSurrogateException(checkpoints + " holds a checkpoint of " + state.get("arch")
                            + ", not " + cfg.arch() + ": use another --out or delete it");
                }
                Checkpoints.loadParams(block, owner, Checkpoints.paramsFile(checkpoints, state, Checkpoints.LATEST));
                start = ((Number) state.get("step")).intValue();
                drawn = ((Number) state.get("drawn")).longValue();
                bestLoss = ((Number) state.get("best_loss")).doubleValue();
                bestStep = ((Number) state.get("best_step")).intValue();
                sinceBest = ((Number) state.get("evals_since_best")).intValue();
                log.printf("resuming from step %d (best validation loss %.4f at step %d)%n", start, bestLoss, bestStep);
            }
            Path moments = state == null || state.get("adam") == null ? null
                    : checkpoints.resolve((String) state.get("adam"));
            CheckpointedAdam adam;
            if (moments != null) {
                adam = optimizer(cfg, 0);
                adam.load(block, moments, owner); // sets the update count to the checkpoint's
                if (adam.updatesDone() != start) {
                    throw new NeuroSurrogateException(moments + " holds the optimizer of step " + adam.updatesDone()
                            + ", the checkpoint is at step " + start + ": delete " + checkpoints + " to start afresh");
                }
            } else { // fresh, or a checkpoint from before the moments were saved: they start at zero
                adam = new CheckpointedAdam(new CosineSchedule(cfg.lr(), cfg.maxSteps(), start),
                        (float) cfg.weightDecay(), 0);
            }
            TrainingStep trainingStep = new TrainingStep(block, loss, adam, manager);
            long deadline = budget.deadlineNanos();
            boolean paused = false;
            Metrics best = null;
            boolean stoppedEarly = false;
            int step = start;
            long t0 = System.nanoTime();
            try (Progress progress = Progress.start(block instanceof LinearCausalFilter ? "train linear baseline"
                         : "train " + cfg.arch().name().toLowerCase(), cfg.maxSteps() - start,
                         "steps", log, 10)) {
                // A live run's batches start afresh with each new set of simulations: rebuild the current set's.
                int setStart = data.live() == null ? 0 : start - start % data.refreshEvery();
                WindowSource first = data.live() == null ? data.source() : liveSource(data, setStart, deadline);
                paused = first == null; // the budget ran out waiting for the set's simulations: end as below
                Batches batches = paused ? null : batches(data, first, receptiveField, cfg, setStart);
                if (batches != null) {
                    batches.skip(drawn);
                }
                int streamSims = paused ? 0 : streamLength(first);
                UnaryOperator<NDArray> eval = inference(block, manager);
                if (state == null && initial != null) {
                    initial.accept(block);
                }
                if (state == null && (initial != null || block instanceof LinearCausalFilter)) {
                    // A known start (the linear baseline's is the per-segment mean, Baselines.linearFilter) is
                    // the first candidate for "best", so the block kept is never worse on these windows.
                    best = evaluate(eval, data.validation(), data.stats(), receptiveField, loss, cfg.batch(),
                            manager);
                    bestLoss = best.total();
                    Checkpoints.save(block, checkpoints, Checkpoints.BEST, cfg, 0, 0, bestLoss, 0, 0);
                    log.printf("validation loss at step 0: %.4f%n", bestLoss);
                }
                double lastLoss = Double.NaN;
                String lastValidation = "";
                while (!paused && step < cfg.maxSteps() && !stoppedEarly) {
                    if (budget.spent(step - start)) {
                        paused = true;
                        break;
                    }
                    if (data.live() != null && step > start && step % data.refreshEvery() == 0) {
                        WindowSource next = liveSource(data, step, deadline);
                        if (next == null) {
                            paused = true;
                            break;
                        }
                        batches = batches(data, next, receptiveField, cfg, step);
                        streamSims = streamLength(next);
                    }
                    if (data.live() != null) { // dropout's masks a function of the step: pieces equal a whole run
                        Engine.getInstance().setRandomSeed((int) (cfg.seed() * 1_000_003L + step));
                    }
                    try (NDManager sub = manager.newSubManager()) {
                        lastLoss = trainingStep.run(batches.next(sub));
                    }
                    if (!Double.isFinite(lastLoss)) {
                        throw diverged(step + 1, cfg, checkpoints);
                    }
                    step++;
                    String extra = (data.live() == null ? "" : "stream " + streamSims + " sims, ")
                            + String.format("loss %.4f", lastLoss);
                    boolean evaluated = step % cfg.evalEvery() == 0 || step == cfg.maxSteps();
                    if (evaluated) {
                        Metrics m = evaluate(eval, data.validation(), data.stats(), receptiveField, loss, cfg.batch(),
                                manager);
                        if (!Double.isFinite(m.total())) {
                            throw diverged(step, cfg, checkpoints);
                        }
                        if (m.total() < bestLoss) {
                            bestLoss = m.total();
                            bestStep = step;
                            best = m;
                            sinceBest = 0;
                            Checkpoints.save(block, checkpoints, Checkpoints.BEST, cfg, step,
                                    position(data, batches, step), bestLoss, bestStep, 0);
                        } else if (cfg.patience() > 0 && ++sinceBest >= cfg.patience()) {
                            stoppedEarly = true;
                            log.printf("early stop at step %d: no better validation loss in %d evaluations"
                                    + " (best %.4f at step %d)%n", step, sinceBest, bestLoss, bestStep);
                        }
                        lastValidation = String.format(", val %.4f at step %d (best %.4f at step %d)", m.total(),
                                step, bestLoss, bestStep);
                    }
                    extra += lastValidation; // every line shows the latest validation
                    if (step % cfg.checkpointEvery() == 0 || step == cfg.maxSteps() || stoppedEarly) {
                        Checkpoints.save(block, checkpoints, Checkpoints.LATEST, cfg, step,
                                position(data, batches, step), bestLoss, bestStep, sinceBest, adam);
                    }
                    if (evaluated) {
                        progress.milestone(1, extra);
                    } else {
                        progress.step(1, extra);
                    }
                }
                if (paused && step > start && step % cfg.checkpointEvery() != 0) {
                    Checkpoints.save(block, checkpoints, Checkpoints.LATEST, cfg, step,
                            position(data, batches, step), bestLoss, bestStep, sinceBest, adam);
                }
            }
            double rate = (step - start) / Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
            Map<String, Object> bestState = Checkpoints.readState(checkpoints, Checkpoints.BEST);
            Path bestParams = bestState == null ? checkpoints.resolve(Checkpoints.BEST + ".params")
                    : Checkpoints.paramsFile(checkpoints, bestState, Checkpoints.BEST);
            if (Files.exists(bestParams)) {
                Checkpoints.loadParams(block, owner, bestParams);
            }
            if (best == null && Files.exists(bestParams)) {
                // resumed after the best evaluation: evaluate the restored best parameters once
                best = evaluate(inference(block, manager), data.validation(), data.stats(),
                        receptiveField, loss, cfg.batch(), manager);
            }
            return new FitResult(step, bestStep, best, stoppedEarly, state != null, rate, paused, start);
        }
    }

    /** The optimizer of every run: Adam with L2 weight decay under the cosine schedule, {@code start} steps done. */
    public static CheckpointedAdam optimizer(TrainConfig cfg, int start) {
        return new CheckpointedAdam(new CosineSchedule(cfg.lr(), cfg.maxSteps(), 0), (float) cfg.weightDecay(), start);
    }

    /**
     * The sampler position a checkpoint at {@code step} records: windows drawn from the current batches, or 0 when
     * a live run's next step takes a new set of simulations (and new batches) anyway.
     */
    private static long position(TrainingData data, Batches batches, int step) {
        return data.live() != null && step % data.refreshEvery() == 0 ? 0 : batches.drawn();
    }

    /** Simulations of a live stream seen by now: the newest member's index + 1. */
    private static int streamLength(WindowSource source) {
        return java.util.Arrays.stream(source.simulations()).max().orElse(-1) + 1;
    }

    /** The live source of {@code step}, waiting for its simulations; null if the deadline passes first. */
    private static WindowSource liveSource(TrainingData data, int step, long deadline) throws IOException {
        try {
            return data.live().at(step, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NeuroSurrogateException("interrupted while waiting for live simulations");
        }
    }

    private static Batches batches(TrainingData data, WindowSource source, int receptiveField, TrainConfig cfg,
            int step) {
        int[] sims = data.live() != null ? source.simulations() : data.simulations();
        return new Batches(source, sims, data.stats(), receptiveField, cfg.windowMs(), cfg.batch(), cfg.burnInMs(),
                cfg.seed() * 1_000_003L + step, System.err::println);
    }

    private static NeuroSurrogateException diverged(int step, TrainConfig cfg, Path checkpoints) {
        return diverged("the loss became NaN or infinite at step " + step, cfg, checkpoints);
    }

    static NeuroSurrogateException diverged(String what, TrainConfig cfg, Path checkpoints) {
        return new NeuroSurrogateException(String.format("%s with --lr %g: training stopped; the last good checkpoint"
                + " is in %s; try a lower --lr (e.g. %g)", what, cfg.lr(), checkpoints, cfg.lr() / 10));
    }

    /** Linear warm-up over the first 5 % of steps, then cosine decay to 1 % of the peak; {@code offset} on resume. */
    static final class CosineSchedule implements Tracker {
        private final double peak;
        private final int steps;
        private final int offset;

        CosineSchedule(double peak, int steps, int offset) {
            this.peak = peak;
            this.steps = steps;
            this.offset = offset;
        }

        @Override
        public float getNewValue(int numUpdate) {
            return (float) at(numUpdate + offset);
        }

        double at(int step) {
            int warm = Math.max(1, steps / 20);
            if (step < warm) {
                return peak * (step + 1) / warm;
            }
            double progress = Math.min(1.0, (double) (step - warm) / Math.max(1, steps - warm));
            return peak * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    /** Names of a block's parameters and their values as float arrays (tests, determinism checks). */
    public static List<float[]> parameterValues(Block block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
