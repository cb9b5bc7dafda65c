package org.neurosurrogate;

/**
 * A problem the user can fix: bad input, a missing file, an invalid flag. Its message is one line that
 * names the file, field or flag and what would fix it; the CLI prints it without a stack trace and
 * exits with status 2. Bugs in NeuroSurrogate itself are any other exception.
 */
public class NeuroSurrogateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NeuroSurrogateException(String message) {
        super(message);
    }

    public NeuroSurrogateException(String message, Throwable cause) {
        super(message, cause);
    }
}
