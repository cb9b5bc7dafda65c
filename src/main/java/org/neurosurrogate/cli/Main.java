package org.neurosurrogate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.ParseException;
import org.neurosurrogate.JsonErrors;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;

/** Entry point: {@code neurosurrogate <command> [options]}. */
public final class Main {
    /** Exit status for a user error (bad flag, bad file): a one-line message, no stack trace. */
    public static final int USAGE_ERROR = 2;

    static final List<Command> COMMANDS = List.of(new DemoCommand(), new InfoCommand(), new SimulateCommand(),
            new GenerateCommand(), new DatasetCommand(), new TrainCommand(), new EvaluateCommand(), new CompareCommand(),
            new CalibrateCommand(), new HybridCommand(), new BenchCommand());

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        // NEURON and libtorch keep native threads alive; exit explicitly.
        System.exit(status);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? USAGE_ERROR : 0;
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("neurosurrogate: unknown command '" + args[0] + "' (run neurosurrogate --help for the list)");
            return USAGE_ERROR;
        }
        try {
            return command.run(Arrays.copyOfRange(args, 1, args.length), out);
        } catch (ParseException e) {
            err.println("neurosurrogate " + command.name() + ": " + e.getMessage()
                    + " (run neurosurrogate " + command.name() + " --help)");
            return USAGE_ERROR;
        } catch (NeuroSurrogateException e) {
            err.println("neurosurrogate " + command.name() + ": error: " + JsonErrors.oneLine(e.getMessage()));
            return USAGE_ERROR;
        } catch (Exception e) {
            IOException disk = diskProblem(e);
            if (disk == null) {
                err.println("neurosurrogate " + command.name() + ": internal error (please report): " + e);
                e.printStackTrace(err);
                return 1;
            }
            // the machine's problem, not ours: one line naming the file, finished work is kept (outputs are atomic)
            err.println("neurosurrogate " + command.name() + ": error: " + JsonErrors.oneLine(disk.getMessage())
                    + " (free space or choose another output folder; finished work is kept, run again to resume)");
            return USAGE_ERROR;
        }
    }

    /** The disk-full or file-too-large IOException behind {@code e}, if that is what stopped the command. */
    static IOException diskProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io && AtomicFile.isDiskFull(t.getMessage())) {
                return io;
            }
        }
        return null;
    }

    private static void usage(PrintStream out) {
        out.println("usage: neurosurrogate <command> [options]   (neurosurrogate <command> --help for its options)");
        out.println();
        for (Command c : COMMANDS) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
    }
}
