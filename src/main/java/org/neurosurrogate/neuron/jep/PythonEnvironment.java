package org.neurosurrogate.neuron.jep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * Where the project's Python side lives: the installation root (holding {@code python-bridge/},
 * {@code hoc/}, {@code mod/}) and the virtual environment that {@code ./neurosurrogate} creates.
 *
 * @param home the installation root
 * @param venv the virtual environment with NEURON, numpy and jep
 * @param sitePackages the venv's site-packages folder
 */
public record PythonEnvironment(Path home, Path venv, Path sitePackages) {

    /** System property (set by the launcher and by the test build) naming the installation root. */
    public static final String HOME_PROPERTY = "neurosurrogate.home";

    /** Finds the installation from {@value #HOME_PROPERTY}, {@code NEUROSURROGATE_HOME}, or the working directory. */
    public static PythonEnvironment locate() {
        String home = System.getProperty(HOME_PROPERTY, System.getenv("NEUROSURROGATE_HOME"));
        Path root = Path.of(home != null ? home : ".").toAbsolutePath().normalize();
        String venvProp = System.getProperty("neurosurrogate.venv", System.getenv("NEUROSURROGATE_VENV"));
        Path venv = venvProp != null ? Path.of(venvProp).toAbsolutePath() : root.resolve(".venv");
        Path lib = venv.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new NeuroSurrogateException("Python environment not found at " + venv
                    + ": run ./neurosurrogate once (it creates it) or set NEUROSURROGATE_VENV");
        }
        try (Stream<Path> pythons = Files.list(lib)) {
            Path site = pythons.filter(p -> p.getFileName().toString().startsWith("python3"))
                    .map(p -> p.resolve("site-packages"))
                    .filter(Files::isDirectory)
                    .findFirst()
                    .orElseThrow(() -> new NeuroSurrogateException("no site-packages under " + lib
                            + ": delete " + venv + " and run ./neurosurrogate again"));
            return new PythonEnvironment(root, venv, site);
        } catch (IOException e) {
            throw new NeuroSurrogateException("cannot read " + lib + ": " + e.getMessage(), e);
        }
    }

    /** The native library of JEP, built by pip against this machine's Python and JDK. */
    public Path jepLibrary() {
        Path lib = sitePackages.resolve("jep").resolve("libjep.so");
        if (!Files.isRegularFile(lib)) {
            throw new NeuroSurrogateException("JEP native library missing at " + lib
                    + ": delete " + venv + " and run ./neurosurrogate again");
        }
        return lib;
    }

    public Path bridgeDir() {
        return home.resolve("python-bridge");
    }

    public Path python() {
        return venv.resolve("bin").resolve("python");
    }

    public Path nrnivmodl() {
        return venv.resolve("bin").resolve("nrnivmodl");
    }
}
