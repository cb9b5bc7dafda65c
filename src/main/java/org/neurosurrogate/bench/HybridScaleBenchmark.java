package org.neurosurrogate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * {@code bench hybrid --scale}: how a hybrid network's cost grows with its number of surrogate cells. In one
 * command, each run in a child process of its own (its peak RSS is its own): NEURON's baseline (a sample of detailed
 * cells of the first network's first population, with their background, no connections: what one detailed cell
 * costs NEURON); then every network as written (hybrid) and with every cell a surrogate (surrogate-only); then,
 * optionally, one network on 1 and on 2 MPI ranks, whose spike sets must be identical. Prints per run the wall time
 * per simulated second split into NEURON, surrogate steps, exchange and NEURON's wait for the steps; the peak RSS;
 * the surrogate cell-seconds per second of surrogate steps against NEURON's cell-seconds per wall second; then the
 * growth exponents of the cost against the size and the RSS per surrogate cell.
 */
public final class HybridScaleBenchmark {
    /**
     * What to run. {@code durationMs} 0: each spec's own; {@code ranksNetwork} null: no ranks check; {@code
     * surrogates} empty: each population's own, else every network runs once with each of them in place of its
     * populations' surrogates (for example a TCN and an LSTM surrogate of the same cell).
     */
    public record Settings(List<Path> networks, int durationMs, int sample, Path ranksNetwork, int ranksDurationMs,
                           Integer threads, Path outDir, List<Path> surrogates) {
    }

    /** A surrogate a run uses: {@code path} null for each population's own, and its table label. */
    record Choice(Path path, String label) {
        String arg() {
            return path == null ? "-" : path.toString();
        }
    }

    private HybridScaleBenchmark() {
    }

    public static int run(Settings s, PythonEnvironment env, PrintStream out, Figures figures) throws Exception {
        List<NetworkSpec> specs = new ArrayList<>();
        for (Path p : s.networks()) {
            specs.add(NetworkSpec.load(p, env.home()));
        }
        out.printf(Locale.ROOT, "bench hybrid --scale: %d networks, %s, %d cores, load average %s (1, 5, 15 min)%n",
                specs.size(), s.durationMs() > 0 ? s.durationMs() + " ms each" : "each spec's duration",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        List<List<Choice>> choices = new ArrayList<>();
        for (NetworkSpec spec : specs) {
            choices.add(choices(spec, s.surrogates()));
        }
        ScaleRun neuron = child(env, s.networks().get(0), "neuron", new Choice(null, "none"), s, 1, out);
        double neuronRate = neuron.cells() * neuron.simS() / neuron.loopS();
        out.printf(Locale.ROOT, "NEURON baseline: %d detailed cell%s of %s (its background, no connections), %d ms in "
                + "%.2f s: %.4f cell-s per wall s (peak RSS %.2f GB)%n", neuron.cells(), neuron.cells() > 1 ? "s" : "",
                neuron.network(), neuron.durationMs(), neuron.loopS(), neuronRate, neuron.rssKb() / 1048576.0);
        List<ScaleRun> runs = new ArrayList<>();
        for (int n = 0; n < specs.size(); n++) {
            for (Choice c : choices.get(n)) {
                for (String mode : new String[] {"hybrid", "surrogate-only"}) {
                    ScaleRun r = child(env, s.networks().get(n), mode, c, s, 1, out);
                    runs.add(r);
                    out.printf(Locale.ROOT, "  %s %s %s: %d cells (%d surrogates), %.2f s per simulated s, peak RSS "
                            + "%.2f GB%n", r.network(), r.surrogate(), mode, r.cells(), r.surrogates(),
                            r.wallPerSimS(), r.rssKb() / 1048576.0);
                }
            }
        }
        ScaleReport report = new ScaleReport(neuron, neuronRate, runs);
        report.print(out);
        report.record(figures);
        Map<String, Object> ranks = null;
        if (s.ranksNetwork() != null) {
            ranks = ranksCheck(env, s, out);
        }
        out.println("load average at the end: " + loadAverage());
        if (s.outDir() != null) {
            report.write(s.outDir(), ranks, loadAverage());
            out.println("wrote " + s.outDir().resolve("scale.json") + ", scale.md, scale.png");
        }
        return ranks != null && !Boolean.TRUE.equals(ranks.get("identical")) ? 1 : 0;
    }

    /**
     * The surrogates a network runs with: each given one, or its populations' own (labelled by the first). Labels
     * that would repeat (two folders of one name and trunk) get {@code #2}, {@code #3}, ... so their rows stay apart.
     */
    static List<Choice> choices(NetworkSpec spec, List<Path> surrogates) {
        List<Choice> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path p : surrogates) {
            String label = ScaleRun.label(p);
            for (int i = 2; !seen.add(label); i++) {
                label = ScaleRun.label(p) + "#" + i;
            }
            out.add(new Choice(p, label));
        }
        if (out.isEmpty()) {
            Path own = spec.populations().stream().filter(p -> p.surrogate() != null)
                    .map(p -> p.surrogate().path()).findFirst()
                    .orElseThrow(() -> new NeuroSurrogateException("bench hybrid --scale: no population of "
                            + spec.file() + " has a surrogate"));
            out.add(new Choice(null, ScaleRun.label(own)));
        }
        return out;
    }

