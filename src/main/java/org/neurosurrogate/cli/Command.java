package org.neurosurrogate.cli;

import java.io.PrintStream;

/** A subcommand of {@code neurosurrogate}. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** Runs with the arguments after the subcommand name; returns the exit status. */
    int run(String[] args, PrintStream out) throws Exception;
}
