package org.neurosurrogate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock that keeps two runs out of one output folder. It is an OS file lock ({@code flock} through
 * {@link FileChannel#tryLock}), so a run killed with -9 releases it with its process and a later run proceeds; the
 * lock file itself is removed when the holder finishes cleanly.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean keepFile;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock in {@code file} (its folder must exist), or throws a one-line error naming {@code what} is
     * locked and the flag to change.
     */
    public static RunLock acquire(Path file, String what, String flag) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new RunLock(file, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by this very process: as refused as another one
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        throw new NeuroSurrogateException(what + " is in use by another running process (lock " + file
                + "); wait for it or choose another " + flag);
    }

    /** Leaves the lock file in place on close (the folder's work is unfinished); the lock itself is released. */
    public void keepFile() {
        keepFile = true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!keepFile) {
                Files.deleteIfExists(file);
            }
            lock.release();
        } finally {
            channel.close();
        }
    }
}
