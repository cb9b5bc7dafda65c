package org.neurosurrogate.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.LinearCausalFilter;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * A real saved surrogate whose behaviour is known exactly, for network tests: an MH network started from a linear
 * filter set by hand, so it spikes (probability ≈ 1) in every 1-ms bin that holds an excitatory input event of
 * weight ≥ 1 on any segment and never otherwise (≈ 3e-7); its soma row rises 5 mV per such event in that bin.
 */
public final class HandWiredSurrogate {
    /** R = 1 + 2 · (2 − 1) · 1 = 3. */
    static final Hyper HYPER = Hyper.builder().optChannels(2).optKernel(2).optDilations(1).optTowerUnits(2)
            .optDropout(0f).optLinearSkip(true).build();
    static final double REST_MV = -65;

    private HandWiredSurrogate() {
    }

    /** Writes the surrogate for cells with segment table {@code table} into {@code dir}. */
    public static void write(Path dir, SegmentTable table, Map<String, Object> info) throws Exception {
        int s = table.size();
        int channels = table.inputChannels();
        TaskLayout layout = new TaskLayout(s);
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateNet net = SurrogateNet.create(Arch.MH, layout, channels, HYPER);
            Shape in = new Shape(1, channels, net.receptiveField());
            net.initialize(m, DataType.FLOAT32, in);
            int r = net.receptiveField();
            LinearCausalFilter filter = new LinearCausalFilter(channels, layout.tasks(), r);
            filter.initialize(m, DataType.FLOAT32, in);
            for (Pair<String, Parameter> p : filter.getParameters()) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[(int) a.size()];
                String name = p.getKey().replaceFirst("^\\d+", ""); // DJL prefixes child blocks' order: 01spatial_...
                if (name.startsWith("spatial")) {        // (K, C, 1): feature 0 = sum of the excitatory channels
                    for (int c = 0; c < s; c++) {
                        v[c] = 1;
                    }
                } else if (name.startsWith("temporal")) { // (K, K, R): feature 0 at lag 0 (the last tap)
                    v[r - 1] = 1;
                } else if (name.endsWith("weight")) {     // readout (tasks, K, 1)
                    int k = LinearCausalFilter.RANK;
                    v[layout.spikeIndex() * k] = 30;
                    v[layout.somaIndex() * k] = 5;
                } else {                                  // readout bias (tasks)
                    v[layout.spikeIndex()] = -15;
                }
                org.neurosurrogate.model.ParameterValues.overwrite(a, v);
            }
            net.startFrom(filter);
            double[] mean = new double[s + 1];
            double[] std = new double[s + 1];
            Arrays.fill(mean, REST_MV);
            Arrays.fill(std, 1);
            Surrogate sur = Surrogate.of(net, HYPER, table, new NormalisationStats(mean, std, 1, 0), info, m);
            sur.save(dir);
        }
    }
}
