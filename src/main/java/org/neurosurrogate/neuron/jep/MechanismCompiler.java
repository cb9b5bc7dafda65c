package org.neurosurrogate.neuron.jep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * Compiles .mod files with NEURON's {@code nrnivmodl} into a cache keyed by a hash of the files' names
 * and contents, the NEURON version and the extra compiler flags: a change recompiles, no change reuses.
 * Compilation happens in a private temporary folder renamed into place, so concurrent processes never see a
 * half-built library.
 */
public final class MechanismCompiler {
    private static final Pattern FAILING_FILE = Pattern.compile("([\\w.-]+)\\.(mod|cpp|c)\\b");
    /**
     * Compiler errors that mark C written for NEURON 8 or older: VERBATIM blocks that declare functions NEURON 9's
     * headers now declare (with other types), and C's implicit casts that C++ refuses. NEURON's migration guide
     * lists these (https://www.neuronsimulator.org/en/9.0.0/guide/porting_mechanisms_to_cpp.html).
     */
    private static final Pattern PORTING_ERROR = Pattern.compile(
            "ambiguating new declaration of|conflicting declaration of|conflicting types for|"
                    + "redeclared as different kind|invalid conversion from .void\\*.");
    /** The function a redeclaration error names: {@code ‘void* nrn_random_arg(int)’} gives nrn_random_arg. */
    private static final Pattern DECLARED_NAME = Pattern.compile("[‘'`][^‘’'`]*?(\\w+)\\s*\\(");
    static final String MIGRATION_GUIDE =
            "https://www.neuronsimulator.org/en/9.0.0/guide/porting_mechanisms_to_cpp.html";

    /**
     * Extra C++ compiler flags every library of the project is compiled with (passed as {@code nrnivmodl -incflags},
     * whose flags follow nrnivmodl's own {@code -O2}, so a later optimisation level wins). Empty: nrnivmodl as NEURON
     * ships it.
     */
    public static final String PROJECT_FLAGS = "";
    /** No extra flags: nrnivmodl exactly as NEURON ships it ({@code bench generate}'s plain-NEURON reference). */
    public static final String STOCK_FLAGS = "";

    private final PythonEnvironment env;
    private final Path cacheRoot;
    private final String flags;

    /** A compiler with the project's flags ({@link #PROJECT_FLAGS}). */
    public MechanismCompiler(PythonEnvironment env, Path cacheRoot) {
        this(env, cacheRoot, PROJECT_FLAGS);
    }

    /** A compiler with these extra compiler flags ({@link #STOCK_FLAGS} for none). */
    public MechanismCompiler(PythonEnvironment env, Path cacheRoot, String flags) {
        this.env = env;
        this.cacheRoot = cacheRoot;
        this.flags = flags.strip();
    }

    /** The default cache: {@code $NEUROSURROGATE_CACHE/mechanisms} or {@code ~/.cache/neurosurrogate/mechanisms}. */
    public static Path defaultCacheRoot() {
        String root = System.getenv("NEUROSURROGATE_CACHE");
        Path base = root != null ? Path.of(root)
                : Path.of(System.getProperty("user.home"), ".cache", "neurosurrogate");
        return base.resolve("mechanisms");
    }

