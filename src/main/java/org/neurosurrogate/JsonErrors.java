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
            JsonLocation l = j.getLocation();
            String line = l == null || l.getLineNr() < 1 ? "" : ":" + l.getLineNr();
            return new NeuroSurrogateException(file + line + ": not valid JSON: " + oneLine(j.getOriginalMessage()), e);
        }
        return new NeuroSurrogateException(file + ": cannot read: " + oneLine(e.getMessage()), e);
    }

    /** Newlines folded, so a message stays one line. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
