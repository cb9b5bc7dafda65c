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
 * surrogate and its evaluation against NEURON. It grows with each capability.
 */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "the pipeline on built-in defaults: model, simulation, dataset, surrogate, evaluation";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Options.model())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("output folder (default neurosurrogate-demo)").build());
        CommandLine cl = Options.parse(options, args, "demo [--model M] [--out DIR]", out);
        if (cl == null) {
            return 0;
        }
        Path dir = Path.of(cl.getOptionValue("out", "neurosurrogate-demo"));
        Files.createDirectories(dir);
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        out.println("== 1. the model ==");
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            InfoCommand.print(cell, out);
            out.println();
            out.println("== 2. one simulation: 1000 ms under a Poisson drive, seed 1 ==");
            long started = System.nanoTime();
            SimulationResult result = SimulateCommand.simulate(cell,
                    new PoissonDrive(SimulateCommand.DEFAULT_EXC_HZ, SimulateCommand.DEFAULT_INH_HZ), 1000, 1);
            double wall = (System.nanoTime() - started) / 1e9;
            Path file = dir.resolve("simulation.h5");
            SimulationFile.write(file, result, cell.segments(), SimulateCommand.provenance(cell, 1));
            SimulateCommand.summarise(result, cell.segments(), out);
            out.printf("wall time        %.1f s for 1 s simulated%n", wall);
            out.printf("wrote %s%n", file);
        }
        out.println();
        out.println("== 3. a small training dataset: 4 simulations x 1500 ms under the Beniaguev et al. (2021) protocol, "
                + "2 workers ==");
        Path data = dir.resolve("dataset");
        for (String old : new String[] {"dataset", "surrogate-mh", "report"}) {
            // fresh each demo, so an edited model never clashes with old data
            FileTrees.deleteTree(dir.resolve(old));
        }
        new DatasetGenerator(env, out).generate(new DatasetGenerator.Request(spec, InputProtocol.BENIAGUEV_2021, 4, 1500,
                2, 1, 2, null), data);
        DatasetStats.print(data, out);
        out.println();
        out.println("== 4. a surrogate: MH network, 30 training steps of 8 balanced 300-ms windows (a demo, not a fit) ==");
        Path model = dir.resolve("surrogate-mh");
        int status = new TrainCommand().run(new String[] {"--data", data.toString(), "--arch", "mh", "--out",
                model.toString(), "--steps", "30", "--batch", "8", "--eval-every", "15", "--validation-windows", "16"},
                out);
        if (status != 0) {
            return status;
        }
        out.println();
        out.println("== 5. the surrogate against NEURON on the held-out simulation ==");
        return new EvaluateCommand().run(new String[] {"--surrogate", model.toString(), "--data", data.toString(),
                "--out", dir.resolve("report").toString()}, out);
    }
}
