package org.neurosurrogate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.hybrid.HybridResult;
import org.neurosurrogate.hybrid.HybridSession;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * One run of {@code bench hybrid --scale}, made in a process of its own (so that its peak RSS is its own), and its
 * result line. Modes: {@code hybrid} (the spec as written), {@code surrogate-only} (every cell its surrogate) and
 * {@code neuron} (NEURON's baseline: the first population's first N cells, detailed, with their background and no
 * connections).
 *
 * @param surrogate which surrogate the run's surrogate cells used: its folder name and trunk, as {@code name[trunk]}
 * @param ranks MPI ranks of the run
 * @param loopS wall time after setup
 * @param rssKb the process's peak resident set (VmHWM; rank 0's under MPI)
 * @param digest a hash of the sorted (gid, spike time) pairs: equal digests, equal spike sets
 */
record ScaleRun(String network, String mode, String surrogate, int cells, int surrogates, int ranks, int durationMs,
                double loopS, double neuronS, double surrogateS, double exchangeS, double waitS, double setupS,
                long spikes, long rssKb, String digest) {
    static final String TAG = "SCALE-RUN ";

    double simS() {
        return durationMs / 1000.0;
    }

    /** Wall seconds per simulated second. */
    double wallPerSimS() {
        return loopS / simS();
    }

    int detailed() {
        return cells - surrogates;
    }

    /** Surrogate cell-seconds per second of surrogate steps. */
    double surrogateCellSPerStepS() {
        return surrogates * simS() / surrogateS;
    }

    double rateHz() {
        return spikes / (cells * simS());
    }

    String line() {
        return TAG + String.join(" ", network, mode, surrogate, Integer.toString(cells), Integer.toString(surrogates),
                Integer.toString(ranks), Integer.toString(durationMs), num(loopS), num(neuronS), num(surrogateS),
                num(exchangeS), num(waitS), num(setupS), Long.toString(spikes), Long.toString(rssKb), digest);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    static ScaleRun parse(String line) {
        String[] f = line.substring(TAG.length()).strip().split(" ");
        return new ScaleRun(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                Integer.parseInt(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                Double.parseDouble(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]), f[15]);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", network);
        m.put("mode", mode);
        m.put("surrogate", surrogate);
        m.put("cells", cells);
        m.put("surrogates", surrogates);
        m.put("ranks", ranks);
        m.put("duration_ms", durationMs);
        m.put("wall_s", loopS);
        m.put("neuron_s", neuronS);
        m.put("surrogate_steps_s", surrogateS);
        m.put("exchange_s", exchangeS);
        m.put("waited_for_surrogates_s", waitS);
        m.put("setup_s", setupS);
        m.put("spikes", spikes);
        m.put("peak_rss_kb", rssKb);
        m.put("spike_digest", digest);
        return m;
    }

    /** The spec a mode runs: as written, every cell a surrogate, or NEURON's sample of {@code sample} cells. */
    static NetworkSpec specFor(NetworkSpec spec, String mode, int sample) {
        return switch (mode) {
            case "hybrid" -> spec;
            case "surrogate-only" -> spec.allSurrogates("bench hybrid --scale");
            case "neuron" -> {
                NetworkSpec.Population p = spec.populations().get(0);
                NetworkSpec.Population cells = new NetworkSpec.Population(p.name(), p.model(), p.spec(),
                        Math.min(sample, p.count()), p.background(), null);
                yield new NetworkSpec(spec.file(), spec.name() + "-neuron-sample", spec.seed(), spec.durationMs(),
                        spec.intervalMs(), spec.overlap(), List.of(cells), List.of(), List.of());
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    /** The digest of a run's spike set. */
    static String digest(double[][] spikeTimesMs) {
        List<String> pairs = new ArrayList<>();
        for (int g = 0; g < spikeTimesMs.length; g++) {
            for (double t : spikeTimesMs[g]) {
                pairs.add(String.format(Locale.ROOT, "%d:%.6f", g, t));
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.join(",", pairs).getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The label of a surrogate in the tables: its folder's name and its trunk ({@code l5pc[tcn]}, {@code
     * l5pc-live[lstm]}), one word.
     */
    static String label(Path surrogateDir) {
        String trunk = "tcn"; // surrogates saved before recurrent trunks have no "trunk": they are TCNs
        try {
            JsonNode t = new ObjectMapper().readTree(surrogateDir.resolve(Surrogate.JSON).toFile()).path("hyper")
                    .path("trunk");
            trunk = t.isTextual() ? t.asText() : trunk;
        } catch (IOException e) {
            throw new NeuroSurrogateException("--surrogates: cannot read " + surrogateDir.resolve(Surrogate.JSON)
                    + " (" + e.getMessage() + "): give a saved surrogate's folder or builtin:NAME");
        }
        return surrogateDir.toAbsolutePath().normalize().getFileName().toString().replaceAll("\\s+", "_")
                + "[" + trunk + "]";
    }

    /**
     * Child: {@code NETWORK.json MODE DURATION_MS SAMPLE SURROGATE LABEL} (SURROGATE {@code -}: each population's
     * own); rank 0 prints the {@link #TAG} line.
     */
    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            PythonEnvironment env = PythonEnvironment.locate();
            NetworkSpec written = NetworkSpec.load(Path.of(args[0]), env.home());
            NetworkSpec chosen = args[4].equals("-") ? written
                    : written.withSurrogate(Path.of(args[4]), "bench hybrid --surrogates");
            int duration = Integer.parseInt(args[2]);
            NetworkSpec spec = specFor(duration > 0 ? chosen.withDuration(duration) : chosen, args[1],
                    Integer.parseInt(args[3]));
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            try (HybridSession session = HybridSession.open(spec, env)) {
                HybridResult r = session.run(args[1].equals("neuron"), quiet);
                if (session.rank() == 0) {
                    long spikes = 0;
                    for (double[] s : r.spikeTimesMs()) {
                        spikes += s.length;
                    }
                    System.out.println(new ScaleRun(written.name(), args[1], args[5], r.plan().cells().size(),
                            r.plan().surrogateCount(), r.ranks(), spec.durationMs(), r.loopS(), r.neuronS(),
                            r.surrogateS(), r.exchangeS(), r.waitS(), r.setupS(), spikes, TrainBenchmark.vmHwmKb(),
                            digest(r.spikeTimesMs())).line());
                }
                System.out.flush();
                session.finishMpi(0);
            }
        } catch (Exception e) {
            System.out.println("SCALE-ERROR " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        System.exit(status); // libtorch keeps native threads alive
    }
}
