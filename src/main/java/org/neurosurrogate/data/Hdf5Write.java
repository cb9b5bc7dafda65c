package org.neurosurrogate.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.neurosurrogate.NeuroSurrogateException;

/** An HDF5 file written under a temporary name beside its target and renamed into place; a failure leaves none. */
final class Hdf5Write {
    private Hdf5Write() {
    }

    /** Writes {@code contents} into a new file at {@code target}; an error names the file. */
    static void atomically(Path target, Consumer<WritableHdfFile> contents) {
        Path tmp = AtomicFile.temporaryFor(target);
        try {
            try (WritableHdfFile out = HdfFile.write(tmp)) {
                contents.accept(out);
            }
            AtomicFile.commit(tmp, target);
        } catch (RuntimeException e) {
            AtomicFile.discard(tmp);
            if (e instanceof NeuroSurrogateException) {
                throw e;
            }
            throw new NeuroSurrogateException("cannot write " + target + ": " + AtomicFile.rootMessage(e), e);
        }
    }
}
