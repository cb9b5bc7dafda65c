package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.data.SimulationFile;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.PoissonDrive;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code neurosurrogate simulate}: one NEURON simulation under a Poisson drive, written as HDF5. */
final class SimulateCommand implements Command {
    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "run one NEURON simulation under a Poisson drive and write it as HDF5";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options()
                .addOption(Options.model())
                .addOption(Option.builder("d").longOpt("duration").hasArg().argName("MS")
                        .desc("simulated time in ms (default 1000)").build())
                .addOption(Option.builder("s").longOpt("seed").hasArg().argName("S")
                        .desc("seed of the input spike trains (default 1)").build())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("FILE.h5").required()
                        .desc("output HDF5 file").build())
                .addOption(Option.builder().longOpt("exc-hz").hasArg().argName("HZ")
                        .desc("total excitatory input spikes per second (default " + (int) PoissonDrive.DEFAULT_EXC_HZ + ")").build())
                .addOption(Option.builder().longOpt("inh-hz").hasArg().argName("HZ")
                        .desc("total inhibitory input spikes per second (default " + (int) PoissonDrive.DEFAULT_INH_HZ + ")").build());
        CommandLine cl = Options.parse(options, args,
                "simulate --out FILE.h5 [--model M] [--duration MS] [--seed S]", out);
        if (cl == null) {
            return 0;
        }
        int duration = Options.durationMs(cl, "duration", 1000);
        long seed = Options.longValue(cl, "seed", 1);
        PoissonDrive drive = drive(cl);
        Path target = Path.of(cl.getOptionValue("out"));
        AtomicFile.checkWritable(target, "--out");
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            SimulationResult result = simulate(cell, drive, duration, seed);
            SimulationFile.write(target, result, cell.segments(), provenance(cell, seed));
            summarise(result, cell.segments(), out);
            out.printf("wrote %s%n", target);
        }
        return 0;
    }

    static PoissonDrive drive(CommandLine cl) {
        double exc = Options.doubleValue(cl, "exc-hz", PoissonDrive.DEFAULT_EXC_HZ);
        double inh = Options.doubleValue(cl, "inh-hz", PoissonDrive.DEFAULT_INH_HZ);
        if (!(exc >= 0) || !(inh >= 0)) {
            throw new NeuroSurrogateException("--exc-hz and --inh-hz must be ≥ 0");
        }
        return new PoissonDrive(exc, inh);
    }

    static SimulationResult simulate(CellSimulator cell, PoissonDrive drive, int durationMs, long seed) {
        SpikeTrains inputs = drive.generate(cell.segments(), durationMs, seed);
        return cell.run(inputs, durationMs, seed);
    }

    static SimulationFile.Provenance provenance(CellSimulator cell, long seed) {
        ModelSpec s = cell.spec();
        return new SimulationFile.Provenance(s.name(), cell.modelHash(), cell.neuronVersion(), seed, s.dt(),
                s.celsius(), s.vInit());
    }

    /** Spikes, input counts, and voltage ranges per region. */
    static void summarise(SimulationResult r, SegmentTable seg, PrintStream out) {
        int n = seg.size();
        out.printf("simulated        %d ms, %d input spikes (%d excitatory, %d inhibitory)%n", r.durationMs(),
                r.inputs().size(), r.inputs().countChannels(0, n), r.inputs().countChannels(n, 2 * n));
        StringBuilder times = new StringBuilder();
        for (int i = 0; i < Math.min(10, r.spikeTimesMs().length); i++) {
            times.append(String.format(" %.1f", r.spikeTimesMs()[i]));
        }
        out.printf("somatic spikes   %d (%.1f Hz)%s%s%n", r.spikeTimesMs().length, r.firingRateHz(),
                times.length() > 0 ? "; at ms" + times : "", r.spikeTimesMs().length > 10 ? " ..." : "");
        float[] soma = r.somaPerMs();
        out.printf("  %-14s min %7.1f  mean %7.1f  max %7.1f mV%n", "soma", min(soma), mean(soma), max(soma));
        for (Region region : Region.values()) {
            int[] idx = seg.indicesOf(region);
            if (idx.length == 0) {
                continue;
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int t = 0; t < r.durationMs(); t++) {
                for (int s : idx) {
                    float v = r.voltages()[t * n + s];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    sum += v;
                }
            }
            out.printf("  %-14s min %7.1f  mean %7.1f  max %7.1f mV  (%d segments)%n", region.label(), lo,
                    sum / ((double) idx.length * r.durationMs()), hi, idx.length);
        }
    }

    private static double min(float[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (float v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(float[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s / a.length;
    }
}
