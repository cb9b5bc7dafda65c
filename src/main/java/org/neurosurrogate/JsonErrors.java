package org.neurosurrogate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;

/** One-line messages for a JSON file that does not parse: the file, the line and Jackson's reason, no source dump. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** {@code FILE:LINE: not valid JSON: REASON} for a syntax error, else {@code FILE: cannot read: REASON}. */
    public static NeuroSurrogateException of(Path file, IOException e) {
        if (e instanceof JsonProcessingException j) {
            return new NeuroSurrogateException(file + line(j) + ": not valid JSON: " + oneLine(j.getOriginalMessage()),
                    e);
        }
        return new NeuroSurrogateException(file + ": cannot read: " + oneLine(e.getMessage()), e);
    }

    /** {@code :LINE} where Jackson knows the line, else empty: to follow a file name. */
    public static String line(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "" : ":" + l.getLineNr();
    }

    /** Newlines folded, so a message stays one line. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
