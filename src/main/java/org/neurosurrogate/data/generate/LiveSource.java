package org.neurosurrogate.data.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.LoadedSimulation;
import org.neurosurrogate.data.ShardFile;
import org.neurosurrogate.data.ShardReader;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * Simulations on the fly, as a deterministic stream: simulation i uses the seed derived from the stream seed and
 * i, and which simulations training step s may draw from is {@link StreamSchedule#members(int)}, a function of s
 * alone. Worker processes simulate the indices the schedule needs next (the current members not yet made, then a
 * few admissions ahead); {@link #forStep} waits until a step's members are all there.
 *
 * <p>The spool folder keeps every member's one-simulation shard, so a run that stops (or is killed) and starts
 * again reloads them instead of simulating them again; a shard no step will need any more is deleted, so the
 * spool holds at most buffer + reservoir + lookahead simulations. A simulation NEURON could not finish with
 * finite voltages is rejected for good (listed in {@code rejected.txt}: its seed gives the same failure again)
 * and left out of the members.
 */
public final class LiveSource implements AutoCloseable {
    /** Settings of a stream. */
    public record Settings(ModelSpec spec, InputProtocol protocol, int durationMs, long seed, int workers,
                           StreamSchedule schedule, Path spoolDir, Path prefix, int lookahead) {
        /**
         * A stream that simulates every simulation itself, one admission ahead per worker.
         */
        public Settings(ModelSpec spec, InputProtocol protocol, int durationMs, long seed, int workers,
                        StreamSchedule schedule, Path spoolDir) {
            this(spec, protocol, durationMs, seed, workers, schedule, spoolDir, null, workers);
        }
    }

    private static final String REJECTED = "rejected.txt";

    private final Settings settings;
    private final PythonEnvironment env;
    private final PrintStream log;
    private final DatasetManifest manifest;
    private final Map<Integer, LoadedSimulation> loaded = new HashMap<>();
    private final Set<Integer> inProgress = new HashSet<>();
    private final Set<Integer> rejected = new TreeSet<>();
    private final AtomicInteger simulated = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerProcess> workers = java.util.Collections.synchronizedList(new ArrayList<>());
    private DatasetReader prefix;
    private int step;
    private volatile String failure;

    private LiveSource(Settings settings, PythonEnvironment env, PrintStream log, DatasetManifest manifest) {
        this.settings = settings;
        this.env = env;
        this.log = log;
        this.manifest = manifest;
    }

    /** Starts the workers on the members of {@code firstStep} (0 in a fresh run, the checkpoint's on resume). */
    public static LiveSource start(PythonEnvironment env, Settings s, int firstStep, PrintStream log)
            throws IOException {
        Files.createDirectories(s.spoolDir());
        DatasetManifest m = new DatasetGenerator(env, log).planStream(s.spec(), s.protocol(), s.durationMs(), s.seed());
        m.write(s.spoolDir());
        LiveSource source = new LiveSource(s, env, log, m);
        source.step = firstStep;
        if (s.prefix() != null) {
            source.prefix = openPrefix(s.prefix(), m, log);
            source.rejected.addAll(DatasetManifest.read(s.prefix()).rejected);
        }
        Path rejectedFile = s.spoolDir().resolve(REJECTED);
        if (Files.exists(rejectedFile)) {
            for (String line : Files.readAllLines(rejectedFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    source.rejected.add(Integer.parseInt(line.strip()));
                }
            }
        }
        for (int w = 0; w < s.workers(); w++) {
            int id = w;
            Thread t = new Thread(() -> source.workerLoop(id), "live-worker-" + w);
            t.setDaemon(true);
            t.start();
            source.threads.add(t);
        }
        return source;
    }

    /**
     * A dataset {@code generate} made of the same model, protocol, seed, duration and numerics: simulation i in it is
     * simulation i of the stream (both derive its seed from the seed and i), so it is read instead of simulated.
     */
    private static DatasetReader openPrefix(Path dir, DatasetManifest stream, PrintStream log) {
        DatasetManifest data = DatasetManifest.read(dir);
        String difference = stream.simulationDifferenceFrom(data); // any number of simulations, in any shards
        if (difference != null) {
            throw new NeuroSurrogateException("--prefix-data " + dir + ": not the start of this stream: its "
                    + difference + "; give the --model, --protocol, --seed and --duration it was generated with");
        }
        DatasetReader reader = DatasetReader.openFolder(dir, log::println);
        log.printf("live: simulations %d..%d of the stream read from %s%n", 0, data.simulations - 1, dir);
        return reader;
    }

    /** Simulations this process has simulated (not those reloaded from the spool or read from the prefix). */
    public int simulated() {
        return simulated.get();
    }

    /** Simulations rejected so far (non-finite voltages), ascending. */
    public synchronized List<Integer> rejected() {
        return new ArrayList<>(rejected);
    }

    /**
     * The simulations step {@code step} draws from, once they are all simulated; null if {@code deadlineNanos}
     * (System.nanoTime) passes first. Moves the stream to {@code step}: shards no later step needs are deleted.
     */
    public WindowSource forStep(int step, long deadlineNanos) throws InterruptedException, IOException {
        int[] members;
        synchronized (this) {
            this.step = step;
            members = liveMembers(step);
            evictBefore();
            notifyAll(); // workers may now start the next admissions
        }
        Map<Integer, LoadedSimulation> sims = new LinkedHashMap<>();
        for (int m : members) {
            LoadedSimulation sim = await(m, deadlineNanos);
            if (sim == null) {
                return null;
            }
            if (sim.simulation() >= 0) { // not the placeholder of a member rejected meanwhile
                sims.put(m, sim);
            }
        }
        return new Snapshot(sims, settings.durationMs());
    }

    private int[] liveMembers(int step) {
        return Arrays.stream(settings.schedule().members(step)).filter(i -> !rejected.contains(i)).toArray();
    }

    private LoadedSimulation await(int index, long deadlineNanos) throws InterruptedException, IOException {
        synchronized (this) {
            while (true) {
                if (loaded.containsKey(index)) {
                    return loaded.get(index);
                }
                if (rejected.contains(index)) {
                    return placeholder();
                }
                if (prefix != null && prefix.contains(index)) {
                    LoadedSimulation sim = prefix.load(index);
                    loaded.put(index, sim);
                    return sim;
                }
                if (!inProgress.contains(index) && Files.exists(shard(index))) {
                    LoadedSimulation sim = readSpooled(index);
                    if (sim != null) {
                        loaded.put(index, sim);
                        return sim;
                    }
                    notifyAll(); // deleted as unreadable: a worker simulates it again
                }
                if (failure != null) {
                    throw new NeuroSurrogateException(failure);
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
            }
        }
    }

    /** Stands for a rejected member while waiting (it is then left out). */
    private LoadedSimulation placeholder() {
        return new LoadedSimulation(-1, 0, 0, new float[0], new double[0], null);
    }

    /** A spooled shard, or null (and the file deleted) if it cannot be read: it is simulated again. */
    private LoadedSimulation readSpooled(int index) {
        Path file = shard(index);
        try (ShardReader r = ShardReader.open(file, manifest.modelHash)) {
            return r.load(0);
        } catch (RuntimeException e) {
            log.printf("live: %s unreadable (%s); simulating it again%n", file.getFileName(), e.getMessage());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the worker's write replaces it
            }
            return null;
        }
    }

    /** Forgets and deletes every simulation no step from the current one on can draw ({@link #needed}). */
    private void evictBefore() throws IOException {
        loaded.keySet().removeIf(i -> !needed(i));
        try (var files = Files.list(settings.spoolDir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Integer i = ShardFile.indexOf(f.getFileName().toString());
                if (i != null && !needed(i) && !inProgress.contains(i)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The next index a worker should simulate: a missing member, else an admission within the lookahead. */
    private synchronized int claim() throws InterruptedException {
        while (!stopping.get()) {
            int admitted = settings.schedule().admitted(step);
            int[] members = liveMembers(step);
            int ahead = settings.lookahead(); // simulations made before the trainer needs them
            int[] candidates = new int[members.length + ahead];
            System.arraycopy(members, 0, candidates, 0, members.length);
            for (int k = 0; k < ahead; k++) {
                candidates[members.length + k] = admitted + k;
            }
            for (int i : candidates) {
                if (!loaded.containsKey(i) && !inProgress.contains(i) && !rejected.contains(i)
                        && !Files.exists(shard(i)) && (prefix == null || !prefix.contains(i))) {
                    inProgress.add(i);
                    return i;
                }
            }
            wait(1000);
        }
        return -1;
    }

    private void workerLoop(int id) {
        int failures = 0;
        while (!stopping.get()) {
            int index = -1;
            try {
                WorkerProcess worker = WorkerProcess.start(env, settings.spoolDir(), id);
                workers.add(worker);
                try {
                    while (!stopping.get()) {
                        index = claim();
                        if (index < 0) {
                            return;
                        }
                        worker.send("shard " + index);
                        String[] msg;
                        do {
                            msg = worker.next();
                        } while (!msg[0].equals("done"));
                        finished(index);
                        index = -1;
                        failures = 0;
                    }
                } finally {
                    workers.remove(worker);
                    worker.quit();
                }
            } catch (InterruptedException e) {
                return;
            } catch (WorkerProcess.WorkerDied | IOException | RuntimeException e) {
                release(index);
                if (stopping.get()) {
                    return;
                }
                if (++failures >= 2) {
                    failure = "live worker " + id + " failed twice: " + e.getMessage();
                    log.println(failure);
                    synchronized (this) {
                        notifyAll();
                    }
                    return;
                }
                log.printf("live worker %d died on simulation %d (%s); restarting it%n", id, index, e.getMessage());
            }
        }
    }

    private synchronized void release(int index) {
        if (index >= 0) {
            inProgress.remove(index);
        }
    }

    private void finished(int index) throws IOException {
        Path file = shard(index);
        synchronized (this) {
            inProgress.remove(index);
            if (!Files.exists(file)) { // rejected (non-finite voltages); the worker logged why
                rejected.add(index);
                StringBuilder sb = new StringBuilder();
                rejected.forEach(i -> sb.append(i).append('\n'));
                AtomicFile.write(settings.spoolDir().resolve(REJECTED),
                        out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
            }
            simulated.incrementAndGet();
            if (!needed(index)) { // the stream moved past it while it was made (a lookahead the trainer skipped)
                loaded.remove(index);
                Files.deleteIfExists(file);
            }
            notifyAll();
        }
    }

    /** Whether a step from the current one on can still draw simulation {@code index}. */
    private boolean needed(int index) {
        if (index >= settings.schedule().admitted(step)) {
            return true;
        }
        for (int m : settings.schedule().members(step)) {
            if (m == index) {
                return true;
            }
        }
        return false;
    }

    private Path shard(int index) {
        return settings.spoolDir().resolve(ShardFile.fileName(index));
    }

    @Override
    public void close() {
        stopping.set(true);
        synchronized (this) {
            notifyAll();
        }
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
        if (prefix != null) {
            prefix.close();
        }
    }

    /** One step's simulations by index. */
    private static final class Snapshot implements WindowSource {
        private final Map<Integer, LoadedSimulation> sims;
        private final int durationMs;
        private final int segments;

        Snapshot(Map<Integer, LoadedSimulation> sims, int durationMs) {
            this.sims = sims;
            this.durationMs = durationMs;
            this.segments = sims.isEmpty() ? 0 : sims.values().iterator().next().segments();
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
