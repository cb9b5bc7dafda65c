package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainHelpTest {
    /** --help must print the options even when the command has required ones (it used to fail on them). */
    @ParameterizedTest
    @ValueSource(strings = {"simulate", "generate", "train", "evaluate", "compare", "info", "demo"})
    void helpPrintsOptionsWithoutRequiredOnes(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {command, "--help"}, new PrintStream(out), new PrintStream(err));
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("usage: neurosurrogate " + command), out.toString());
    }
}
