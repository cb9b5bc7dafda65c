package org.neurosurrogate.neuron;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * A content hash of everything that defines a cell model: model.json, the hoc files, the mod files
 * (the model's and the synapses'), and files passed as template arguments (a morphology, say). Two
 * datasets or surrogates of the same hash were made from the same model.
 */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    public static String of(ModelSpec spec, List<Path> extraModDirs) {
        List<Path> files = new ArrayList<>();
        files.add(spec.folder().resolve(ModelSpec.FILE_NAME));
        files.addAll(spec.hocFiles());
        for (Object arg : spec.templateArgs()) {
            if (arg instanceof String s && Files.isRegularFile(Path.of(s))) {
                files.add(Path.of(s));
            }
        }
        List<Path> modDirs = new ArrayList<>(spec.modSources());
        modDirs.addAll(extraModDirs);
        for (Path dir : modDirs) {
            if (Files.isRegularFile(dir)) { // one selected file (mod_files): the ones left out do not count
                files.add(dir);
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".mod")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new NeuroSurrogateException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new NeuroSurrogateException("cannot read model file: " + e.getMessage(), e);
        }
    }
}
