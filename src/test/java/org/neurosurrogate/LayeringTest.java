package org.neurosurrogate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (cli → bench → train/eval/hybrid → model/data → neuron → root), and each foreign
 * library stays in its home package: jep only in neuron.jep, jHDF only in data.
 */
class LayeringTest {
    static final Path MAIN = TestSupport.home().resolve("src/main/java/org/neurosurrogate");

    private static List<String[]> imports() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import ")) {
                        out.add(new String[] {pkg, line.substring(7).replace("static ", "").replace(";", "").strip(),
                                f.getFileName().toString()});
                    }
                }
            }
        }
        return out;
    }

    @Test
    void foreignLibrariesStayInTheirHomePackages() throws IOException {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (String[] i : imports()) {
            checked++;
            if (i[1].startsWith("jep.") && !i[0].equals("neuron.jep")) {
                bad.add(i[2] + " imports " + i[1]);
            }
            if (i[1].startsWith("io.jhdf") && !i[0].equals("data")) {
                bad.add(i[2] + " imports " + i[1]);
            }
        }
        assertTrue(checked > 100, "found only " + checked + " imports");
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void dependenciesPointDownOnly() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String[] i : imports()) {
            String from = i[0];
            String to = i[1];
            boolean toCli = to.startsWith("org.neurosurrogate.cli");
            boolean toBench = to.startsWith("org.neurosurrogate.bench");
            boolean fromLower = from.startsWith("neuron") || from.startsWith("data") || from.startsWith("model")
                    || from.equals("");
            boolean toUpper = to.startsWith("org.neurosurrogate.train") || to.startsWith("org.neurosurrogate.eval")
                    || to.startsWith("org.neurosurrogate.hybrid");
            if ((toCli && !from.equals("cli")) || (toBench && !from.equals("cli") && !from.equals("bench")) || (fromLower && toUpper)
                    || (from.startsWith("neuron") && (to.startsWith("org.neurosurrogate.data")
                    || to.startsWith("org.neurosurrogate.model")))
                    || (from.startsWith("model") && to.startsWith("org.neurosurrogate.data"))
                    || (from.startsWith("data") && to.startsWith("org.neurosurrogate.model"))) {
                bad.add(i[2] + " (" + from + ") imports " + to);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /** cli only parses flags and prints; the work lives in the capability packages (train's TrainingRun, ...). */
    @Test
    void cliClassesStayShort() throws IOException {
        List<String> long_ = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN.resolve("cli"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                int lines = Files.readAllLines(f).size();
                if (lines >= 150) {
                    long_.add(f.getFileName() + ": " + lines + " lines");
                }
            }
        }
        assertTrue(long_.isEmpty(), "cli classes of 150 lines or more (move the work out): " + long_);
    }
}
