package org.neurosurrogate.cli;

import java.io.PrintStream;

/** {@code neurosurrogate bench WHAT}: benchmarks that print ratios against a baseline run in the same command. */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks: simulate (JVM bridge vs plain Python)";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        throw new org.neurosurrogate.NeuroSurrogateException("bench: not yet available");
    }
}
