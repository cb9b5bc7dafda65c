package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;
import org.neurosurrogate.NeuroSurrogateException;

/** Shared option handling: parsing, --help, and typed values whose errors name the flag. */
final class Options {
    static final String DEFAULT_MODEL = "builtin:l5pc";

    /**
     * Test hook (DocsCommandsTest): while set on a thread, {@link #parse} stops a command right after its flags
     * parsed, by throwing {@link ParsedOnly}, so a documented command line can be checked against the command's
     * real options without running it. Never set outside tests.
     */
    static final ThreadLocal<Boolean> PARSE_ONLY = ThreadLocal.withInitial(() -> false);

    /** Thrown by {@link #parse} under {@link #PARSE_ONLY} once the arguments parsed; carries the result. */
    static final class ParsedOnly extends RuntimeException {
        final transient CommandLine commandLine;

        private ParsedOnly(CommandLine commandLine) {
            super("parsed only", null, false, false);
            this.commandLine = commandLine;
        }
    }

    private Options() {
    }

    static Option model() {
        return Option.builder("m").longOpt("model").hasArg().argName("MODEL")
                .desc("builtin:l5pc (default) or a folder holding model.json").build();
    }

    /** A {@code --surrogate} value: {@code builtin:NAME} (shipped under surrogates/) or a folder. */
    static java.nio.file.Path surrogatePath(String ref) {
        return ref.startsWith(org.neurosurrogate.surrogate.Surrogate.BUILTIN_PREFIX)
                ? org.neurosurrogate.surrogate.Surrogate.locate(ref,
                        org.neurosurrogate.neuron.jep.PythonEnvironment.locate().home())
                : java.nio.file.Path.of(ref);
    }

    static Option help() {
        return Option.builder("h").longOpt("help").desc("show this help").build();
    }

    /** Parses, or returns null after printing help when --help was given. */
    static CommandLine parse(org.apache.commons.cli.Options options, String[] args, String usage, PrintStream out)
            throws ParseException {
        options.addOption(help());
        // --help wins before parsing, so it works without the command's required options.
        if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help"))) {
            PrintWriter w = new PrintWriter(out);
            new HelpFormatter().printHelp(w, 100, "neurosurrogate " + usage, "", options, 2, 2, "");
            w.flush();
            return null;
        }
        CommandLine cl = new DefaultParser().parse(options, args);
        if (!cl.getArgList().isEmpty()) {
            throw new ParseException("unexpected argument '" + cl.getArgList().get(0) + "'");
        }
        if (PARSE_ONLY.get()) {
            throw new ParsedOnly(cl);
        }
        return cl;
    }

    static long longValue(CommandLine cl, String flag, long def) {
        String v = cl.getOptionValue(flag);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new NeuroSurrogateException("--" + flag + " '" + v + "' is not a whole number");
        }
    }

    static double doubleValue(CommandLine cl, String flag, double def) {
        String v = cl.getOptionValue(flag);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new NeuroSurrogateException("--" + flag + " '" + v + "' is not a number");
        }
    }

    /** One of {@code type}'s constants, named in any case ({@code --flag spike} for SPIKE); null when absent. */
    static <E extends Enum<E>> E choice(CommandLine cl, String flag, Class<E> type) {
        String v = cl.getOptionValue(flag);
        if (v == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.strip())) {
                return e;
            }
        }
        throw new NeuroSurrogateException("--" + flag + " '" + v + "': one of " + Arrays.stream(
                type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** A positive duration in whole milliseconds. */
    static int durationMs(CommandLine cl, String flag, int def) {
        double d = doubleValue(cl, flag, def);
        if (!(d > 0) || d != Math.rint(d) || d > 10_000_000) {
            throw new NeuroSurrogateException("--" + flag + " " + cl.getOptionValue(flag)
                    + " must be a whole number of ms > 0");
        }
        return (int) d;
    }
}
