package org.neurosurrogate.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.FileTrees;

/** Whole-dataset operations: verify shards against the manifest, merge the parts of array jobs. */
public final class DatasetTools {
    private DatasetTools() {
    }

    /** Checks every shard against the manifest; prints one line per problem; returns the number of problems. */
    public static int verify(Path dir, PrintStream out) throws IOException {
        DatasetManifest m = DatasetManifest.read(dir);
        int problems = 0;
        int checked = 0;
        for (int s : m.ownShards()) {
            DatasetManifest.Shard rec = m.shard(s);
            Path file = dir.resolve(ShardFile.fileName(s));
            if (rec == null) {
                out.printf("MISSING  %s: not generated yet (run generate again to finish)%n", file.getFileName());
                problems++;
                continue;
            }
            if (rec.file() == null) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                out.printf("MISSING  %s: recorded in the manifest but absent%n", file.getFileName());
                problems++;
                continue;
            }
            String sha = FileTrees.sha256(file);
            if (!sha.equals(rec.sha256())) {
                out.printf("CORRUPT  %s: checksum %s, manifest %s%n", file.getFileName(), sha.substring(0, 12),
                        rec.sha256().substring(0, 12));
                problems++;
                continue;
            }
            try {
                ShardFile.checkHeader(file, m.modelHash);
            } catch (DataFormatException e) {
                out.printf("CORRUPT  %s%n", e.getMessage());
                problems++;
                continue;
            }
            checked++;
        }
        out.printf("%s: %d shards verified, %d problem%s%n", dir, checked, problems, problems == 1 ? "" : "s");
        return problems;
    }

    /** Joins the parts made with {@code generate --shard i/n} into one dataset folder. */
    public static DatasetManifest merge(Path outDir, List<Path> parts, PrintStream out) throws IOException {
        if (parts.isEmpty()) {
            throw new NeuroSurrogateException("dataset merge needs the part folders to join");
        }
        if (Files.exists(outDir) && (!Files.isDirectory(outDir) || Files.list(outDir).findAny().isPresent())) {
            throw new NeuroSurrogateException(outDir + " exists and is not empty: merge into a new folder");
        }
        DatasetManifest first = DatasetManifest.read(parts.get(0));
        TreeMap<Integer, Path> shardSource = new TreeMap<>();
        List<Integer> rejected = new ArrayList<>();
        List<DatasetManifest.Shard> shards = new ArrayList<>();
        for (Path part : parts) {
            DatasetManifest m = DatasetManifest.read(part);
            String diff = first.differenceFrom(m);
            if (diff != null) {
                throw new NeuroSurrogateException(part + " was made with a different " + diff + " than " + parts.get(0));
            }
            for (DatasetManifest.Shard s : m.shards) {
                if (shardSource.put(s.index(), part) != null) {
                    throw new NeuroSurrogateException("shard " + s.index() + " appears in more than one part ("
                            + part + ")");
                }
                shards.add(s);
            }
            rejected.addAll(m.rejected);
        }
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < first.shardCount(); s++) {
            if (!shardSource.containsKey(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            throw new NeuroSurrogateException("the parts lack shards " + missing + ": finish or add the missing parts");
        }
        Files.createDirectories(outDir);
        for (DatasetManifest.Shard s : shards) {
            if (s.file() == null) {
                continue;
            }
            Path from = shardSource.get(s.index()).resolve(s.file());
            Path to = outDir.resolve(s.file());
            try {
                Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        DatasetManifest merged = DatasetManifest.read(parts.get(0));
        merged.part = null;
        merged.shards = shards;
        merged.rejected = rejected;
        merged.split = DatasetManifest.split(merged.simulations, merged.seed).without(rejected);
        merged.write(outDir);
        out.printf("merged %d parts into %s: %d shards%n", parts.size(), outDir, shards.size());
        return merged;
    }
}
