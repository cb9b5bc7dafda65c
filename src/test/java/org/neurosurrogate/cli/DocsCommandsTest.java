package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.hybrid.NetworkSpec;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * Every {@code ./neurosurrogate ...} command the documentation shows (README.md, docs/*.md, examples/*&#47;README.md)
 * is one the CLI accepts: the command exists, its flags parse against that command's real options (through the
 * {@link Options#PARSE_ONLY} hook, which stops the command right after parsing), and every input it names inside
 * the repository (examples/..., hoc/..., surrogates/..., builtin:...) exists and loads. Commands come from
 * {@code bash}/{@code sh} code blocks (lines ending in {@code \} joined, {@code #} comments dropped) and from
 * {@code $ }-prompted lines of other code blocks. Outputs of earlier lines (a dataset, a surrogate folder) are not
 * checked for existence; only inputs that live in the repository are.
 */
class DocsCommandsTest {
    /** Folders of the repository whose files a documented command may read. */
    private static final List<String> REPO_PREFIXES = List.of("examples/", "hoc/", "mod/", "surrogates/",
            "python-bridge/", "docs/", "src/");
    /** Subcommands of the launcher itself (not of the Java CLI). */
    private static final Set<String> LAUNCHER_COMMANDS = Set.of("test", "setup");
    /** The manual's pages by task: each opens with commands on the example cell. */
    private static final List<String> TASK_PAGES = List.of("concepts.md", "cell-models.md", "generate.md", "train.md",
            "evaluate.md", "hybrid-networks.md", "scaling-out.md", "file-formats.md", "benchmarks.md",
            "troubleshooting.md", "experiments.md", "commands.md", "developers.md");
    /** Flags whose value is an output, never checked for existence. */
    private static final Set<String> OUTPUT_FLAGS = Set.of("out");

    /**
     * One documented command: where it is shown, its words after {@code ./neurosurrogate}, and the folders that
     * {@code mkdir -p} lines above it in the same document made.
     */
    record DocCommand(String where, List<String> args, Set<String> madeBefore) {
        @Override
        public String toString() {
            return where + ": ./neurosurrogate " + String.join(" ", args);
        }
    }

    @Test
    void everyDocumentedCommandParsesAndItsRepositoryInputsExist() throws Exception {
        List<Path> docs = documents();
        assertTrue(docs.stream().anyMatch(p -> p.endsWith("README.md")), "no README.md among " + docs);
        assertTrue(docs.size() >= 10, "expected README.md and the docs/ pages, found " + docs);
        List<DocCommand> commands = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        for (Path d : docs) {
            commands.addAll(commands(TestSupport.home().relativize(d).toString(), Files.readString(d), scripts));
        }
        List<String> problems = new ArrayList<>();
        Set<String> made = new HashSet<>();
        String doc = null;
        for (DocCommand c : commands) {
            String file = c.where().substring(0, c.where().lastIndexOf(':'));
            if (!file.equals(doc)) {
                doc = file; // folders made by earlier commands count within one document
                made.clear();
            }
            made.addAll(c.madeBefore());
            String p = check(c.args());
            if (p == null) {
                p = outputFolderExists(c.args(), made);
            }
            if (p != null) {
                problems.add(c + "\n    -> " + p);
            }
        }
        for (String s : scripts) {
            if (!Files.isRegularFile(TestSupport.home().resolve(s.substring(s.indexOf(' ') + 1)))) {
                problems.add(s.substring(0, s.indexOf(' ')) + ": bash " + s.substring(s.indexOf(' ') + 1)
                        + " -> no such script");
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " documented command(s) do not match the CLI:\n"
                + String.join("\n", problems));
        // every page documents commands, and the set is large enough that a broken extraction would show
        assertTrue(commands.size() >= 30, "only " + commands.size() + " commands found: " + commands);
        for (String page : TASK_PAGES) {
            String name = "docs/" + page;
            assertTrue(Files.isRegularFile(TestSupport.home().resolve(name)), name + " is missing");
            assertTrue(commands.stream().anyMatch(c -> c.where().startsWith(name + ":")), name + " shows no command");
        }
        System.out.println("DocsCommandsTest: " + commands.size() + " commands in " + docs.size() + " files checked");
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws Exception {
        List<String> ci = Files.readAllLines(TestSupport.home().resolve(".ci/run")).stream()
                .filter(l -> l.startsWith("./neurosurrogate")).toList();
        assertEquals(List.of("./neurosurrogate test"), ci, ".ci/run");
        List<DocCommand> readme = commands("README.md", Files.readString(TestSupport.home().resolve("README.md")),
                new ArrayList<>());
        assertTrue(readme.stream().anyMatch(c -> c.args().equals(List.of("test"))),
                "README shows no ./neurosurrogate test");
        assertTrue(readme.stream().anyMatch(c -> c.args().equals(List.of("demo"))),
                "README shows no ./neurosurrogate demo");
    }

    @Test
    void theReadmesTourIsWholeCommandsOnTheExampleCell() throws Exception {
        // DocsTourIT runs these with NEURON; here only that the tour is what it runs: commands, all of them small
        List<DocCommand> tour = DocsTourIT.tourCommands();
        assertTrue(tour.size() >= 8, tour.toString());
        for (DocCommand c : tour) {
            assertEquals(null, check(c.args()), c.toString());
            assertTrue(!String.join(" ", c.args()).contains("builtin:l5pc"), "the tour stays on the small cell: " + c);
            if (Set.of("info", "simulate", "generate").contains(c.args().get(0))) {
                assertTrue(c.args().contains("examples/ball-and-stick"), "the default model is the L5PC: " + c);
            }
        }
    }

    @Test
    void aWrongFlagOrAMissingExampleIsCaught() {
        List<String> none = new ArrayList<>();
        String md = """
                ```bash
                ./neurosurrogate generate --model examples/ball-and-stick --simulations 6 \\
                    --no-such-flag 3 --out data   # a comment --another-unknown
                ./neurosurrogate info --model examples/no-such-cell
                ./neurosurrogate evaluate --surrogate builtin:no-such --data d --out r
                ./neurosurrogate frobnicate
                ./neurosurrogate dataset stats
                ./neurosurrogate info --model examples/ball-and-stick
                ```
                """;
        List<DocCommand> cs = commands("x.md", md, none);
        assertEquals(6, cs.size(), cs.toString());
        assertTrue(check(cs.get(0).args()).contains("no-such-flag"), check(cs.get(0).args()));
        assertTrue(check(cs.get(1).args()) != null);
        assertTrue(check(cs.get(2).args()) != null);
        assertTrue(check(cs.get(3).args()).contains("unknown command"));
        assertTrue(check(cs.get(4).args()) != null);
        assertTrue(check(List.of("info", "--mod", "examples/ball-and-stick")).contains("abbreviation"));
        Set<String> made = new HashSet<>();
        assertTrue(outputFolderExists(List.of("simulate", "--out", "runs/a.h5"), made) != null);
        assertEquals(null, outputFolderExists(List.of("simulate", "--out", "a.h5"), made));
        assertEquals(null, outputFolderExists(List.of("generate", "--out", "runs/data"), made));
        assertEquals(null, outputFolderExists(List.of("hybrid", "--network", "n", "--out", "runs/net"), made));
        assertEquals(null, check(cs.get(5).args()));
        assertEquals(List.of("--model", "examples/ball-and-stick", "--simulations", "6", "--no-such-flag", "3",
                "--out", "data"), cs.get(0).args().subList(1, 9));
    }

    /**
     * Commands quoted in running text ({@code `train --skip-tasks spike`}, often abbreviated or with placeholders) are
     * not run through the parser, but every flag they name must be one of that command's options.
     */
    @Test
    void everyFlagOfACommandQuotedInTheTextExists() throws Exception {
        Set<String> names = new HashSet<>();
        Main.COMMANDS.forEach(c -> names.add(c.name()));
        List<String> problems = new ArrayList<>();
        int flags = 0;
        for (Path d : documents()) {
            String text = Files.readString(d).replaceAll("(?s)```.*?```", "");
            Matcher m = Pattern.compile("`([^`]+)`").matcher(text);
            while (m.find()) {
                List<String> w = new ArrayList<>(List.of(m.group(1).strip().split("\\s+")));
                if (!w.isEmpty() && w.get(0).equals("./neurosurrogate")) {
                    w.remove(0);
                }
                if (w.isEmpty() || !names.contains(w.get(0))) {
                    continue;
                }
                List<String> helpArgs = new ArrayList<>(List.of(w.get(0)));
                if (w.get(0).equals("bench") && w.size() > 1 && !w.get(1).startsWith("-")) {
                    helpArgs.add(w.get(1));
                }
                helpArgs.add("--help");
                String help = null;
                for (String word : w) {
                    String flag = word.replaceAll("^\\[+|[\\],.;:]+$", "").split("=", 2)[0];
                    if (!flag.startsWith("--")) {
                        continue;
                    }
                    if (help == null) {
                        help = help(helpArgs);
                    }
                    flags++;
                    if (!Pattern.compile(Pattern.quote(flag) + "(?![a-z-])").matcher(help).find()) {
                        problems.add(TestSupport.home().relativize(d) + ": `" + m.group(1) + "` -> "
                                + String.join(" ", helpArgs.subList(0, helpArgs.size() - 1)) + " has no " + flag);
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(flags >= 40, "only " + flags + " flags in quoted commands");
        System.out.println("DocsCommandsTest: " + flags + " flags of commands quoted in running text checked");
    }

    private static String help(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, status, args.toString());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws Exception {
        List<String> problems = new ArrayList<>();
        int links = 0;
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path d : documents()) {
            Matcher m = link.matcher(Files.readString(d));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                Path file = hash == 0 ? d : d.getParent().resolve(hash < 0 ? target : target.substring(0, hash));
                if (!Files.exists(file)) {
                    problems.add(TestSupport.home().relativize(d) + ": " + target + " -> no such file");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    problems.add(TestSupport.home().relativize(d) + ": " + target + " -> no such heading in " + file
                            .getFileName() + " " + anchors(file));
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(links >= 40, "only " + links + " relative links found");
    }

    /** GitHub's anchors of a markdown file's headings (outside code blocks). */
    private static Set<String> anchors(Path md) throws java.io.IOException {
        Set<String> anchors = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(md)) {
            if (line.strip().startsWith("```")) {
                code = !code;
            } else if (!code && line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** README.md, docs/*.md and examples/*&#47;README.md, sorted. */
    static List<Path> documents() throws Exception {
        List<Path> docs = new ArrayList<>();
        docs.add(TestSupport.home().resolve("README.md"));
        docs.addAll(TestSupport.filesIn("docs", ".md"));
        try (var dirs = Files.list(TestSupport.home().resolve("examples"))) {
            dirs.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        }
        return docs;
    }

    /**
     * The {@code ./neurosurrogate} commands of a markdown text; {@code bash PATH} lines of its shell blocks are
     * added to {@code scripts} as "where PATH" when PATH lies in the repository.
     */
    static List<DocCommand> commands(String name, String markdown, List<String> scripts) {
        List<DocCommand> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String fence = null; // the info string of the open code block, null outside one
        Set<String> made = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.startsWith("```")) {
                fence = fence == null ? stripped.substring(3).strip() : null;
                continue;
            }
            if (fence == null) {
                continue;
            }
            boolean shell = fence.equals("bash") || fence.equals("sh") || fence.equals("shell");
            int first = i;
            StringBuilder logical = new StringBuilder(line);
            if (shell) {
                while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
                    logical.setLength(logical.length() - 1);
                    logical.append(' ').append(lines[++i]);
                }
            } else if (stripped.startsWith("$ ")) {
                logical = new StringBuilder(stripped.substring(2));
                while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
                    logical.setLength(logical.length() - 1);
                    logical.append(' ').append(lines[++i]);
                }
            } else {
                continue;
            }
            List<String> words = words(logical.toString());
            String where = name + ":" + (first + 1);
            int at = words.indexOf("./neurosurrogate");
            if (at >= 0) {
                List<String> args = new ArrayList<>();
                for (String w : words.subList(at + 1, words.size())) {
                    if (Set.of("|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1").contains(w)) {
                        break;
                    }
                    args.add(w);
                }
                out.add(new DocCommand(where, args, Set.copyOf(made)));
            }
            if (shell && words.size() > 2 && words.get(0).equals("mkdir") && words.get(1).equals("-p")) {
                words.subList(2, words.size()).forEach(f -> made.add(Path.of(f).normalize().toString()));
            }
            int bash = words.indexOf("bash");
            if (shell && bash >= 0 && bash + 1 < words.size() && isRepoPath(words.get(bash + 1))) {
                scripts.add(where + " " + words.get(bash + 1));
            }
        }
        return out;
    }

    /** Shell words of one line: quotes removed, a word starting with # ends the line; no expansion. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else if (c == '#' && w == null) {
                break;
            } else {
                if (w == null) {
                    w = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else {
                    w.append(c);
                }
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    /** Null when the command line is one the CLI takes, else what is wrong with it. */
    static String check(List<String> args) {
        if (args.isEmpty()) {
            return "no command";
        }
        String name = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (Set.of("--help", "-h", "help").contains(name)) {
            return rest.isEmpty() ? null : "the command list takes no arguments";
        }
        if (LAUNCHER_COMMANDS.contains(name)) {
            // the launcher's own: setup takes nothing, test hands Maven options (-D..., -P...) on
            if (name.equals("setup") && !rest.isEmpty()) {
                return "setup takes no arguments";
            }
            return rest.stream().filter(a -> !a.startsWith("-")).findFirst()
                    .map(a -> "test passes Maven options only, not '" + a + "'").orElse(null);
        }
        Command command = Main.COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (command == null) {
            return "unknown command '" + name + "'";
        }
        try {
            return switch (name) {
                case "dataset" -> checkDataset(rest);
                case "compare" -> rest.isEmpty() || rest.stream().anyMatch(a -> a.startsWith("-"))
                        ? "compare takes report folders only" : checkPaths("compare", rest);
                default -> parseOnly(command, rest);
            };
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** Commands that write their --out into an existing folder only; the others make the folder with its parents. */
    private static final Set<String> NEED_OUT_PARENT = Set.of("simulate", "hybrid");

    /**
     * Null when the command's output can be written: {@code simulate} and {@code hybrid} refuse an --out whose
     * folder does not exist, so that folder must be the working directory, an existing absolute one, or one that a
     * {@code mkdir -p} line or a folder-making command ({@code generate}, {@code train}, ...) above it in the same
     * document made. Folders a command makes are added to {@code made}.
     */
    static String outputFolderExists(List<String> args, Set<String> made) {
        int at = Math.max(args.indexOf("--out"), args.indexOf("-o"));
        if (at < 0 || at + 1 >= args.size()) {
            return null;
        }
        Path out = Path.of(args.get(at + 1)).normalize();
        if (NEED_OUT_PARENT.contains(args.get(0))) {
            Path parent = out.getParent();
            if (parent != null && !made.contains(parent.toString())
                    && !(parent.isAbsolute() && Files.isDirectory(parent))) {
                return "--out " + out + ": " + args.get(0) + " needs the folder " + parent
                        + " to exist (no mkdir -p or earlier command above makes it)";
            }
        } else {
            for (Path p = out; p != null; p = p.getParent()) {
                made.add(p.toString());
            }
        }
        return null;
    }

    private static String checkDataset(List<String> rest) {
        if (rest.isEmpty()) {
            return "dataset needs verify, stats or merge";
        }
        List<String> paths = rest.subList(1, rest.size());
        if (paths.stream().anyMatch(a -> a.startsWith("-"))) {
            return "dataset takes no flags";
        }
        return switch (rest.get(0)) {
            case "verify", "stats" -> paths.size() == 1 ? checkPaths("dataset", paths) : "dataset "
                    + rest.get(0) + " takes one folder";
            case "merge" -> paths.size() >= 2 ? checkPaths("dataset", paths.subList(1, paths.size()))
                    : "dataset merge needs OUT and at least one part";
            default -> "unknown dataset operation '" + rest.get(0) + "'";
        };
    }

    /** Runs the command with parsing only; its parsed options' input values are then checked. */
    private static String parseOnly(Command command, List<String> rest) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Options.PARSE_ONLY.set(true);
        try {
            command.run(rest.toArray(String[]::new), new PrintStream(sink, true, StandardCharsets.UTF_8));
            if (rest.contains("--help") || rest.contains("-h")) {
                return null;
            }
            return "ran without reaching Options.parse (the parse-only hook did not stop it)";
        } catch (Options.ParsedOnly parsed) {
            // Commons CLI accepts an unambiguous prefix of a long option; the docs spell every flag in full
            Set<String> given = new HashSet<>();
            for (Option o : parsed.commandLine.getOptions()) {
                given.add(o.getLongOpt());
            }
            for (String a : rest) {
                if (a.startsWith("--") && !given.contains(a.substring(2).split("=", 2)[0])) {
                    return a + " is an abbreviation; spell the flag in full";
                }
            }
            return checkOptions(command.name(), parsed.commandLine);
        } catch (ParseException e) {
            return e.getMessage();
        } catch (Exception e) {
            return e.toString();
        } finally {
            Options.PARSE_ONLY.remove();
        }
    }

    private static String checkOptions(String command, CommandLine cl) {
        for (Option o : cl.getOptions()) {
            String flag = o.getLongOpt() != null ? o.getLongOpt() : o.getOpt();
            if (OUTPUT_FLAGS.contains(flag) || o.getValues() == null) {
                continue;
            }
            for (String v : o.getValues()) {
                String p = checkInput(command, flag, v);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String checkPaths(String command, List<String> paths) {
        for (String p : paths) {
            String problem = checkInput(command, "", p);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** An input value: repository paths must exist (models, networks, surrogates and protocols must load). */
    private static String checkInput(String command, String flag, String value) {
        Path home = TestSupport.home();
        boolean builtin = value.startsWith(ModelSpec.BUILTIN_PREFIX);
        if (!builtin && !isRepoPath(value)) {
            return null; // made by an earlier command, or a path of the user's own
        }
        String what = (flag.isEmpty() ? "" : "--" + flag + " ") + value;
        try {
            switch (flag) {
                case "model" -> ModelSpec.resolve(builtin ? value : home.resolve(value).toString(), home);
                case "surrogate", "baseline-from" -> {
                    Path dir = builtin ? Surrogate.locate(value, home) : home.resolve(value);
                    if (!Files.isRegularFile(dir.resolve(Surrogate.JSON))) {
                        return what + ": not a saved surrogate (no " + Surrogate.JSON + ")";
                    }
                }
                case "network", "ranks-network" -> NetworkSpec.load(home.resolve(value), home);
                case "networks", "scale-networks" -> {
                    for (String n : value.split(",")) {
                        NetworkSpec.load(home.resolve(n), home);
                    }
                }
                case "surrogates" -> {
                    for (String sur : value.split(",")) {
                        String problem = checkInput(command, "surrogate", sur);
                        if (problem != null) {
                            return problem;
                        }
                    }
                }
                case "protocol" -> ProtocolFile.read(home.resolve(value));
                default -> {
                    if (builtin || !Files.exists(home.resolve(value))) {
                        return what + ": does not exist in the repository";
                    }
                }
            }
        } catch (RuntimeException e) {
            return what + ": " + e.getMessage();
        }
        return null;
    }

    private static boolean isRepoPath(String value) {
        return REPO_PREFIXES.stream().anyMatch(value::startsWith);
    }
}
