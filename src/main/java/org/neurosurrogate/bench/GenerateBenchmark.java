package org.neurosurrogate.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.generate.DatasetGenerator;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * {@code bench generate}: the same dataset made with 1 worker and with W workers, in one command.
 * Prints the speed-up (target ≥ 1.8× for 2 workers on 2 cores) and simulated seconds per wall second per
 * worker, and checks that both runs produced byte-identical shards.
 */
public final class GenerateBenchmark {
    private GenerateBenchmark() {
    }

    public static int run(PythonEnvironment env, ModelSpec spec, int simulations, int durationMs, int workers,
            PrintStream out, Figures figures) throws IOException, InterruptedException {
        return run(env, spec, simulations, durationMs, workers, out, figures, null);
    }

    /** As above; with {@code keep} non-null the W-worker dataset is moved there (for {@code bench all}'s read). */
    public static int run(PythonEnvironment env, ModelSpec spec, int simulations, int durationMs, int workers,
            PrintStream out, Figures figures, Path keep) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ns-bench-generate");
        try {
            out.printf("bench generate: %d simulations x %d ms of %s, one simulation per shard%n", simulations,
                    durationMs, spec.name());
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            DatasetGenerator generator = new DatasetGenerator(env, quiet);
            double[] wall = new double[2];
            List<List<String>> sums = new java.util.ArrayList<>();
            int[] counts = {1, workers};
            for (int i = 0; i < 2; i++) {
                Path dir = work.resolve("w" + counts[i]);
                long t0 = System.nanoTime();
                generator.generate(new DatasetGenerator.Request(spec, InputProtocol.BENIAGUEV_2021, simulations,
                        durationMs, 1, 1, counts[i], null), dir);
                wall[i] = (System.nanoTime() - t0) / 1e9;
                sums.add(DatasetManifest.read(dir).shards.stream().map(DatasetManifest.Shard::sha256).toList());
                double simulated = simulations * durationMs / 1000.0;
                out.printf("  %d worker%s: %6.1f s wall (worker start-up included), %.3f simulated s per wall s, "
                        + "%.3f per worker%n", counts[i], counts[i] == 1 ? " " : "s", wall[i], simulated / wall[i],
                        simulated / wall[i] / counts[i]);
            }
            out.printf("identical shards: %s%n", sums.get(0).equals(sums.get(1)) ? "yes" : "NO");
            out.printf("speed-up %d workers over 1 = %.2fx (target >= 1.8x for 2 workers on 2 cores)%n", workers,
                    wall[0] / wall[1]);
            boolean same = sums.get(0).equals(sums.get(1));
            String what = String.format(java.util.Locale.ROOT, "generation: %d × %d ms of %s, %d workers vs 1",
                    simulations, durationMs, spec.name(), workers);
            String base = String.format(java.util.Locale.ROOT, "1 worker %.1f s", wall[0]);
            String measured = String.format(java.util.Locale.ROOT, "%d workers %.1f s; shards %s", workers, wall[1],
                    same ? "identical" : "DIFFER");
            if (workers == 2) {
                figures.add("generate", what, wall[0] / wall[1], base, measured, true, 1.8);
            } else {
                figures.add("generate", what, wall[0] / wall[1], base, measured);
            }
            if (keep != null) {
                Files.move(work.resolve("w" + workers), keep);
            }
            return sums.get(0).equals(sums.get(1)) ? 0 : 1;
        } finally {
            FileTrees.deleteTree(work);
        }
    }
}
