package org.neurosurrogate.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.NormalisationStats;
import org.neurosurrogate.data.ShardFile;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;
import org.neurosurrogate.model.SurrogateNet;
import org.neurosurrogate.model.TaskLayout;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;
import org.neurosurrogate.neuron.SimulationResult;
import org.neurosurrogate.neuron.SpikeTrains;

/**
 * A tiny learnable dataset: S = 4 segments, 400-ms simulations. Segment s's voltage is −65 mV plus an
 * exponentially decaying trace of its excitatory inputs minus one of its inhibitory inputs; the soma is their
 * mean; the cell spikes 1.5 ms after both excitatory channels 0 and 1 fired in the same ms.
 */
public final class TinyData {
    public static final int S = 4;
    public static final int DURATION = 400;
    public static final int BURN_IN = 50;
    public static final int[] TRAIN = {0, 1, 2, 3, 4, 5};
    public static final int[] VALIDATION = {6, 7};
    /** R = 1 + 2·(3 − 1)·(1 + 2) = 13. */
    public static final Hyper HYPER = Hyper.builder().optChannels(4, 3).optKernel(3).optDilations(1, 2).optTowerUnits(4)
            .optExperts(2).optExclusivity(0.5).optDropout(0.1f).build();

    private TinyData() {
    }

    public static SegmentTable segments(int s) {
        String[] section = new String[s];
        Region[] region = new Region[s];
        double[][] centre = new double[s][];
        double[] ramp = new double[s];
        for (int i = 0; i < s; i++) {
            section[i] = "dend[" + i + "]";
            region[i] = Region.values()[i % Region.values().length];
            centre[i] = new double[] {i, 0, 0};
            ramp[i] = 10 + i;
        }
        double[] x = new double[s];
        Arrays.fill(x, 0.5);
        return new SegmentTable(section, x, ramp, region, ramp.clone(), ramp.clone(), centre);
    }

    public static SimulationResult simulation(int sim) {
        SplittableRandom rng = new SplittableRandom(500 + sim);
        int c = 2 * S;
        boolean[][] on = new boolean[DURATION][c];
        List<double[]> ev = new ArrayList<>();
        List<Double> spikes = new ArrayList<>();
        for (int t = 0; t < DURATION; t++) {
            for (int ch = 0; ch < c; ch++) {
                if (rng.nextDouble() < 0.2) {
                    on[t][ch] = true;
                    ev.add(new double[] {t, ch});
                }
            }
            if (on[t][0] && on[t][1] && t + 2 < DURATION) {
                spikes.add(t + 1.5);
            }
        }
        float[] v = new float[DURATION * S];
        float[] soma = new float[DURATION];
        double[] trace = new double[c];
        for (int t = 0; t < DURATION; t++) {
            double sum = 0;
            for (int ch = 0; ch < c; ch++) {
                trace[ch] = trace[ch] * 0.7 + (on[t][ch] ? 1 : 0);
            }
            for (int s = 0; s < S; s++) {
                float vs = (float) (-65 + 4 * trace[s] - 3 * trace[S + s]);
                v[t * S + s] = vs;
                sum += vs;
            }
            soma[t] = (float) (sum / S);
        }
        SpikeTrains inputs = new SpikeTrains(ev.stream().mapToDouble(e -> e[0]).toArray(),
                ev.stream().mapToInt(e -> (int) e[1]).toArray(), c);
        return new SimulationResult(DURATION, v, S, soma, 1.0, spikes.stream().mapToDouble(Double::doubleValue)
                .toArray(), inputs, 900L + sim);
    }

    /** Writes simulations 0..7 into two shards of {@code dir} and opens them. */
    public static DatasetReader write(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int shard = 0; shard < 2; shard++) {
            int[] sims = {4 * shard, 4 * shard + 1, 4 * shard + 2, 4 * shard + 3};
            List<SimulationResult> results = new ArrayList<>();
            for (int sim : sims) {
                results.add(simulation(sim));
            }
            ShardFile.write(dir.resolve(ShardFile.fileName(shard)), "tiny-model", sims[0], results, sims, segments(S));
        }
        return DatasetReader.openFolder(dir);
    }

    public static TrainConfig.Builder config(Arch arch) {
        return TrainConfig.builder(arch).optHyper(HYPER).optWindowMs(40).optBatch(4).optMaxSteps(3).optEvalEvery(2)
                .optCheckpointEvery(2).optValidationWindows(8).optBurnInMs(BURN_IN).optLr(3e-3).optSeed(7)
                .optPatience(0);
    }

    public static SurrogateNet net(Arch arch) {
        return SurrogateNet.create(arch, new TaskLayout(S), 2 * S, HYPER);
    }

    public static TrainingData data(DatasetReader reader, TrainConfig cfg, int receptiveField) {
        NormalisationStats stats = NormalisationStats.compute(reader, TRAIN, BURN_IN);
        List<Window> validation = SurrogateTrainer.validationWindows(reader, VALIDATION, receptiveField, cfg);
        return TrainingData.of(reader, TRAIN, stats, validation);
    }
}
