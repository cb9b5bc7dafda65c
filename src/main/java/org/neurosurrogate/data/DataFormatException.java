package org.neurosurrogate.data;

import java.nio.file.Path;
import org.neurosurrogate.NeuroSurrogateException;

/** A data file that is corrupt, truncated, of another format or version, or of another model. */
public class DataFormatException extends NeuroSurrogateException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
