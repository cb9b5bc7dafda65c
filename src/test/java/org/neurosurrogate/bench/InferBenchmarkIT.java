package org.neurosurrogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.RandomSurrogate;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.cli.Main;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;

/** {@code bench infer} on a tiny (untrained) surrogate of the example cell, against NEURON in the same command. */
class InferBenchmarkIT {
    static final String MODEL = TestSupport.home().resolve("examples/ball-and-stick").toString();
    static final Pattern WHOLE = Pattern.compile("^\\s*(\\d+) (dense|sparse)\\s+(\\d+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+"
            + "([\\d.]+)x\\s+([\\d.]+) GB$", Pattern.MULTILINE);
    static final Pattern STREAM = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)x\\s+"
            + "([\\d.]+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** An MMoE surrogate of the example cell with random weights, saved like a trained one. */
    private Path tinySurrogate() throws Exception {
        return RandomSurrogate.save(MODEL, Arch.MMOE, Hyper.builder().optChannels(8, 4).optKernel(5)
                .optDilations(1, 2).optTowerUnits(4).optExperts(2).build(), dir.resolve("surrogate"));
    }

    private static TestSupport.Captured run(String... args) {
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(args, c.outStream, c.errStream);
        c.outStream.printf("%nexit %d%n", status);
        return c;
    }

    private static int status(TestSupport.Captured c) {
        String[] lines = c.out().strip().split("\n");
        return Integer.parseInt(lines[lines.length - 1].replace("exit ", "").strip());
    }

    @Test
    void printsSpeedUpsAgainstNeuronForEachBatchLayerAndStreamingStep() throws Exception {
        Path surrogate = tinySurrogate();
        TestSupport.Captured c = run("bench", "infer", "--surrogate", surrogate.toString(), "--model", MODEL,
                "--duration", "100", "--batches", "1,3", "--repeats", "1", "--threads", "1", "--stream-duration", "20",
                "--stream-batches", "2", "--stream-steps", "1,5");
        assertEquals(0, status(c), c.out() + c.err());
        String out = c.out();
        assertTrue(out.contains("NEURON: same cell"), out);
        assertTrue(out.contains("same inputs: cell 0's soma"), out);
        Matcher m = WHOLE.matcher(out);
        List<String> rows = new java.util.ArrayList<>();
        while (m.find()) {
            rows.add(m.group(1) + " " + m.group(2));
            for (int g = 4; g <= 6; g++) {
                assertTrue(Double.parseDouble(m.group(g)) > 0, m.group());
            }
            assertEquals("1", m.group(3), "100 ms at batch 3 fits one chunk: " + m.group());
        }
        assertEquals(List.of("1 dense", "1 sparse", "3 dense", "3 sparse"), rows, out);
        Matcher st = STREAM.matcher(out.substring(out.indexOf("streaming")));
        int streamRows = 0;
        while (st.find()) {
            streamRows++;
            assertEquals("2", st.group(1));
            assertTrue(Double.parseDouble(st.group(4)) > 0 && Double.parseDouble(st.group(5)) > 0, st.group());
        }
        assertEquals(2, streamRows, out);
    }

    @Test
    void badInputGivesOneLineNamingTheFlag() throws Exception {
        TestSupport.Captured missing = run("bench", "infer", "--surrogate", dir.resolve("nothing").toString());
        assertEquals(Main.USAGE_ERROR, status(missing));
        assertTrue(missing.err().contains("--surrogate") && missing.err().strip().split("\n").length == 1,
                missing.err());
        Path surrogate = tinySurrogate();
        TestSupport.Captured batches = run("bench", "infer", "--surrogate", surrogate.toString(), "--batches", "1,x");
        assertEquals(Main.USAGE_ERROR, status(batches));
        assertTrue(batches.err().contains("--batches '1,x'"), batches.err());
        // another cell: in a fresh process, since NEURON loads one set of mechanisms per process
        TestSupport.Result other = TestSupport.launcher(Map.of(), "bench", "infer", "--surrogate",
                surrogate.toString(), "--model", "builtin:l5pc", "--duration", "10");
        assertEquals(Main.USAGE_ERROR, other.status(), other.stdout() + other.stderr());
        assertTrue(other.stderr().contains("--surrogate and --model are different cells"), other.stderr());
    }
}
