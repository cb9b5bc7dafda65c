package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.train.TinyData;

class TrainCommandTest {
    @TempDir
    Path tmp;

    Path dataset() {
        Path dir = tmp.resolve("data");
        TinyData.write(dir).close();
        DatasetManifest m = new DatasetManifest();
        m.modelHash = "tiny-model";
        m.simulations = 8;
        m.durationMs = TinyData.DURATION;
        m.shardSize = 4;
        m.segments = TinyData.S;
        m.inputChannels = 2 * TinyData.S;
        m.split = new DatasetManifest.Split(box(TinyData.TRAIN), box(TinyData.VALIDATION), List.of());
        m.write(dir);
        return dir;
    }

    static List<Integer> box(int[] a) {
        return Arrays.stream(a).boxed().collect(Collectors.toList());
    }

    String[] args(Path data, Path out, String arch, int steps) {
        return new String[] {"train", "--data", data.toString(), "--arch", arch, "--out", out.toString(), "--steps",
                String.valueOf(steps), "--batch", "4", "--window", "40", "--burn-in", "50", "--channels", "4,3",
                "--kernel", "3", "--dilations", "1,2", "--eval-every", "10", "--validation-windows", "8", "--lr",
                "1e-2", "--seed", "3"};
    }

    @Test
    void trainsSavesAndReportsBaselinesThenResumes() throws Exception {
        Path data = dataset();
        Path out = tmp.resolve("model");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] first = withFlag(withFlag(args(data, out, "mmoe", 20), "--baseline-steps", "12"), "--baseline-lr",
                "3e-2");
        int status = Main.run(first, new PrintStream(buf), new PrintStream(err));
        String text = buf.toString();
        assertEquals(0, status, text + err);
        assertTrue(text.contains("validation loss: mmoe"), text);
        assertTrue(text.contains("per-segment mean") && text.contains("linear filter"), text);
        assertTrue(Files.isRegularFile(out.resolve("surrogate.json")));
        assertTrue(Files.isRegularFile(out.resolve("surrogate.params")));
        assertTrue(Files.isRegularFile(out.resolve("baseline-linear.params")));
        assertTrue(Files.isRegularFile(out.resolve("baseline-linear.json")));
        assertTrue(text.contains("starting from the per-segment mean"), text);
        String linearJson = Files.readString(out.resolve("baseline-linear.json"));
        assertTrue(linearJson.contains("\"steps\" : 12") && linearJson.contains("\"peak_lr\" : 0.03"), linearJson);
        assertTrue(Files.readString(out.resolve("surrogate.json")).contains("\"soma_clip_mv\" : -55.0"),
                "the soma target is clipped at -55 mV by default");
        // The skip path starts as the trained filter and the start is the first candidate for the best checkpoint.
        assertTrue(text.contains("starting from the linear filter"), text);
        String saved = Files.readString(out.resolve("surrogate.json"));
        assertTrue(saved.contains("\"linear_skip\" : true") && saved.contains("\"linear_skip_tasks\" : \"all\""));
        assertTrue(saved.contains("\"command\" : \"neurosurrogate train --data " + data), "how it was made: " + saved);
        assertTrue(saved.contains("\"params_sha256\" : \""), "the parameters' checksum is saved");
        assertTrue(validationLoss(text, "mmoe") <= validationLoss(text, "linear filter"), text);
        buf.reset();
        status = Main.run(args(data, out, "mmoe", 30), new PrintStream(buf), new PrintStream(err));
        assertEquals(0, status, buf.toString() + err);
        String resumed = buf.toString();
        assertTrue(resumed.contains("resuming from step 20"), resumed);

        // Another architecture on the same data takes that baseline instead of training its own.
        Path other = tmp.resolve("other");
        buf.reset();
        status = Main.run(withFlag(args(data, other, "mh", 10), "--baseline-from", out.toString()),
                new PrintStream(buf), new PrintStream(err));
        assertEquals(0, status, buf.toString() + err);
        assertTrue(buf.toString().contains("taking the linear baseline trained in " + out), buf.toString());
        assertFalse(buf.toString().contains("training the linear causal filter"), buf.toString());
        assertEquals(validationLoss(resumed, "linear filter"), validationLoss(buf.toString(), "linear filter"));
        assertTrue(Files.readString(other.resolve("baseline-linear.json")).contains("\"reused_from\""));
        // ... but not one trained under another normalisation: refused before any training.
        ByteArrayOutputStream why = new ByteArrayOutputStream();
        status = Main.run(withFlag(withFlag(args(data, tmp.resolve("third"), "mh", 10), "--baseline-from",
                out.toString()), "--soma-clip", "none"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(why));
        assertEquals(2, status);
        assertTrue(why.toString().contains("--baseline-from " + out + ": its normalisation differs"), why.toString());
    }

