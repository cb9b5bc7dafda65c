package org.neurosurrogate.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/** docs/java-api.md's example program compiles as it stands and runs against the shipped surrogate. */
class JavaApiExampleTest {
    static final Path DOC = TestSupport.home().resolve("docs/java-api.md");

    @TempDir
    Path dir;

    /** The first ```java block that declares a class. */
    static String exampleProgram() throws Exception {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (m.find()) {
            if (m.group(1).contains("public class ")) {
                return m.group(1);
            }
        }
        throw new AssertionError(DOC + " holds no ```java block with a class");
    }

    @Test
    void theDocumentedProgramCompilesAndPredicts() throws Exception {
        String source = exampleProgram();
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find());
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), file.toString());
        assertEquals(0, status, "javac: " + diagnostics.toString(StandardCharsets.UTF_8));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                JavaApiExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {TestSupport.home().toString()});
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        Matcher line = Pattern.compile("(\\d+) segments, (\\d+) somatic spikes in 1 s, soma at 999 ms: (-?[\\d.]+) mV")
                .matcher(out);
        assertTrue(line.find(), out);
        assertEquals(22, Integer.parseInt(line.group(1)), "the ball-and-stick's recorded segments");
        double soma = Double.parseDouble(line.group(3));
        assertTrue(soma > -90 && soma < 40, "a membrane potential: " + soma);
    }
}
