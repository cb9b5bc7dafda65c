package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.eval.Comparison;

/** {@code neurosurrogate compare REPORT_DIR...}: one markdown table across evaluated surrogates. */
final class CompareCommand implements Command {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "one markdown table across evaluation reports (MH / MMoE / MMoEEx)";
    }

    @Override
    public int run(String[] args, PrintStream out) throws java.io.IOException {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println("usage: neurosurrogate compare REPORT_DIR...");
            return args.length == 0 ? Main.USAGE_ERROR : 0;
        }
        List<Path> dirs = Arrays.stream(args).map(Path::of).toList();
        for (Path d : dirs) {
            if (!d.toFile().exists()) {
                throw new NeuroSurrogateException("compare: " + d + " does not exist (give report folders from evaluate)");
            }
        }
        out.print(Comparison.markdown(Comparison.read(dirs), dirs.stream().map(d -> String.valueOf(d.getFileName())).toList()));
        return 0;
    }
}
