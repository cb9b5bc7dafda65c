package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.FileTrees;
import org.neurosurrogate.data.SimulationFile;
import org.neurosurrogate.data.generate.DatasetGenerator;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.PoissonDrive;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * {@code neurosurrogate demo}: the main job on built-in defaults, in minutes: the built-in L5PC's summary,
 * one short simulation, a small balanced-protocol dataset with its statistics, a briefly trained MH
 * surrogate (the pipeline), the shipped pretrained surrogate evaluated against NEURON on that unseen data, and a
 * small hybrid network validated against all-detailed, then a network of 100 surrogate cells. It grows with each
 * capability.
 */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "the pipeline on built-in defaults: model, simulation, dataset, training, evaluation, hybrid network";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Options.model())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("output folder (default neurosurrogate-demo)").build())
                .addOption(Option.builder().longOpt("quick")
                        .desc("a first look in under a minute: the model, the shipped surrogate against NEURON on one "
                                + "new simulation, and a 300-ms hybrid network (no dataset, no training)").build());
        CommandLine cl = Options.parse(options, args, "demo [--model M] [--out DIR]", out);
        if (cl == null) {
            return 0;
        }
        Path dir = Path.of(cl.getOptionValue("out", "neurosurrogate-demo"));
        Files.createDirectories(dir);
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        if (cl.hasOption("quick")) {
            return QuickDemo.run(dir, env, out);
        }
        out.println("== 1. the model ==");
        double neuronWallS; // NEURON's wall time for one cell and simulated second (step 2), step 7's yardstick
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            InfoCommand.print(cell, out);
            out.println();
            out.println("== 2. one simulation: 1000 ms under a Poisson drive, seed 1 ==");
            long started = System.nanoTime();
            SimulationResult result = SimulateCommand.simulate(cell,
                    new PoissonDrive(PoissonDrive.DEFAULT_EXC_HZ, PoissonDrive.DEFAULT_INH_HZ), 1000, 1);
            neuronWallS = (System.nanoTime() - started) / 1e9;
            Path file = dir.resolve("simulation.h5");
            SimulationFile.write(file, result, cell.segments(), SimulateCommand.provenance(cell, 1));
            SimulateCommand.summarise(result, cell.segments(), out);
            out.printf("wall time        %.1f s for 1 s simulated%n", neuronWallS);
            out.printf("wrote %s%n", file);
        }
        out.println();
        out.println("== 3. a small training dataset: 4 simulations x 2000 ms under the Beniaguev et al. (2021) protocol, "
                + "2 workers ==");
        Path data = dir.resolve("dataset");
        for (String old : new String[] {"dataset", "surrogate-mh", "report", "report-pipeline", "report-shipped",
            "hybrid", "network-100"}) {
            // fresh each demo, so an edited model never clashes with old data
            FileTrees.deleteTree(dir.resolve(old));
        }
        new DatasetGenerator(env, out).generate(new DatasetGenerator.Request(spec, InputProtocol.BENIAGUEV_2021, 4, 2000,
                2, 1, 2, null), data);
        DatasetStats.print(data, out);
        out.println();
        out.println("== 4. the training pipeline: MH network, 30 steps of 8 balanced 300-ms windows (a demo, not a fit) ==");
        Path model = dir.resolve("surrogate-mh");
        int status = new TrainCommand().run(new String[] {"--data", data.toString(), "--arch", "mh", "--out",
                model.toString(), "--steps", "30", "--batch", "8", "--eval-every", "15", "--validation-windows", "16"},
                out);
        if (status != 0) {
            return status;
        }
        status = new EvaluateCommand().run(new String[] {"--surrogate", model.toString(), "--data", data.toString(),
                "--out", dir.resolve("report-pipeline").toString()}, out);
        if (status != 0) {
            return status;
        }
        boolean builtin = spec.folder().equals(env.home().resolve("hoc/l5pc").toAbsolutePath().normalize());
        if (!builtin) {
            out.println();
            out.println("(steps 5 and 6 use the shipped surrogate of builtin:l5pc; skipped for " + spec.name() + ")");
            return summary(dir, false, out);
        }
        out.println();
        out.println("== 5. the shipped pretrained surrogate (builtin:l5pc) against NEURON on these 4 simulations, which "
                + "it never saw ==");
        status = new EvaluateCommand().run(new String[] {"--surrogate", "builtin:l5pc", "--data", data.toString(),
                "--split", "all", "--out", dir.resolve("report-shipped").toString()}, out);
        if (status != 0) {
            return status;
        }
        out.println();
        out.println("== 6. a hybrid network: 4 L5PCs, 3 of them surrogates, spikes both ways; validated against the "
                + "same network all-detailed ==");
        status = new HybridCommand().run(new String[] {"--network",
                env.home().resolve("examples/networks/l5pc-demo.json").toString(), "--out",
                dir.resolve("hybrid").toString(), "--validate"}, out);
        if (status != 0) {
            return status;
        }
        status = DemoScaleStep.run(dir, env, neuronWallS, out);
        if (status != 0) {
            return status;
        }
        return summary(dir, true, out);
    }

    /** The closing summary: every output, and the one command that scales each step up. */
    private static int summary(Path dir, boolean full, PrintStream out) {
        out.println();
        out.println("== done: outputs in " + dir + " ==");
        out.println("  simulation.h5                one NEURON simulation  -> ./neurosurrogate simulate --duration 6000 "
                + "--out run.h5");
        out.println("  dataset/                     training data          -> ./neurosurrogate generate --simulations 400 "
                + "--duration 6000 --workers 2 --out data/l5pc");
        out.println("  surrogate-mh/, report-pipeline/  the 30-step pipeline demo -> ./neurosurrogate train --data "
                + "data/l5pc --arch mmoe --out models/l5pc-mmoe");
        if (full) {
            out.println("  report-shipped/report.md, traces.png  the shipped surrogate vs NEURON -> ./neurosurrogate "
                    + "evaluate --surrogate builtin:l5pc --data DIR --split all --out REPORT");
            out.println("  hybrid/validation.md, hybrid/rates.png, hybrid/*/raster.png  the hybrid network -> mpirun -n 2 "
                    + "./neurosurrogate hybrid --network examples/networks/l5pc-20.json --out runs/l5pc-20 --validate");
            out.println("  network-100/raster.png, summary.json  100 surrogate L5PCs -> ./neurosurrogate bench hybrid "
                    + "--scale --out runs/bench-scale (100 to 1000 cells against NEURON)");
        }
        return 0;
    }
}
