package org.neurosurrogate.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.neurosurrogate.NeuroSurrogateException;

/** Writing a file under a temporary name in its final folder, then renaming it into place. */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Fails early, before any work, when the file could not be written. */
    public static void checkWritable(Path target, String flag) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NeuroSurrogateException(flag + " " + target + ": folder " + parent
                    + " does not exist (create it first)");
        }
        if (!Files.isWritable(parent)) {
            throw new NeuroSurrogateException(flag + " " + target + ": folder " + parent + " is not writable");
        }
        if (Files.isDirectory(target)) {
            throw new NeuroSurrogateException(flag + " " + target + ": is a folder, expected a file name");
        }
    }

    /** What writes one file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} under a temporary name beside it, then renames it into place; a failure leaves none. */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = temporaryFor(target);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
        } catch (IOException | RuntimeException e) {
            discard(tmp);
            throw e;
        }
        commit(tmp, target);
    }

    /**
     * Deletes the temporaries killed writers left in {@code dir} and the folders below it (names from {@link
     * #temporaryFor}). Call only while holding the lock of the folder's run: a live writer's temporary would go too.
     */
    public static void removeTemporariesBelow(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().contains(".tmp-") && Files.isRegularFile(f))
                    .toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A fresh temporary path beside {@code target} (same file system, so the rename is atomic). */
    public static Path temporaryFor(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
    }

    /** Renames {@code temporary} to {@code target}, replacing it. */
    public static void commit(Path temporary, Path target) {
        try {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            discard(temporary);
            throw new NeuroSurrogateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // best effort; the temporary name never shadows a real output
        }
    }

    /** Refuses to start a write that cannot fit: a clear "disk full" instead of a failure half way. */
    public static void checkSpace(Path target, long bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytes) {
                throw new NeuroSurrogateException(String.format("disk full: %s has %.1f MB free, %s needs about %.1f MB"
                        + " (free space, then run again)", dir, free / 1e6, target.getFileName(), bytes / 1e6));
            }
        } catch (IOException e) {
            // unknown free space: let the write itself report any failure
        }
    }

    /**
     * Whether {@code message} says the disk is full: {@link #checkSpace}'s "disk full", or the OS's no space, quota or
     * file-size limit. Such a failure is the machine's, and every further write would meet it too.
     */
    public static boolean isDiskFull(String message) {
        return message != null && (message.contains("disk full") || message.contains("No space left on device")
                || message.contains("Disk quota exceeded") || message.contains("File too large"));
    }

    /** The innermost cause's message alone (jHDF wraps I/O errors in "Exception writing ..."). */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
