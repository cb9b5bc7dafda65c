package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.DatasetTools;

/** {@code neurosurrogate dataset verify|merge|stats}: operations on generated datasets. */
final class DatasetCommand implements Command {
    static final String USAGE = "dataset verify DIR | dataset merge OUT PART_DIR... | dataset stats DIR";

    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String summary() {
        return "verify a dataset against its manifest, merge array-job parts, print statistics";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println("usage: neurosurrogate " + USAGE);
            return args.length == 0 ? Main.USAGE_ERROR : 0;
        }
        List<Path> paths = Arrays.stream(args).skip(1).map(Path::of).toList();
        switch (args[0]) {
            case "verify" -> {
                requireCount(paths, 1, "dataset verify DIR");
                return DatasetTools.verify(paths.get(0), out) == 0 ? 0 : 1;
            }
            case "merge" -> {
                if (paths.size() < 2) {
                    throw new NeuroSurrogateException("usage: dataset merge OUT PART_DIR...");
                }
                DatasetTools.merge(paths.get(0), paths.subList(1, paths.size()), out);
                return 0;
            }
            case "stats" -> {
                requireCount(paths, 1, "dataset stats DIR");
                DatasetStats.print(paths.get(0), out);
                return 0;
            }
            default -> throw new NeuroSurrogateException("unknown dataset operation '" + args[0] + "' (usage: " + USAGE + ")");
        }
    }

    private static void requireCount(List<Path> paths, int n, String usage) {
        if (paths.size() != n) {
            throw new NeuroSurrogateException("usage: " + usage);
        }
    }
}
