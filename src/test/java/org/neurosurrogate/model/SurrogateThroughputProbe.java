package org.neurosurrogate.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Throughput probe at the real sizes (not part of the default suite: the name does not end in Test). Run one
 * architecture per JVM so that peak RSS is its own:
 * {@code mvn -o -q test -Dtest=SurrogateThroughputProbe -Dprobe.arch=MMOE [-Dprobe.steps=3]}.
 * Prints training steps/s (forward + backward + Adam, batch 32 × 300 ms, 1278 inputs at 0.5 % ones, 641 tasks,
 * 2 threads), scored steps/s = batch × (T − R + 1) × steps/s, trunk-only cost, and peak RSS. No assertions.
 */
class SurrogateThroughputProbe {
    @Test
    void probe() throws IOException {
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("probe.threads", "2"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Arch arch = Arch.valueOf(System.getProperty("probe.arch", "MH"));
        int steps = Integer.getInteger("probe.steps", 3);
        int batch = Integer.getInteger("probe.batch", 32);
        int frames = Integer.getInteger("probe.frames", 300);
        Hyper.Builder hb = Hyper.builder();
        if (Integer.getInteger("probe.units") != null) {
            hb.optTowerUnits(Integer.getInteger("probe.units"));
        }
        SurrogateNet net = SurrogateNet.create(arch, new TaskLayout(639), 1278, hb.build());
        Shape inShape = new Shape(batch, 1278, frames);
        long scored = (long) batch * net.outputFrames(frames);
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Model.newInstance("probe")) {
            model.setBlock(net);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(inShape);
                double full = time(steps, () -> {
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray x = input(sub, inShape);
                        NDArray target = sub.randomNormal(new Shape(batch, 641, net.outputFrames(frames)));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray y = trainer.forward(new NDList(x)).singletonOrThrow();
                            gc.backward(y.sub(target).square().mean());
                        }
                        trainer.step();
                    }
                });
                double trunk = time(steps, () -> {
                    try (NDManager sub = trainer.getManager().newSubManager();
                            GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray f = net.trunk().forward(new ParameterStore(sub, false), input(sub, inShape), true,
                                null);
                        gc.backward(f.square().mean());
                    }
                });
                double infer = time(steps, () -> {
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        net.forward(new ParameterStore(sub, false), new NDList(input(sub, inShape)), false)
                                .singletonOrThrow().sum().getFloat();
                    }
                });
                System.out.printf("PROBE %s params=%d R=%d batch=%d T=%d units=%d: train %.3f steps/s = %.0f scored"
                        + " steps/s (%.1fx the seed's 66); trunk-only fwd+bwd %.2f s/step of %.2f; inference "
                        + "%.2f s/window = %.0f scored steps/s; peak RSS %s%n", arch, net.parameterCount(),
                        net.receptiveField(), batch, frames, net.towers().units(), 1 / full, scored / full,
                        scored / full / 66, trunk, full, infer, scored / infer, peakRss());
            }
        }
    }

    private static NDArray input(NDManager m, Shape s) {
        return m.randomUniform(0, 1, s).lt(0.005).toType(DataType.FLOAT32, false);
    }

    /**
     * Wall seconds per call, after one warm-up call; also prints process CPU seconds per call, which is what to
     * compare when other processes share the cores (CPU / threads is the uncontended wall time, roughly).
     */
    private static double time(int steps, Runnable step) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        step.run();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double wall = (System.nanoTime() - t0) / 1e9 / steps;
        System.out.printf("PROBE-TIME wall %.2f s, cpu %.2f s per call%n", wall,
                (os.getProcessCpuTime() - c0) / 1e9 / steps);
        return wall;
    }

    private static String peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                return line.substring(6).trim();
            }
        }
        return "?";
    }
}
