package org.neurosurrogate;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * A surrogate of a real cell model with untrained weights, saved like a trained one (no model fingerprint, so any
 * build of the model accepts it): what speed tests need when the architecture, not the fit, is under test.
 */
public final class RandomSurrogate {
    private RandomSurrogate() {
    }

    /**
     * @param model a model reference ({@code builtin:NAME} or a folder)
     * @param arch the architecture
     * @param hyper its sizes
     * @param out the folder to save it in
     * @return {@code out}
     */
    public static Path save(String model, Arch arch, Hyper hyper, Path out) throws Exception {
        SegmentTable table;
        PythonEnvironment env = PythonEnvironment.locate();
        try (CellSimulator cell = CellSimulator.open(ModelSpec.resolve(model, env.home()), env)) {
            table = cell.segments();
        }
        int s = table.size();
        SurrogateNet net = SurrogateNet.create(arch, new TaskLayout(s), table.inputChannels(), hyper);
        double[] mean = new double[s + 1];
        double[] std = new double[s + 1];
        Arrays.fill(mean, -65);
        Arrays.fill(std, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, table.inputChannels(), net.receptiveField()));
            Surrogate.of(net, hyper, table, new NormalisationStats(mean, std, 1, 0), Map.of(), m).save(out);
        }
        return out;
    }
}
