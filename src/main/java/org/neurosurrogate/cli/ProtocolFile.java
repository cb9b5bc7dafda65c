package org.neurosurrogate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.neuron.InputProtocol;

/** Reads an input-protocol JSON file: the published defaults with the file's keys overriding them. */
final class ProtocolFile {
    private ProtocolFile() {
    }

    @SuppressWarnings("unchecked")
    static InputProtocol read(Path file) {
        Map<String, Object> values;
        try {
            values = new ObjectMapper().readValue(file.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new NeuroSurrogateException("--protocol " + org.neurosurrogate.JsonErrors.of(file, e).getMessage());
        }
        try {
            return InputProtocol.fromMap(values);
        } catch (NeuroSurrogateException e) {
            throw new NeuroSurrogateException("--protocol " + file + ": " + e.getMessage());
        }
    }
}