    /** One network on 1 rank and on 2 (mpirun), hybrid: their spike sets must be identical. */
    private static Map<String, Object> ranksCheck(PythonEnvironment env, Settings s, PrintStream out) throws Exception {
        Settings short_ = new Settings(s.networks(), s.ranksDurationMs(), s.sample(), s.ranksNetwork(),
                s.ranksDurationMs(), s.threads(), s.outDir(), s.surrogates());
        Choice c = choices(NetworkSpec.load(s.ranksNetwork(), env.home()), s.surrogates()).get(0);
        ScaleRun one = child(env, s.ranksNetwork(), "hybrid", c, short_, 1, out);
        ScaleRun two = child(env, s.ranksNetwork(), "hybrid", c, short_, 2, out);
        boolean same = one.digest().equals(two.digest()) && one.spikes() == two.spikes();
        out.printf(Locale.ROOT, "ranks: %s with %s, %d ms, hybrid, on 1 rank %d spikes (%s, %.2f s) and on 2 ranks "
                + "%d spikes (%s, %.2f s): %s%n", one.network(), one.surrogate(), one.durationMs(), one.spikes(),
                one.digest(), one.loopS(), two.spikes(), two.digest(), two.loopS(),
                same ? "identical spike sets" : "SPIKE SETS DIFFER");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", one.network());
        m.put("one_rank", one.toMap());
        m.put("two_ranks", two.toMap());
        m.put("identical", same);
        return m;
    }

    /** Runs one mode of one network in a child JVM ({@code ranks} > 1: under mpirun) and reads its result line. */
    static ScaleRun child(PythonEnvironment env, Path network, String mode, Choice surrogate, Settings s, int ranks,
                          PrintStream out) throws IOException, InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        // NEURON integrates on one core of a rank; with no detailed cell it has little to do
        int threads = s.threads() != null ? s.threads()
                : Math.max(1, cores / ranks - (mode.equals("surrogate-only") ? 0 : 1));
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        if (ranks > 1) {
            cmd.addAll(List.of("mpirun", "-n", Integer.toString(ranks), "--oversubscribe"));
        }
        cmd.addAll(List.of(java, "-Xss4m", "-Dai.djl.offline=true", "-Dneurosurrogate.home=" + env.home(),
                "-Dneurosurrogate.venv=" + env.venv(), "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                ScaleRun.class.getName(), network.toString(), mode, Integer.toString(s.durationMs()),
                Integer.toString(s.sample()), surrogate.arg(), surrogate.label()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE"); // see the launcher
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new NeuroSurrogateException("bench hybrid --scale: cannot start " + cmd.get(0) + " (" + e.getMessage()
                    + ")" + (ranks > 1 ? ": run ./neurosurrogate setup, which installs Open MPI" : ""));
        }
        ScaleRun result = null;
        String error = null;
        List<String> tail = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(ScaleRun.TAG)) {
                    result = ScaleRun.parse(line);
                } else if (line.startsWith("SCALE-ERROR ")) {
                    error = line.substring(12);
                } else if (!line.isBlank()) {
                    tail.add(line);
                    if (tail.size() > 5) {
                        tail.remove(0);
                    }
                }
            }
        }
        int status = p.waitFor();
        if (result == null) {
            throw new NeuroSurrogateException("bench hybrid --scale: the " + mode + " run of " + network + " with "
                    + surrogate.label() + " on " + ranks + " rank(s) failed (exit " + status + "): "
                    + (error != null ? error : String.join(" | ", tail)));
        }
        return result;
    }

    /** The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them ("n/a" where it cannot be read). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
