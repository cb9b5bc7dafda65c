package org.neurosurrogate.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.train.SurrogateLoss;
import org.neurosurrogate.train.SurrogateTrainer;
import org.neurosurrogate.train.TrainingStep;
import org.neurosurrogate.train.TrainConfig;

/**
 * {@code bench train}: training throughput of each architecture at the real sizes (639 segments: 1278 input
 * channels, 641 tasks) on synthetic spike inputs (1.1 % ones, {@link #INPUT_DENSITY}) and random targets, through
 * the same step as {@code train}. Each architecture runs in a fresh child JVM, so the peak RSS (VmHWM,
 * process-wide) is its own. Baselines: the same network trained the seed's way, run in the same command: windows of
 * exactly the receptive field, so each window scores one time step (the seed's code predicted one step per
 * window); and, for scale, the 66 scored steps per second that reference.md §4 gives for the seed's own code on a
 * 2-core machine.
 */
public final class TrainBenchmark {
    static final double SEED_SCORED_STEPS_PER_S = 66;
    static final int SEGMENTS = 639;
    /**
     * Fraction of input entries that are spikes, as in the built-in cell's data: the published protocol's 72 × 6 s
     * dataset (seed 7) holds 337,509 input events in its first shard of 4 simulations, 14 a millisecond over 1278
     * channels (1.1 %). The sparse first layer's cost grows with it.
     */
    static final double INPUT_DENSITY = 0.011;

    private TrainBenchmark() {
    }

    public static int run(int batch, int windowMs, int threads, int steps, List<Arch> archs, PrintStream out,
            Figures figures) throws IOException, InterruptedException {
        out.printf("bench train: batch %d × %d ms, %d threads, %d timed steps after 2 warm-up steps, %d segments%n",
                batch, windowMs, threads, steps, SEGMENTS);
        out.printf("%-7s %8s %10s %14s %14s %10s %12s %10s%n", "arch", "steps/s", "windows/s", "scored ms/s",
                "1-step ms/s", "vs 1-step", "vs seed 66", "peak RSS");
        int status = 0;
        for (Arch arch : archs) {
            String result = child(arch, batch, windowMs, threads, steps);
            String[] f = result == null ? null : result.trim().split("\\s+"); // RESULT stepsPerS frames vmHwmKb
            int frames = f == null ? 0 : Integer.parseInt(f[2]);
            // One-step windows: the receptive field R = window − output frames + 1, as the first child reported.
            String oneStep = f == null ? null : child(arch, batch, windowMs - frames + 1, threads, steps);
            if (oneStep == null) {
                out.printf("%-7s failed (see the lines above)%n", arch.name().toLowerCase(Locale.ROOT));
                status = 1;
                continue;
            }
            double stepsPerS = Double.parseDouble(f[1]);
            double rssGb = Long.parseLong(f[3]) / 1024.0 / 1024.0;
            double scored = stepsPerS * batch * frames;
            double oneStepScored = Double.parseDouble(oneStep.trim().split("\\s+")[1]) * batch; // 1 frame a window
            out.printf(Locale.ROOT, "%-7s %8.2f %10.1f %14.0f %14.0f %9.1fx %11.1fx %8.2f GB%n",
                    arch.name().toLowerCase(Locale.ROOT), stepsPerS, stepsPerS * batch, scored, oneStepScored,
                    scored / oneStepScored, scored / SEED_SCORED_STEPS_PER_S, rssGb);
            String name = arch.name().toLowerCase(Locale.ROOT);
            String measured = String.format(Locale.ROOT, "%.0f scored ms/s (batch %d × %d ms, %d threads); peak RSS "
                    + "%.2f GB", scored, batch, windowMs, threads, rssGb);
            figures.add("train", name + " training throughput vs the same net on 1-step windows", scored / oneStepScored,
                    String.format(Locale.ROOT, "%.0f scored ms/s with the seed's 1-step windows", oneStepScored),
                    measured);
            figures.add("train", name + " training throughput vs the seed's code", scored / SEED_SCORED_STEPS_PER_S,
                    "66 scored steps/s (reference.md §4, 2 cores)", measured, true, 30);
            figures.add("train", name + " peak RSS vs the 2 GB budget", rssGb / 2.0, "2 GB",
                    String.format(Locale.ROOT, "%.2f GB", rssGb), false, 1);
        }
        out.println("scored ms/s = windows/s × output frames per window (window − receptive field + 1); 1-step: the"
                + " same network on windows of its receptive field (one scored step each), run here; targets: ≥ 30×"
                + " the seed, peak RSS ≤ 2 GB");
        return status;
    }

    private static String child(Arch arch, int batch, int windowMs, int threads, int steps)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads, "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), TrainBenchmark.class.getName(), arch.name(),
                Integer.toString(batch), Integer.toString(windowMs), Integer.toString(steps)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else {
                    System.err.println("  [" + arch.name().toLowerCase(Locale.ROOT) + "] " + line);
                }
            }
        }
        return p.waitFor() == 0 ? result : null;
    }

    /** Child: {@code ARCH BATCH WINDOW STEPS}; prints {@code RESULT stepsPerS outputFrames vmHwmKb}. */
    public static void main(String[] args) throws Exception {
        Arch arch = Arch.valueOf(args[0]);
        int batch = Integer.parseInt(args[1]);
        int window = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        TaskLayout layout = new TaskLayout(SEGMENTS);
        int channels = 2 * SEGMENTS;
        TrainConfig cfg = TrainConfig.builder(arch).optBatch(batch).optWindowMs(window).optMaxSteps(1000).build();
        SurrogateNet net = SurrogateNet.create(arch, layout, channels, Hyper.defaults());
        int frames = window - net.receptiveField() + 1;
        if (frames < 1) {
            throw new NeuroSurrogateException("--window " + window + " is shorter than the receptive field");
        }
        Engine.getInstance().setRandomSeed(1);
        SurrogateLoss loss = new SurrogateLoss(layout, 1, 10);
        try (NDManager owner = NDManager.newBaseManager()) {
            net.initialize(owner, DataType.FLOAT32, new Shape(batch, channels, window));
            TrainingStep step = new TrainingStep(net, loss, SurrogateTrainer.optimizer(cfg, 0), owner);
            long t0 = 0;
            for (int i = 0; i < steps + 2; i++) {
                if (i == 2) {
                    t0 = System.nanoTime();
                }
                try (NDManager sub = owner.newSubManager()) {
                    NDList xy = new NDList(
                            sub.randomUniform(0, 1, new Shape(batch, channels, window)).lt(INPUT_DENSITY)
                                    .toType(DataType.FLOAT32, false),
                            sub.randomNormal(new Shape(batch, layout.tasks(), frames)));
                    step.run(xy);
                }
            }
            double rate = steps / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "RESULT %.4f %d %d%n", rate, frames, vmHwmKb());
        }
        System.exit(0); // libtorch keeps native threads alive
    }

    static long vmHwmKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
