package org.neurosurrogate.data.generate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.ShardFile;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * A worker process: builds the dataset's cell once, then simulates whole shards on request.
 * Protocol (one line each, prefixed {@value #TAG}): parent → worker {@code shard N} or {@code quit};
 * worker → parent {@code ready SEGMENTS}, {@code sim INDEX SPIKES INPUTS WALL_S},
 * {@code rejected INDEX REASON}, {@code done N}, {@code error MESSAGE}.
 */
public final class GenerationWorker {
    public static final String TAG = "@ns";

    private GenerationWorker() {
    }

    public static void main(String[] args) {
        // NEURON prints to stdout too, so protocol lines carry a tag.
        PrintStream out = System.out;
        try {
            run(Path.of(args[0]), out);
            System.exit(0);
        } catch (Throwable e) {
            out.println(TAG + " error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            out.flush();
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(Path dir, PrintStream out) throws Exception {
        DatasetManifest manifest = DatasetManifest.read(dir);
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.load(Path.of(manifest.modelFolder));
        InputProtocol protocol = InputProtocol.fromMap(manifest.protocol);
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            if (!cell.modelHash().equals(manifest.modelHash)) {
                throw new IllegalStateException("the model files changed since " + dir + " was started (hash "
                        + cell.modelHash() + ", manifest " + manifest.modelHash + ")");
            }
            out.println(TAG + " ready " + cell.segments().size());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("quit")) {
                    return;
                }
                int shard = Integer.parseInt(line.substring("shard ".length()).strip());
                simulateShard(dir, manifest, protocol, cell, shard, out);
            }
        }
    }

    private static void simulateShard(Path dir, DatasetManifest manifest, InputProtocol protocol, CellSimulator cell,
                                      int shard, PrintStream out) {
        List<SimulationResult> kept = new ArrayList<>();
        List<Integer> keptIndex = new ArrayList<>();
        for (int sim : manifest.simulationsOf(shard)) {
            long seed = InputProtocol.simulationSeed(manifest.seed, sim);
            long t0 = System.nanoTime();
            SpikeTrains inputs = protocol.generate(cell.segments(), manifest.durationMs, seed);
            SimulationResult r = cell.run(inputs, manifest.durationMs, seed);
            double wall = (System.nanoTime() - t0) / 1e9;
            String bad = firstNonFinite(r);
            if (bad != null) {
                out.println(TAG + " rejected " + sim + " " + bad);
            } else {
                kept.add(r);
                keptIndex.add(sim);
                out.printf("%s sim %d %d %d %.3f%n", TAG, sim, r.spikeTimesMs().length, inputs.size(), wall);
            }
            out.flush();
        }
        if (!kept.isEmpty()) {
            ShardFile.write(dir.resolve(ShardFile.fileName(shard)), manifest.modelHash, manifest.simulationsOf(shard)[0],
                    kept, keptIndex.stream().mapToInt(Integer::intValue).toArray(), cell.segments());
        }
        out.println(TAG + " done " + shard);
        out.flush();
    }

    /** A simulation with NaN or Inf voltages is rejected (and logged by the parent), never stored. */
    static String firstNonFinite(SimulationResult r) {
        float[] v = r.voltages();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                return "non-finite voltage " + v[i] + " at t=" + (i / r.segments()) + " ms, segment " + (i % r.segments());
            }
        }
        for (float s : r.soma()) {
            if (!Float.isFinite(s)) {
                return "non-finite soma voltage";
            }
        }
        return null;
    }
}