    /** The NEURON version installed in the venv, read from its package metadata (no Python started). */
    public String neuronVersion() {
        try (Stream<Path> entries = Files.list(env.sitePackages())) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("neuron-") && n.endsWith(".dist-info"))
                    .map(n -> n.substring("neuron-".length(), n.length() - ".dist-info".length()))
                    .findFirst()
                    .orElseThrow(() -> new NeuroSurrogateException("NEURON is not installed in " + env.venv()
                            + ": delete it and run ./neurosurrogate again"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The .mod files of the given sources by file name: a folder gives all its .mod files, a .mod file itself (a
     * model's {@code mod_files} selection); the same name twice is an error.
     */
    public static Map<String, Path> modFiles(List<Path> sources) {
        Map<String, Path> files = new TreeMap<>();
        for (Path source : sources) {
            if (Files.isRegularFile(source)) {
                addOnce(files, source);
                continue;
            }
            try (Stream<Path> s = Files.list(source)) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".mod")).sorted().toList()) {
                    addOnce(files, p);
                }
            } catch (IOException e) {
                throw new NeuroSurrogateException("cannot list mod folder " + source + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    private static void addOnce(Map<String, Path> files, Path file) {
        Path previous = files.put(file.getFileName().toString(), file);
        if (previous != null) {
            throw new NeuroSurrogateException("mechanism file " + file.getFileName() + " appears twice: " + previous
                    + " and " + file + " (rename one)");
        }
    }

    /** Hex key over the NEURON version, the extra compiler flags and every file's name and bytes, in name order. */
    public static String cacheKey(Map<String, Path> files, String neuronVersion, String flags) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("neuron " + neuronVersion + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(("flags " + flags.strip() + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Path> f : files.entrySet()) {
                sha.update((f.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f.getValue()));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new NeuroSurrogateException("cannot read mechanism file: " + e.getMessage(), e);
        }
    }

    /** Path of the compiled library for these folders, compiling only when the cache lacks it. */
    public Path compile(List<Path> folders) {
        Map<String, Path> files = modFiles(folders);
        if (files.isEmpty()) {
            throw new NeuroSurrogateException("no .mod files in " + folders);
        }
        String key = cacheKey(files, neuronVersion(), flags);
        Path target = cacheRoot.resolve(key);
        Path library = library(target);
        if (Files.isRegularFile(library)) {
            return library;
        }
        Path work = null;
        try {
            Files.createDirectories(cacheRoot);
            work = Files.createTempDirectory(cacheRoot, key + ".tmp-");
            Path mods = Files.createDirectory(work.resolve("mod"));
            for (Map.Entry<String, Path> f : files.entrySet()) {
                Files.copy(f.getValue(), mods.resolve(f.getKey()));
            }
            runNrnivmodl(work, files);
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                work = null;
            } catch (IOException e) {
                // Another process finished first (Linux reports a rename onto its non-empty folder as a plain
                // FileSystemException "Directory not empty"): its library is equally good. Anything else is real.
                if (!Files.isRegularFile(library)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new NeuroSurrogateException("cannot prepare mechanism cache " + cacheRoot + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                FileTrees.deleteTree(work);
            }
        }
        if (!Files.isRegularFile(library)) {
            throw new NeuroSurrogateException("nrnivmodl produced no library at " + library);
        }
        return library;
    }

    private static Path library(Path folder) {
        return folder.resolve("x86_64").resolve("libnrnmech.so");
    }

    private void runNrnivmodl(Path work, Map<String, Path> files) throws IOException {
        Path log = work.resolve("nrnivmodl.log");
        List<String> command = new ArrayList<>(List.of(env.nrnivmodl().toString()));
        if (!flags.isEmpty()) {
            command.addAll(List.of("-incflags", flags));
        }
        command.add("mod");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("LD_PRELOAD"); // libjsig is for the JVM only
        pb.environment().put("PATH", env.venv().resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new NeuroSurrogateException("nrnivmodl did not finish within 30 minutes in " + work);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NeuroSurrogateException("interrupted while compiling mechanisms");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new NeuroSurrogateException(failureMessage(lines, files));
        }
    }

    /**
     * One line naming the .mod file that failed and the compiler's first error about it; for C written for an older
     * NEURON, what that means and the two ways out.
     */
    static String failureMessage(List<String> lines, Map<String, Path> files) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.contains("rror")) {
                continue;
            }
            Matcher m = FAILING_FILE.matcher(line);
            while (m.find()) {
                Path source = files.get(m.group(1) + ".mod");
                if (source != null) {
                    if (PORTING_ERROR.matcher(line).find()) {
                        return portingMessage(source, line);
                    }
                    return "mechanism file " + source + " failed to compile: " + line
                            + (i + 1 < lines.size() ? " | " + lines.get(i + 1).strip() : "");
                }
            }
        }
        List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        tail.replaceAll(MechanismCompiler::plain);
        return "nrnivmodl failed on " + files.values() + ": " + String.join(" | ", tail);
    }

    private static String portingMessage(Path source, String line) {
        String error = plain(line.substring(line.indexOf("error:") >= 0 ? line.indexOf("error:") + 6 : 0).strip());
        Matcher name = DECLARED_NAME.matcher(error);
        String what = name.find() ? "its VERBATIM C declares " + name.group(1) + " itself, which NEURON 9 declares"
                : "its VERBATIM C relies on C that NEURON 9's C++ refuses";
        String file = source.getFileName().toString();
        return "mechanism file " + source + " was written for NEURON 8 or older: " + what + " (" + error + "). "
                + "If the cell does not use it, leave it out in model.json (\"mod_exclude\": [\"" + file + "\"], or "
                + "\"mod_files\" listing only the mechanisms the cell uses); otherwise port it as NEURON's migration "
                + "guide says: " + MIGRATION_GUIDE;
    }

    /** A compiler line without its terminal colour codes. */
    private static String plain(String line) {
        return line.replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