    /** The figure after {@code name} on the final "validation loss:" line. */
    static double validationLoss(String text, String name) {
        String line = text.lines().filter(l -> l.startsWith("validation loss:")).reduce((a, b) -> b).orElseThrow();
        String rest = line.substring(line.indexOf(name) + name.length()).strip();
        return Double.parseDouble(rest.split("[ ,]")[0]);
    }

    @Test
    void noLinearSkipTrainsTheTowersAloneFromARandomStart() throws Exception {
        Path out = tmp.resolve("plain");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String[] base = args(dataset(), out, "mh", 10);
        String[] a = Arrays.copyOf(base, base.length + 1);
        a[base.length] = "--no-linear-skip";
        int status = Main.run(a, new PrintStream(buf), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status, buf.toString());
        assertFalse(buf.toString().contains("starting from the linear filter"), buf.toString());
        assertTrue(Files.readString(out.resolve("surrogate.json")).contains("\"linear_skip\" : false"));
    }

    @Test
    void localInputTrainsThePerSegmentPathAndRecordsIt() throws Exception {
        Path out = tmp.resolve("local");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String[] base = args(dataset(), out, "mmoe", 10);
        String[] a = Arrays.copyOf(base, base.length + 1);
        a[base.length] = "--local-input";
        int status = Main.run(a, new PrintStream(buf), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status, buf.toString());
        assertTrue(buf.toString().contains("with the per-segment local input path"), buf.toString());
        assertTrue(Files.readString(out.resolve("surrogate.json")).contains("\"local_input\" : true"));
    }

    @Test
    void skipTasksSpikeStartsTheSpikeLogitFromTheFilterAndTheVoltagesFromScratch() throws Exception {
        Path out = tmp.resolve("spike-skip");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = Main.run(withFlag(args(dataset(), out, "mh", 10), "--skip-tasks", "spike"),
                new PrintStream(buf), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status, buf.toString());
        assertTrue(buf.toString().contains("spike logit starting from the linear filter"), buf.toString());
        String json = Files.readString(out.resolve("surrogate.json"));
        assertTrue(json.contains("\"linear_skip\" : true") && json.contains("\"linear_skip_tasks\" : \"spike\""),
                json);
    }

    @Test
    void anLstmTrunkOnTheFirstTrainingSimulationsTrainsSavesReloadsAndResumes() throws Exception {
        Path data = dataset();
        Path out = tmp.resolve("lstm");
        String[] a = withFlag(withFlag(withFlag(withFlag(withFlag(args(data, out, "mmoeex", 10), "--trunk", "lstm"),
                "--lstm-units", "6"), "--warm-up", "10"), "--train-sims", "3"), "--soma-weight", "4");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = Main.run(a, new PrintStream(buf), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status, buf.toString());
        assertTrue(buf.toString().contains(": 3 training and 2 validation simulations"), buf.toString());
        String json = Files.readString(out.resolve("surrogate.json"));
        assertTrue(json.contains("\"trunk\" : \"lstm\"") && json.contains("\"lstm_units\" : 6")
                && json.contains("\"warm_up\" : 10") && json.contains("\"receptive_field\" : 11"), json);
        try (org.neurosurrogate.surrogate.Surrogate s = org.neurosurrogate.surrogate.Surrogate.load(out)) {
            assertTrue(s.net().isRecurrent());
            assertEquals(11, s.net().receptiveField());
        }
        a[Arrays.asList(a).indexOf("--steps") + 1] = "15";
        buf.reset();
        status = Main.run(a, new PrintStream(buf), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, status, buf.toString());
        assertTrue(buf.toString().contains("resuming from step 10"), buf.toString());
    }

