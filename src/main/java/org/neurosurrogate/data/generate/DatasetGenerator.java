package org.neurosurrogate.data.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.Progress;
import org.neurosurrogate.RunLock;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.DataFormatException;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.ShardFile;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelFingerprint;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.MechanismCompiler;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * Generates a dataset folder: shards of whole simulations made by W worker processes, a manifest updated
 * after every finished shard, a lock against concurrent runs, and resumption that keeps every finished
 * shard. A worker that dies has its shard retried once in a fresh process; then the shard is reported
 * failed and the others go on.
 */
public final class DatasetGenerator {
    /** What to generate. */
    public record Request(ModelSpec spec, InputProtocol protocol, int simulations, int durationMs, int shardSize,
                          long seed, int workers, DatasetManifest.Part part) {
    }

    /** What a run did; {@code diskFull} is the message that stopped it early, or null. */
    public record Outcome(int shardsDone, int shardsSkipped, List<Integer> failedShards, int simulationsDone,
                          double wallSeconds, double simulatedSeconds, String diskFull) {
    }

    /** Set by the first worker that meets a full disk: no further shard is started (each would fail alike). */
    private volatile String diskFull;

    private final PythonEnvironment env;
    private final PrintStream out;

    public DatasetGenerator(PythonEnvironment env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    /** The manifest that {@code request} would produce (before any shard). */
    public DatasetManifest plan(Request r) {
        DatasetManifest m = new DatasetManifest();
        m.modelName = r.spec().name();
        m.modelFolder = r.spec().folder().toString();
        m.modelHash = ModelFingerprint.of(r.spec(), List.of(CellSimulator.synapseModDir(env)));
        m.neuronVersion = new MechanismCompiler(env, MechanismCompiler.defaultCacheRoot()).neuronVersion();
        m.protocol = r.protocol().toMap();
        m.seed = r.seed();
        m.simulations = r.simulations();
        m.durationMs = r.durationMs();
        m.shardSize = r.shardSize();
        m.dtMs = r.spec().dt();
        m.celsius = r.spec().celsius();
        m.vInitMv = r.spec().vInit();
        m.part = r.part();
        m.split = DatasetManifest.split(r.simulations(), r.seed());
        return m;
    }

    /** A manifest for an open-ended stream of simulations (no split; one simulation per shard). */
    DatasetManifest planStream(ModelSpec spec, InputProtocol protocol, int durationMs, long seed) {
        Request r = new Request(spec, protocol, 1, durationMs, 1, seed, 1, null);
        DatasetManifest m = plan(r);
        m.simulations = Integer.MAX_VALUE;
        m.split = new DatasetManifest.Split(List.of(), List.of(), List.of());
        return m;
    }

    public Outcome generate(Request request, Path dir) throws IOException, InterruptedException {
        if (!DatasetManifest.exists(dir)) {
            ModelCheck.run(env, request.spec()); // a model error: one line, nothing on disk, no worker started
        }
        Files.createDirectories(dir);
        Outcome outcome;
        try (RunLock lock = RunLock.acquire(dir.resolve(".lock"), dir + " (a dataset being generated)", "--out")) {
            DatasetManifest wanted = plan(request);
            DatasetManifest manifest = wanted;
            if (DatasetManifest.exists(dir)) {
                manifest = DatasetManifest.read(dir);
                String diff = manifest.differenceFrom(wanted);
                if (diff != null) {
                    throw new NeuroSurrogateException(dir + " already holds a dataset with a different " + diff
                            + ": choose another --out, or delete it to start over");
                }
                if (!String.valueOf(manifest.part).equals(String.valueOf(wanted.part))) {
                    throw new NeuroSurrogateException(dir + " holds part " + manifest.part + ", not " + wanted.part);
                }
            }
            AtomicFile.removeTemporariesBelow(dir);
            List<Integer> todo = reconcile(manifest, dir);
            manifest.write(dir);
            int skipped = manifest.ownShards().size() - todo.size();
            if (todo.isEmpty()) {
                out.printf("%s: all %d shards already finished%n", dir, skipped);
                outcome = new Outcome(0, skipped, List.of(), 0, 0, 0, null);
            } else {
                if (skipped > 0) {
                    out.printf("%s: resuming, %d shards finished, %d to go%n", dir, skipped, todo.size());
                }
                outcome = runWorkers(manifest, dir, todo, request.workers(), skipped);
            }
            if (!outcome.failedShards().isEmpty()) {
                lock.keepFile(); // a finished dataset holds no lock file; an unfinished one shows it is unfinished
            }
        }
        return outcome;
    }

    /**
     * Shards of this folder still to make. A recorded shard whose file is missing or altered is redone; a
     * finished shard file that the manifest does not know yet (killed between rename and manifest update)
     * is adopted after its header checks out.
     */
    private List<Integer> reconcile(DatasetManifest m, Path dir) throws IOException {
        List<Integer> todo = new ArrayList<>();
        for (int s : m.ownShards()) {
            DatasetManifest.Shard rec = m.shard(s);
            Path file = dir.resolve(ShardFile.fileName(s));
            if (rec != null && rec.file() == null) {
                continue; // every simulation of it was rejected
            }
            if (rec != null && rec.matches(file)) {
                continue;
            }
            if (rec != null) {
                m.shards.remove(rec);
                if (Files.isRegularFile(file)) { // damaged on disk or replaced: remade, never re-adopted
                    out.println("warning: " + file + " is not the shard " + DatasetManifest.FILE_NAME
                            + " recorded (size or SHA-256); making it again");
                    Files.delete(file);
                }
                todo.add(s);
                continue;
            }
            if (Files.isRegularFile(file)) {
                try {
                    m.shards.add(record(s, file, ShardFile.summary(file, m.modelHash)));
                    continue;
                } catch (DataFormatException e) {
                    out.println("warning: " + e.getMessage() + "; making it again");
                    Files.delete(file);
                }
            }
            todo.add(s);
        }
        return todo;
    }

    private static DatasetManifest.Shard record(int index, Path file, ShardFile.Summary s) throws IOException {
        return new DatasetManifest.Shard(index, file.getFileName().toString(),
                Arrays.stream(s.simulations()).boxed().toList(), Arrays.stream(s.somaticSpikes()).boxed().toList(),
                Arrays.stream(s.inputSpikes()).boxed().toList(), FileTrees.sha256(file), Files.size(file));
    }


    private Outcome runWorkers(DatasetManifest manifest, Path dir, List<Integer> todo, int workers, int skipped)
            throws InterruptedException {
        diskFull = null;
        LinkedBlockingDeque<Integer> queue = new LinkedBlockingDeque<>(todo);
        Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
        List<Integer> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger simsDone = new AtomicInteger();
        AtomicInteger shardsDone = new AtomicInteger();
        double[] simulatedMs = new double[1];
        double[] workerWall = new double[1];
        long started = System.nanoTime();
        int totalSims = todo.stream().mapToInt(s -> manifest.simulationsOf(s).length).sum();
        int n = Math.max(1, Math.min(workers, todo.size()));
        if (n < workers) {
            out.printf("%d shard%s to make (%d simulations per shard): %d worker%s, not the %d asked for "
                    + "(--shard-size puts fewer simulations in each shard)%n", todo.size(), todo.size() == 1 ? "" : "s",
                    manifest.shardSize, n, n == 1 ? "" : "s", workers);
        }
        out.printf("generating %d simulations x %d ms of %s in %d shards with %d worker%s%n", totalSims,
                manifest.durationMs, manifest.modelName, todo.size(), n, n == 1 ? "" : "s");
        try (Progress progress = Progress.start("simulating", totalSims, "sims", out, 10)) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int id = w;
                Thread t = new Thread(() -> workerLoop(id, manifest, dir, queue, attempts, failed, progress, simsDone,
                        shardsDone, simulatedMs, workerWall, started), "generate-worker-" + w);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        return new Outcome(shardsDone.get(), skipped, List.copyOf(failed), simsDone.get(), wall, simulatedMs[0] / 1000,
                diskFull);
    }

    /** One worker process at a time for this slot; a crash restarts it and requeues the shard once. */
    private void workerLoop(int id, DatasetManifest manifest, Path dir, LinkedBlockingDeque<Integer> queue,
                            Map<Integer, Integer> attempts, List<Integer> failed, Progress progress,
                            AtomicInteger simsDone, AtomicInteger shardsDone, double[] simulatedMs, double[] workerWall,
                            long started) {
        WorkerProcess worker = null;
        try {
            Integer shard;
            while ((shard = queue.poll()) != null) {
                attempts.merge(shard, 1, Integer::sum);
                try {
                    if (worker == null) {
                        worker = WorkerProcess.start(env, dir, id);
                        synchronized (manifest) {
                            manifest.segments = worker.segments();
                            manifest.inputChannels = 2 * worker.segments();
                        }
                    }
                    List<Integer> sims = new ArrayList<>();
                    List<Integer> spikes = new ArrayList<>();
                    List<Long> inputs = new ArrayList<>();
                    List<Integer> rejected = new ArrayList<>();
                    worker.send("shard " + shard);
                    while (true) {
                        String[] msg = worker.next();
                        if (msg[0].equals("sim")) {
                            sims.add(Integer.parseInt(msg[1]));
                            if (attempts.get(shard) > 1) {
                                continue; // a retry: already counted in the progress
                            }
                            spikes.add(Integer.parseInt(msg[2]));
                            inputs.add(Long.parseLong(msg[3]));
                            double wall;
                            synchronized (simulatedMs) {
                                simulatedMs[0] += manifest.durationMs;
                                workerWall[0] += Double.parseDouble(msg[4]);
                                wall = (System.nanoTime() - started) / 1e9;
                            }
                            simsDone.incrementAndGet();
                            progress.step(1, String.format("%.3f sim-s/wall-s (%.3f per worker)",
                                    simulatedMs[0] / 1000 / wall, simulatedMs[0] / 1000 / workerWall[0]));
                        } else if (msg[0].equals("rejected")) {
                            rejected.add(Integer.parseInt(msg[1]));
                            out.println("rejected simulation " + msg[1] + ": " + String.join(" ",
                                    Arrays.copyOfRange(msg, 2, msg.length)));
                            if (attempts.get(shard) == 1) {
                                progress.step(1, "");
                            }
                        } else if (msg[0].equals("done")) {
                            break;
                        }
                    }
                    finishShard(manifest, dir, shard, sims, spikes, inputs, rejected);
                    shardsDone.incrementAndGet();
                } catch (WorkerProcess.WorkerDied e) {
                    worker = null;
                    if (AtomicFile.isDiskFull(e.getMessage())) {
                        stopForFullDisk(shard, e.getMessage(), queue, failed);
                    } else if (attempts.get(shard) < 2) {
                        out.printf("worker %d died on shard %d (%s); retrying it once%n", id, shard, e.getMessage());
                        queue.addFirst(shard);
                    } else {
                        out.printf("shard %d failed twice (%s); giving up on it, the others go on%n", shard,
                                e.getMessage());
                        failed.add(shard);
                    }
                } catch (IOException | NeuroSurrogateException e) {
                    // e.g. a full disk while recording the shard: report it; finished shards stay intact
                    if (AtomicFile.isDiskFull(e.getMessage())) {
                        stopForFullDisk(shard, e.getMessage(), queue, failed);
                    } else {
                        out.printf("shard %d: %s%n", shard, e.getMessage());
                        failed.add(shard);
                    }
                }
            }
        } finally {
            if (worker != null) {
                worker.quit();
            }
        }
    }

    private void stopForFullDisk(int shard, String message, LinkedBlockingDeque<Integer> queue, List<Integer> failed) {
        synchronized (failed) {
            failed.add(shard);
            if (diskFull == null) {
                diskFull = message.replaceFirst("^exit \\d+: ", "");
                out.printf("shard %d: %s; starting no further shard%n", shard, diskFull);
            }
        }
        queue.clear();
    }

    private void finishShard(DatasetManifest manifest, Path dir, int shard, List<Integer> sims, List<Integer> spikes,
                             List<Long> inputs, List<Integer> rejected) throws IOException {
        Path file = dir.resolve(ShardFile.fileName(shard));
        synchronized (manifest) {
            if (!rejected.isEmpty()) {
                manifest.rejected.addAll(rejected);
                manifest.split = manifest.split.without(rejected);
            }
            if (sims.isEmpty()) {
                manifest.shards.add(new DatasetManifest.Shard(shard, null, List.of(), List.of(), List.of(), null, 0));
            } else {
                manifest.shards.add(new DatasetManifest.Shard(shard, file.getFileName().toString(), sims, spikes,
                        inputs, FileTrees.sha256(file), Files.size(file)));
            }
            manifest.write(dir);
        }
    }
}
