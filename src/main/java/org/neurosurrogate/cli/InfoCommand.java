package org.neurosurrogate.cli;

import java.io.PrintStream;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.neurosurrogate.neuron.CellMorphology;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** {@code neurosurrogate info --model M}: builds the cell in NEURON and prints what it is made of. */
final class InfoCommand implements Command {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "print a model's sections, segments per region, mechanisms and input channels";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        org.apache.commons.cli.Options options = new org.apache.commons.cli.Options().addOption(Options.model());
        CommandLine cl = Options.parse(options, args, "info [--model M]", out);
        if (cl == null) {
            return 0;
        }
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.resolve(cl.getOptionValue("model", Options.DEFAULT_MODEL), env.home());
        try (CellSimulator cell = CellSimulator.open(spec, env)) {
            print(cell, out);
        }
        return 0;
    }

    static void print(CellSimulator cell, PrintStream out) {
        ModelSpec spec = cell.spec();
        CellMorphology m = cell.morphology();
        SegmentTable seg = m.segments();
        out.printf("model            %s (%s)%n", spec.name(), spec.folder());
        out.printf("model hash       %s%n", cell.modelHash());
        out.printf("NEURON           %s; celsius %.1f °C, v_init %.1f mV, dt %.3f ms (fixed step)%n",
                cell.neuronVersion(), spec.celsius(), spec.vInit(), spec.dt());
        out.printf("sections         %d (%d segments in all)%n", m.sectionCount(), m.totalSegments());
        out.printf("recorded         %d segments from section lists %s%n", seg.size(), spec.recordedLists());
        Map<Region, Integer> byRegion = seg.countByRegion();
        for (Region r : Region.values()) {
            out.printf("  %-14s %4d segments%n", r.label(), byRegion.get(r));
        }
        out.printf("input channels   %d = %d excitatory (%s) + %d inhibitory (%s), one of each per recorded segment%n",
                seg.inputChannels(), seg.size(), spec.synapses().excitatory(), seg.size(), spec.synapses().inhibitory());
        out.println("mechanisms       (sections carrying each)");
        m.mechanismSectionCounts().forEach((name, n) -> out.printf("  %-14s %4d%n", name, n));
    }
}
