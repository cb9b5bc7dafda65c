package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.surrogate.Surrogate;
import org.neurosurrogate.train.TrainingRun;

/**
 * {@code neurosurrogate calibrate}: chooses a saved surrogate's spike read-out (and its baseline's) again on the
 * validation split of its dataset, as {@code train} does at its end, and saves it. For surrogates saved before
 * calibration existed, or after the rule changed.
 */
final class CalibrateCommand implements Command {
    @Override
    public String name() {
        return "calibrate";
    }

    @Override
    public String summary() {
        return "choose a saved surrogate's spike threshold and refractory merge on its validation split";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Option.builder().longOpt("surrogate").hasArg().argName("MODEL_DIR").required()
                        .desc("saved surrogate folder (rewritten in place)").build())
                .addOption(Option.builder().longOpt("data").hasArg().argName("DIR").required()
                        .desc("the dataset it was trained on (its validation split is used)").build())
                .addOption(Option.builder().longOpt("burn-in").hasArg().argName("MS")
                        .desc("unscored start of each simulation (default 500)").build());
        CommandLine cl = Options.parse(options, args, "calibrate --surrogate MODEL_DIR --data DIR", out);
        if (cl == null) {
            return 0;
        }
        Path dir = Path.of(cl.getOptionValue("surrogate"));
        Path data = Path.of(cl.getOptionValue("data")).toAbsolutePath();
        DatasetManifest m = DatasetManifest.read(data);
        if (m.split == null || m.split.validation().isEmpty()) {
            throw new NeuroSurrogateException(data + ": the dataset has no validation split to calibrate on");
        }
        try (Surrogate s = Surrogate.load(dir);
             DatasetReader reader = DatasetReader.openFolder(data, out::println)) {
            Object trainedOn = s.info().get("training_manifest_sha256");
            String hash = FileTrees.sha256(DatasetManifest.path(data));
            if (trainedOn != null && !trainedOn.equals(hash)) {
                throw new NeuroSurrogateException("--data " + data + " is not the dataset " + dir + " was trained on "
                        + "(manifest " + hash + ", surrogate " + trainedOn + "): its validation split may overlap "
                        + "the training data");
            }
            s.checkCompatible(reader.segmentTable());
            int[] sims = m.split.validation().stream().mapToInt(Integer::intValue).toArray();
            TrainingRun.calibrateSpikes(s, reader, sims, (int) Options.longValue(cl, "burn-in", 500), out);
            s.save(dir);
            out.println("saved " + dir);
        }
        return 0;
    }
}
