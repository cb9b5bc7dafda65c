package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.data.generate.DatasetGenerator;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code demo --quick}: a first look in under a minute, without a dataset or training. */
final class QuickDemo {
    private QuickDemo() {
    }

    /** {@code demo --quick}: the built-in cell, its shipped surrogate on one new simulation, a short hybrid run. */
    static int run(Path dir, PythonEnvironment env, PrintStream out) throws Exception {
        for (String old : new String[] {"quick-simulation", "report-shipped", "hybrid"}) {
            FileTrees.deleteTree(dir.resolve(old));
        }
        out.println("== 1. the model ==");
        int status = new InfoCommand().run(new String[] {"--model", Options.DEFAULT_MODEL}, out);
        if (status != 0) {
            return status;
        }
        out.println();
        out.println("== 2. one new 1500-ms simulation under the published protocol, and the shipped surrogate "
                + "(builtin:l5pc) against it ==");
        Path data = dir.resolve("quick-simulation");
        new DatasetGenerator(env, out).generate(new DatasetGenerator.Request(ModelSpec.resolve(Options.DEFAULT_MODEL,
                env.home()), InputProtocol.BENIAGUEV_2021, 1, 1500, 1, 3, 1, null), data);
        status = new EvaluateCommand().run(new String[] {"--surrogate", "builtin:l5pc", "--data", data.toString(),
                "--split", "all", "--out", dir.resolve("report-shipped").toString()}, out);
        if (status != 0) {
            return status;
        }
        out.println();
        out.println("== 3. a hybrid network for 300 ms: 4 L5PCs, 3 of them surrogates, against all-detailed ==");
        status = new HybridCommand().run(new String[] {"--network",
                env.home().resolve("examples/networks/l5pc-demo.json").toString(), "--out",
                dir.resolve("hybrid").toString(), "--validate", "--duration", "300"}, out);
        if (status != 0) {
            return status;
        }
        out.println();
        out.println("== done: " + dir.resolve("report-shipped/traces.png") + ", " + dir.resolve("hybrid/validation.md")
                + "; ./neurosurrogate demo runs the whole pipeline ==");
        return 0;
    }
}
