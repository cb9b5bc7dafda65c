package org.neurosurrogate.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * Windows of any simulation of a dataset, addressed by global simulation index, read from its shards on
 * demand (see {@link ShardReader}).
 *
 * <p>A shard that cannot be used (corrupt, truncated, another model, another duration or segment count
 * than the first good shard, or repeating simulations of an earlier shard) is skipped at open with one
 * warning line naming the file; its simulations are simply absent from {@link #simulations()}. A shard that
 * fails later, while reading (damaged chunk data), is warned about once and dropped the same way; the read
 * that found it throws a {@link DataFormatException}, which {@link BalancedWindowSampler} catches and draws
 * again, so training goes on with the remaining shards.
 */
public final class DatasetReader implements WindowSource, AutoCloseable {
    private final List<ShardReader> shards;
    private final Map<Integer, ShardReader> shardOf;
    private final Map<Integer, Integer> positionOf;
    private final Map<Path, String> skipped;
    private final Set<ShardReader> failed = ConcurrentHashMap.newKeySet();
    private final Consumer<String> warnings;
    private final int durationMs;
    private final SegmentTable segmentTable;

    private DatasetReader(List<ShardReader> shards, Map<Path, String> skipped, Consumer<String> warnings) {
        this.shards = List.copyOf(shards);
        this.skipped = Collections.unmodifiableMap(skipped);
        this.warnings = warnings;
        Map<Integer, ShardReader> owner = new HashMap<>();
        Map<Integer, Integer> position = new HashMap<>();
        for (ShardReader r : shards) {
            for (int k = 0; k < r.count(); k++) {
                owner.put(r.simulationIndex(k), r);
                position.put(r.simulationIndex(k), k);
            }
        }
        this.shardOf = owner;
        this.positionOf = position;
        this.durationMs = shards.isEmpty() ? 0 : shards.get(0).durationMs();
        this.segmentTable = shards.isEmpty() ? null : shards.get(0).segmentTable();
    }

    /** Opens the shards of any one model, warning on standard error about each one skipped. */
    public static DatasetReader open(List<Path> shardFiles) {
        return open(shardFiles, null, System.err::println);
    }

    /**
     * Opens the given shards.
     *
     * @param modelHash required model hash of every shard, or null to take the first good shard's
     * @param warnings receives one line per skipped shard
     * @throws NeuroSurrogateException if no shard at all is usable
     */
    public static DatasetReader open(List<Path> shardFiles, String modelHash, Consumer<String> warnings) {
        List<ShardReader> good = new ArrayList<>();
        Map<Path, String> skipped = new LinkedHashMap<>();
        Map<Integer, Path> seen = new HashMap<>();
        for (Path file : shardFiles) {
            String problem;
            try {
                ShardReader r = ShardReader.open(file, modelHash);
                problem = mismatch(r, good.isEmpty() ? null : good.get(0), seen);
                if (problem == null) {
                    good.add(r);
                    modelHash = r.modelHash();
                    for (int sim : r.simulationIndices()) {
                        seen.put(sim, file);
                    }
                    continue;
                }
                r.close();
            } catch (DataFormatException e) {
                problem = problemOf(e);
            }
            skipped.put(file, problem);
            warnings.accept("warning: skipping shard " + file + ": " + problem);
        }
        if (good.isEmpty()) {
            throw new NeuroSurrogateException("no readable shard among " + shardFiles.size() + " files"
                    + (shardFiles.isEmpty() ? "" : " (first: " + shardFiles.get(0) + ")"));
        }
        return new DatasetReader(good, skipped, warnings);
    }

    /** Opens every {@code shard-*.h5} in {@code folder} whose checksum is its manifest's, in name order. */
    public static DatasetReader openFolder(Path folder) {
        return openFolder(folder, System.err::println);
    }

    /** As {@link #openFolder(Path)}, each skipped shard named to {@code warnings}. */
    public static DatasetReader openFolder(Path folder, Consumer<String> warnings) {
        return open(checkedShardsIn(folder, warnings), null, warnings);
    }

    /**
     * {@link #shardsIn}, less the shards whose size or SHA-256 is not what the folder's manifest recorded when they
     * were written (a bit flipped on disk or a file replaced), each named in one warning. Damage that still parses
     * as HDF5 would otherwise be read as data. Shards the manifest does not list are kept (the reader checks them).
     */
    public static List<Path> checkedShardsIn(Path folder, Consumer<String> warnings) {
        List<Path> files = shardsIn(folder);
        if (!DatasetManifest.exists(folder)) {
            return files;
        }
        Map<String, DatasetManifest.Shard> recorded = new HashMap<>();
        for (DatasetManifest.Shard sh : DatasetManifest.read(folder).shards) {
            if (sh.file() != null && sh.sha256() != null) {
                recorded.put(sh.file(), sh);
            }
        }
        List<Path> good = new ArrayList<>();
        for (Path f : files) {
            DatasetManifest.Shard sh = recorded.get(f.getFileName().toString());
            String problem = null;
            try {
                if (sh != null && !sh.matches(f)) {
                    problem = "damaged: its size or SHA-256 is not what " + DatasetManifest.FILE_NAME + " recorded "
                            + "(run generate again with the same --out to remake it)";
                }
            } catch (IOException e) {
                problem = "unreadable (" + e.getMessage() + ")";
            }
            if (problem == null) {
                good.add(f);
            } else {
                warnings.accept("warning: skipping shard " + f + ": " + problem);
            }
        }
        return good;
    }

    /** The {@code shard-*.h5} files of a dataset folder, in name order. */
    public static List<Path> shardsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("shard-\\d+\\.h5")).sorted().toList();
        } catch (IOException e) {
            throw new NeuroSurrogateException("cannot list dataset folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String mismatch(ShardReader r, ShardReader first, Map<Integer, Path> seen) {
        if (first != null && (r.durationMs() != first.durationMs() || r.segments() != first.segments())) {
            return r.durationMs() + " ms × " + r.segments() + " segments, but " + first.file() + " has "
                    + first.durationMs() + " ms × " + first.segments();
        }
        for (int sim : r.simulationIndices()) {
            if (seen.containsKey(sim)) {
                return "simulation " + sim + " is already in " + seen.get(sim);
            }
        }
        return null;
    }

    /** Global indices of the readable simulations, ascending. */
    @Override
    public int[] simulations() {
        return shardOf.entrySet().stream().filter(e -> !failed.contains(e.getValue()))
                .mapToInt(Map.Entry::getKey).sorted().toArray();
    }

    @Override
    public boolean contains(int simulation) {
        ShardReader r = shardOf.get(simulation);
        return r != null && !failed.contains(r);
    }

    /** Shards skipped at open, with the reason. */
    public Map<Path, String> skipped() {
        return skipped;
    }

    @Override
    public int durationMs() {
        return durationMs;
    }

    @Override
    public int segments() {
        return segmentTable.size();
    }

    public int inputChannels() {
        return segmentTable.inputChannels();
    }

    public SegmentTable segmentTable() {
        return segmentTable;
    }

    public String modelHash() {
        return shards.get(0).modelHash();
    }

    @Override
    public double[] spikeTimesMs(int simulation) {
        return shard(simulation).spikeTimesMs(positionOf.get(simulation));
    }

    public SpikeTrains inputs(int simulation) {
        return guarded(simulation, r -> r.inputs(positionOf.get(simulation)));
    }

    /** Window {@code [startMs, startMs + lengthMs)} of a simulation; see {@link Window} for the layout. */
    @Override
    public Window readWindow(int simulation, int startMs, int lengthMs) {
        return guarded(simulation, r -> r.readWindow(positionOf.get(simulation), startMs, lengthMs));
    }

    /** A whole simulation in memory (inputs kept sparse). */
    public LoadedSimulation load(int simulation) {
        return guarded(simulation, r -> r.load(positionOf.get(simulation)));
    }

    /** Targets only, [S + 2, L] as in {@link Window}. */
    @Override
    public float[] readTargets(int simulation, int startMs, int lengthMs) {
        return guarded(simulation, r -> r.readTargets(positionOf.get(simulation), startMs, lengthMs));
    }

    private <T> T guarded(int simulation, Function<ShardReader, T> read) {
        ShardReader r = shard(simulation);
        try {
            return read.apply(r);
        } catch (DataFormatException e) {
            if (failed.add(r)) {
                warnings.accept("warning: dropping shard " + r.file() + ": " + problemOf(e)
                        + "; its simulations are no longer read");
            }
            throw e;
        }
    }

    /** The message without the leading file name, which the warning line states itself. */
    private static String problemOf(DataFormatException e) {
        String prefix = e.file() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    private ShardReader shard(int simulation) {
        ShardReader r = shardOf.get(simulation);
        if (r == null) {
            throw new IllegalArgumentException("simulation " + simulation + " is not in any readable shard");
        }
        if (failed.contains(r)) {
            throw new DataFormatException(r.file(), "dropped after an earlier read failed");
        }
        return r;
    }

    @Override
    public void close() {
        for (ShardReader r : shards) {
            r.close();
        }
    }
}