    @Test
    void recurrentAndCurveFlagsAreCheckedNamingTheFlag() {
        Path data = dataset();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        String[] base = args(data, tmp.resolve("m"), "mh", 3);
        String[][] bad = {
            withFlag(base, "--warm-up", "10"), withFlag(base, "--lstm-units", "8"), withFlag(base, "--trunk", "gru"),
            withFlag(withFlag(base, "--trunk", "lstm"), "--lstm-units", "0"), withFlag(base, "--train-sims", "0"),
            withFlag(base, "--train-sims", "7"), withFlag(base, "--soma-weight", "-1")};
        String[] expected = {"--warm-up applies to --trunk lstm only", "--lstm-units applies to --trunk lstm only",
            "--trunk 'gru': one of tcn, lstm", "--lstm-units: must be >= 1", "--train-sims 0: must be in 1..6",
            "--train-sims 7: must be in 1..6", "--soma-weight -1.0: must be >= 0"};
        for (int i = 0; i < bad.length; i++) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, Main.run(bad[i], sink, new PrintStream(err)), expected[i]);
            assertTrue(err.toString().contains(expected[i]), err.toString());
        }
    }

    @Test
    void userErrorsExitWithStatus2() {
        Path data = dataset();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, Main.run(new String[] {"train", "--data", data.toString(), "--out", tmp.toString()}, sink,
                new PrintStream(err)));
        assertTrue(err.toString().contains("--arch"), err.toString());
        err.reset();
        String[] big = args(data, tmp.resolve("m"), "mh", 5);
        big[big.length - 1] = "3";
        String[] withBatch = Arrays.copyOf(big, big.length);
        withBatch[10] = "100000"; // the value of --batch
        withBatch[12] = "400"; // and of --window
        assertEquals(2, Main.run(withBatch, sink, new PrintStream(err)));
        assertTrue(err.toString().contains("lower --batch or --window"), err.toString());
        err.reset();
        assertEquals(2, Main.run(withFlag(big, "--baseline-lr", "0"), sink, new PrintStream(err)));
        assertTrue(err.toString().contains("--baseline-lr 0"), err.toString());
        err.reset();
        assertEquals(2, Main.run(withFlag(big, "--spike-weight", "-1"), sink, new PrintStream(err)));
        assertTrue(err.toString().contains("--spike-weight -1"), err.toString());
        err.reset();
        assertEquals(2, Main.run(withFlag(big, "--spike-pos-weight", "0"), sink, new PrintStream(err)));
        assertTrue(err.toString().contains("--spike-pos-weight 0.0: must be > 0"), err.toString());
        err.reset();
        assertEquals(2, Main.run(withFlag(big, "--skip-tasks", "voltages"), sink, new PrintStream(err)));
        assertTrue(err.toString().contains("--skip-tasks 'voltages': one of all, spike"), err.toString());
        err.reset();
        String[] noSkip = Arrays.copyOf(big, big.length + 1);
        noSkip[big.length] = "--no-linear-skip";
        assertEquals(2, Main.run(withFlag(noSkip, "--skip-tasks", "spike"), sink, new PrintStream(err)));
        assertTrue(err.toString().contains("--skip-tasks needs the linear skip path"), err.toString());
        for (String clip : new String[] {"abc", "500"}) {
            err.reset();
            assertEquals(2, Main.run(withFlag(big, "--soma-clip", clip), sink, new PrintStream(err)));
            assertTrue(err.toString().contains("--soma-clip") && err.toString().contains("none"), err.toString());
        }
    }

    /** {@code args} with {@code flag value} appended. */
    static String[] withFlag(String[] args, String flag, String value) {
        String[] out = Arrays.copyOf(args, args.length + 2);
        out[args.length] = flag;
        out[args.length + 1] = value;
        return out;
    }

    @Test
    void theLinearBaselineIsTrainedOncePerDatasetAndSettings() throws Exception {
        Path data = dataset();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(buf);
        assertEquals(0, Main.run(args(data, tmp.resolve("mh"), "mh", 10), sink, sink), buf.toString());
        assertTrue(buf.toString().contains("training the linear causal filter baseline"), buf.toString());
        assertTrue(buf.toString().contains("linear baseline kept in " + data.resolve("baselines")), buf.toString());
        String first = buf.toString();
        buf.reset();
        assertEquals(0, Main.run(args(data, tmp.resolve("mmoe"), "mmoe", 10), sink, sink), buf.toString());
        assertTrue(buf.toString().contains("taking the linear baseline cached in " + data.resolve("baselines")),
                "another architecture, the same baseline settings: " + buf);
        assertFalse(buf.toString().contains("training the linear causal filter baseline"), buf.toString());
        assertEquals(validationLoss(first, "linear filter"), validationLoss(buf.toString(), "linear filter"),
                "both surrogates carry the very same baseline: " + buf);
        buf.reset();
        assertEquals(0, Main.run(withFlag(args(data, tmp.resolve("other"), "mh", 10), "--baseline-steps", "7"), sink,
                sink), buf.toString());
        assertTrue(buf.toString().contains("training the linear causal filter baseline with the same loop (7 steps"),
                "other baseline settings train their own: " + buf);
    }
}
