package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;

/**
 * The README's five-minute tour runs as it is: every command of its code block, in order, through the launcher,
 * in a fresh folder that sees the repository's {@code examples/} (so the tour's relative paths hold), each ending
 * with status 0, and the files the tour's text promises exist afterwards.
 */
class DocsTourIT {
    private static final String SECTION = "## A five-minute tour";

    @TempDir
    Path dir;

    @Test
    void theReadmesTourRunsAsItIs() throws Exception {
        List<DocsCommandsTest.DocCommand> tour = tourCommands();
        assertTrue(tour.size() >= 8, "the tour shows only " + tour.size() + " commands: " + tour);
        Path examples = Files.createSymbolicLink(dir.resolve("examples"), TestSupport.home().resolve("examples"));
        try {
            runTour(tour);
        } finally {
            Files.delete(examples); // the link only, before the temporary folder is cleaned up
        }
    }

    private void runTour(List<DocsCommandsTest.DocCommand> tour) throws Exception {
        for (String d : tourFolders()) {
            Files.createDirectories(dir.resolve(d)); // the tour's mkdir -p lines, which come first
        }
        StringBuilder timings = new StringBuilder();
        long start = System.nanoTime();
        for (DocsCommandsTest.DocCommand c : tour) {
            long t0 = System.nanoTime();
            List<String> cmd = new ArrayList<>(List.of(TestSupport.home().resolve("neurosurrogate").toString()));
            cmd.addAll(c.args());
            TestSupport.Result r = TestSupport.exec(cmd, dir, Map.of(), 300);
            assertEquals(0, r.status(), c + "\n" + r.stdout() + r.stderr());
            timings.append(String.format("  %5.1f s  %s%n", (System.nanoTime() - t0) / 1e9, String.join(" ",
                    c.args())));
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf("DocsTourIT: %d commands in %.1f s%n%s", tour.size(), total, timings);
        for (String f : List.of("tour/run.h5", "tour/data/manifest.json", "tour/surrogate/surrogate.json",
                "tour/report/report.md", "tour/report-shipped/report.md", "tour/report-shipped/traces.png",
                "tour/network/validation.md")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " was not written; timings:\n" + timings);
        }
    }

    /**
     * The commands of the first bash block after the tour's heading; every line there is one, except
     * {@code mkdir -p} lines at its start ({@link #tourFolders}).
     */
    static List<DocsCommandsTest.DocCommand> tourCommands() throws IOException {
        String block = tourBlock();
        List<DocsCommandsTest.DocCommand> commands = DocsCommandsTest.commands("README.md", block, new ArrayList<>());
        long lines = block.replace("\\\n", " ").lines().filter(l -> !l.isBlank() && !l.startsWith("```")).count();
        assertEquals(lines, commands.size() + tourFolders().size(),
                "every line of the tour is a ./neurosurrogate command or a leading mkdir -p:\n" + block);
        return commands;
    }

    /** The folders of the tour's leading {@code mkdir -p} lines. */
    static List<String> tourFolders() throws IOException {
        List<String> folders = new ArrayList<>();
        for (String line : tourBlock().lines().skip(1).toList()) {
            if (!line.startsWith("mkdir -p ")) {
                break;
            }
            folders.addAll(List.of(line.substring("mkdir -p ".length()).replaceAll("#.*", "").strip().split("\\s+")));
        }
        return folders;
    }

    private static String tourBlock() throws IOException {
        String readme = Files.readString(TestSupport.home().resolve("README.md"));
        int at = readme.indexOf(SECTION);
        assertTrue(at >= 0, "README.md has no '" + SECTION + "'");
        int open = readme.indexOf("```bash\n", at);
        int close = readme.indexOf("\n```", open + 1);
        return readme.substring(open, close + 4);
    }
}
