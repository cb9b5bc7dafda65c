package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.eval.Report;
import org.neurosurrogate.eval.SurrogateEvaluator;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * {@code neurosurrogate evaluate}: a saved surrogate against NEURON on held-out simulations, beside the
 * per-segment mean and the linear baseline saved with it (when there is one).
 */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score a surrogate against NEURON on held-out simulations: report.json, report.md, plots";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder().longOpt("surrogate").hasArg().argName("MODEL_DIR").required()
                        .desc("saved surrogate folder (from train), or builtin:NAME (shipped under surrogates/)").build())
                .addOption(Option.builder().longOpt("data").hasArg().argName("DIR").required()
                        .desc("dataset folder (from generate)").build())
                .addOption(Option.builder().longOpt("split").hasArg().argName("SPLIT")
                        .desc("test (default), validation, train, or all (a dataset the surrogate never saw)").build())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("REPORT_DIR").required()
                        .desc("report folder").build());
        CommandLine cl = Options.parse(options, args,
                "evaluate --surrogate MODEL_DIR|builtin:NAME --data DIR --out REPORT_DIR [--split test]", out);
        if (cl == null) {
            return 0;
        }
        Path data = Path.of(cl.getOptionValue("data"));
        DatasetManifest m = DatasetManifest.read(data);
        String split = cl.getOptionValue("split", "test");
        List<Integer> sims = switch (split) {
            case "test" -> m.split.test();
            case "validation" -> m.split.validation();
            case "train" -> m.split.train();
            case "all" -> allSimulations(m); // data the surrogate never saw, e.g. another seed's dataset
            default -> throw new NeuroSurrogateException("--split " + split + ": use test, validation, train or all");
        };
        try (Surrogate surrogate = Surrogate.load(Options.surrogatePath(cl.getOptionValue("surrogate")));
             DatasetReader reader = DatasetReader.openFolder(data)) {
            int[] present = sims.stream().mapToInt(Integer::intValue).filter(reader::contains).toArray();
            if (present.length == 0) {
                throw new NeuroSurrogateException(data + ": the " + split + " split has no simulation to evaluate");
            }
            try {
                surrogate.checkCompatible(reader.segmentTable());
            } catch (NeuroSurrogateException e) {
                throw new NeuroSurrogateException("--surrogate and --data are of different models: " + e.getMessage());
            }
            if (surrogate.linearBaseline().isEmpty()) {
                out.println("no linear baseline saved with this surrogate (saved before baselines were kept): scoring"
                        + " the surrogate and the per-segment mean only");
            }
            Path outDir = Path.of(cl.getOptionValue("out"));
            Report report = SurrogateEvaluator.evaluate(surrogate, reader, present, split, outDir);
            out.print(report.markdown());
            out.printf("%nwrote %s (report.json, report.md, traces.png, error_vs_distance.png, roc.png, "
                    + "morphology_error.png)%n", outDir);
        }
        return 0;
    }

    private static List<Integer> allSimulations(DatasetManifest m) {
        List<Integer> all = new java.util.ArrayList<>();
        if (m.split != null) {
            all.addAll(m.split.train());
            all.addAll(m.split.validation());
            all.addAll(m.split.test());
        }
        all.sort(null);
        return all;
    }
}
