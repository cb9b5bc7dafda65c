package org.neurosurrogate.data.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.LoadedSimulation;
import org.neurosurrogate.data.ShardFile;
import org.neurosurrogate.data.ShardReader;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * Simulations on the fly: worker processes keep simulating with fresh seeds (simulation i of the stream
 * uses the seed derived from the stream seed and i) and each finished simulation enters a bounded
 * in-memory buffer, the oldest leaving when it is full. With {@code keepShards} every simulation also stays
 * on disk as a one-simulation shard of the spool folder, which is then a dataset of its own, so nothing
 * simulated is wasted. {@link #snapshot()} gives an immutable {@link WindowSource} of the buffer for the
 * balanced sampler.
 */
public final class LiveSource implements AutoCloseable {
    /** Settings of a stream. */
    public record Settings(ModelSpec spec, InputProtocol protocol, int durationMs, long seed, int workers,
                           int capacity, Path spoolDir, boolean keepShards) {
    }

    private final Settings settings;
    private final PythonEnvironment env;
    private final PrintStream log;
    private final DatasetManifest manifest;
    private final ArrayDeque<LoadedSimulation> buffer = new ArrayDeque<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerProcess> workers = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile String failure;

    private LiveSource(Settings settings, PythonEnvironment env, PrintStream log, DatasetManifest manifest) {
        this.settings = settings;
        this.env = env;
        this.log = log;
        this.manifest = manifest;
    }

    public static LiveSource start(PythonEnvironment env, Settings s, PrintStream log) throws IOException {
        Files.createDirectories(s.spoolDir());
        DatasetManifest m = new DatasetGenerator(env, log).planStream(s.spec(), s.protocol(), s.durationMs(), s.seed());
        m.write(s.spoolDir());
        LiveSource source = new LiveSource(s, env, log, m);
        for (int w = 0; w < s.workers(); w++) {
            int id = w;
            Thread t = new Thread(() -> source.workerLoop(id), "live-worker-" + w);
            t.setDaemon(true);
            t.start();
            source.threads.add(t);
        }
        return source;
    }

    private void workerLoop(int id) {
        int failures = 0;
        while (!stopping.get()) {
            int index = next.getAndIncrement();
            try {
                WorkerProcess worker = WorkerProcess.start(env, settings.spoolDir(), id);
                workers.add(worker);
                try {
                    while (!stopping.get()) {
                        worker.send("shard " + index);
                        String[] msg;
                        do {
                            msg = worker.next();
                        } while (!msg[0].equals("done"));
                        accept(index);
                        failures = 0;
                        index = next.getAndIncrement();
                    }
                } finally {
                    workers.remove(worker);
                    worker.quit();
                }
            } catch (WorkerProcess.WorkerDied | IOException | RuntimeException e) {
                if (stopping.get()) {
                    return;
                }
                if (++failures >= 2) {
                    failure = "live worker " + id + " failed twice: " + e.getMessage();
                    log.println(failure);
                    return;
                }
                log.printf("live worker %d died on simulation %d (%s); restarting it%n", id, index, e.getMessage());
            }
        }
    }

    private void accept(int index) throws IOException {
        Path file = settings.spoolDir().resolve(ShardFile.fileName(index));
        if (!Files.exists(file)) {
            return; // rejected (non-finite voltages); the worker logged why
        }
        LoadedSimulation sim;
        try (ShardReader r = ShardReader.open(file, manifest.modelHash)) {
            sim = r.load(0);
        }
        if (settings.keepShards()) {
            ShardFile.Summary s = ShardFile.summary(file, manifest.modelHash);
            synchronized (manifest) {
                manifest.shards.add(new DatasetManifest.Shard(index, file.getFileName().toString(),
                        List.of(index), List.of(s.somaticSpikes()[0]), List.of(s.inputSpikes()[0]),
                        FileTrees.sha256(file), Files.size(file)));
            }
        } else {
            Files.deleteIfExists(file);
        }
        synchronized (buffer) {
            buffer.addLast(sim);
            while (buffer.size() > settings.capacity()) {
                buffer.removeFirst();
            }
            buffer.notifyAll();
        }
        produced.incrementAndGet();
    }

    /** Simulations finished so far. */
    public int produced() {
        return produced.get();
    }

    /** Blocks until at least {@code n} simulations are buffered; fails if the workers have failed. */
    public void awaitBuffered(int n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (buffer) {
            while (buffer.size() < Math.min(n, settings.capacity())) {
                if (failure != null) {
                    throw new org.neurosurrogate.NeuroSurrogateException(failure);
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new org.neurosurrogate.NeuroSurrogateException("no live simulation within " + timeoutMs
                            + " ms (see " + settings.spoolDir().resolve("logs") + ")");
                }
                buffer.wait(Math.min(left, 1000));
            }
        }
    }

    /** An immutable view of the buffer now. */
    public WindowSource snapshot() {
        synchronized (buffer) {
            return new Snapshot(new ArrayList<>(buffer), settings.durationMs());
        }
    }

    @Override
    public void close() {
        stopping.set(true);
        synchronized (workers) {
            for (WorkerProcess w : new ArrayList<>(workers)) {
                w.destroy();
            }
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (settings.keepShards()) {
            synchronized (manifest) {
                manifest.endStream();
                manifest.write(settings.spoolDir());
            }
        }
    }

    /** Buffered simulations by index. */
    private static final class Snapshot implements WindowSource {
        private final Map<Integer, LoadedSimulation> sims = new LinkedHashMap<>();
        private final int durationMs;
        private final int segments;

        Snapshot(List<LoadedSimulation> list, int durationMs) {
            list.stream().sorted((a, b) -> Integer.compare(a.simulation(), b.simulation()))
                    .forEach(s -> sims.put(s.simulation(), s));
            this.durationMs = durationMs;
            this.segments = list.isEmpty() ? 0 : list.get(0).segments();
        }

        @Override
        public int[] simulations() {
            return sims.keySet().stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public boolean contains(int simulation) {
            return sims.containsKey(simulation);
        }

        @Override
        public int durationMs() {
            return durationMs;
        }

        @Override
        public int segments() {
            return segments;
        }

        @Override
        public double[] spikeTimesMs(int simulation) {
            return Arrays.copyOf(sims.get(simulation).spikeTimesMs(), sims.get(simulation).spikeTimesMs().length);
        }

        @Override
        public Window readWindow(int simulation, int startMs, int lengthMs) {
            return sims.get(simulation).window(startMs, lengthMs);
        }
    }
}
