package org.neurosurrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public Java API of docs/java-api.md has complete Javadoc: the JDK's javadoc with every doclint check
 * ({@code mvn javadoc:javadoc} runs the same checks and fails on a warning) reports nothing on it.
 */
class JavadocTest {
    /** The documented API, as the pom's maven-javadoc-plugin lists it. */
    static final List<String> API = List.of(
            "src/main/java/org/neurosurrogate/surrogate/Surrogate.java",
            "src/main/java/org/neurosurrogate/neuron/ModelSpec.java",
            "src/main/java/org/neurosurrogate/hybrid/NetworkSpec.java");

    @TempDir
    Path out;

    @Test
    void thePublicApiHasCompleteJavadoc() throws Exception {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "no javadoc in this Java runtime (a JDK is needed)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter printed = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<Path> sources = API.stream().map(TestSupport.home()::resolve).toList();
            List<String> options = List.of("-Xdoclint:all", "-quiet", "-encoding", "UTF-8", "-d", out.toString(),
                    "-classpath", System.getProperty("java.class.path"));
            ok = javadoc.getTask(printed, files, diagnostics, null, options,
                    files.getJavaFileObjectsFromPaths(sources)).call();
        }
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String line = (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                    + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(line);
            } else if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                warnings.add(line);
            }
        }
        String report = "javadoc: " + errors.size() + " errors, " + warnings.size() + " warnings\n"
                + String.join("\n", errors) + (errors.isEmpty() ? "" : "\n") + String.join("\n", warnings)
                + (printed.toString().isBlank() ? "" : "\n" + printed);
        assertEquals(List.of(), errors, report);
        assertEquals(List.of(), warnings, report);
        assertTrue(ok, report);
        assertTrue(out.resolve("index.html").toFile().isFile(), "javadoc wrote no index.html\n" + report);
    }
}
