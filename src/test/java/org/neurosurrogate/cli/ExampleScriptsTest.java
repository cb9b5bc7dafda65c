package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.TestSupport;

/**
 * The Slurm scripts in examples/slurm, the scripts in examples/ and the recipes in surrogates/ are valid bash, and every flag they pass is
 * one the command takes.
 */
class ExampleScriptsTest {

    @Test
    void scriptsParseAndUseOnlyRealFlags() throws Exception {
        List<Path> scripts = new java.util.ArrayList<>(TestSupport.filesIn("examples/slurm", ".sbatch"));
        scripts.addAll(TestSupport.filesIn("surrogates", ".sh"));
        scripts.addAll(TestSupport.filesIn("examples", ".sh"));
        assertTrue(scripts.size() >= 3, "scripts: " + scripts);
        int checked = 0;
        for (Path s : scripts) {
            TestSupport.Result syntax = TestSupport.exec(List.of("bash", "-n", s.toString()), java.util.Map.of(), 30);
            assertEquals(0, syntax.status(), s + ": " + syntax.stderr());
            String text = Files.readString(s).replace("\\\n", " ");
            Matcher m = Pattern.compile("\\./neurosurrogate (generate|hybrid|train|evaluate) ([^\\n]*)").matcher(text);
            while (m.find()) {
                String help = help(m.group(1));
                Matcher flag = Pattern.compile("(--[a-z-]+)").matcher(m.group(2));
                while (flag.find()) {
                    assertTrue(help.contains(flag.group(1)), s.getFileName() + ": " + m.group(1) + " has no "
                            + flag.group(1));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 30, "checked only " + checked + " flags");
    }

    private static String help(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {command, "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status);
        return out.toString(StandardCharsets.UTF_8);
    }
}
