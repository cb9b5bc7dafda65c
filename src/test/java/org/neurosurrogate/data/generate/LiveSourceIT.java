package org.neurosurrogate.data.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.data.BalancedWindowSampler;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.DatasetTools;
import org.neurosurrogate.data.Window;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** Live simulations streamed into a bounded buffer, sampled like a dataset, optionally kept as shards. */
class LiveSourceIT {
    @TempDir
    Path dir;

    @Test
    void liveSimulationsFillTheBufferAndMatchTheGeneratorForTheSameSeed() throws Exception {
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.load(TestSupport.home().resolve("examples/ball-and-stick"));
        PrintStream log = System.out;
        LiveSource.Settings settings = new LiveSource.Settings(spec, InputProtocol.BENIAGUEV_2021, 1000, 21, 2, 3,
                dir.resolve("spool"), true);
        WindowSource snap;
        try (LiveSource live = LiveSource.start(env, settings, log)) {
            live.awaitBuffered(3, 120_000);
            while (live.produced() < 5) {
                Thread.sleep(50);
            }
            snap = live.snapshot();
            assertEquals(3, snap.simulations().length, "bounded buffer keeps the newest 3");
            BalancedWindowSampler sampler = BalancedWindowSampler.builder(snap, snap.simulations()).setWindowMs(300)
                    .optScoredFromMs(100).optSeed(1).build();
            Window w = sampler.nextWindow();
            assertEquals(22, w.segments());
            assertEquals(300, w.lengthMs());
        }
        Path spool = dir.resolve("spool");
        assertEquals(0, DatasetTools.verify(spool, System.out), "kept simulations form a valid dataset");
        DatasetManifest kept = DatasetManifest.read(spool);
        assertTrue(kept.shards.size() >= 5, "all finished simulations kept: " + kept.shards.size());

        // The same stream seed through the batch generator gives the same simulation 0.
        Path batch = dir.resolve("batch");
        new DatasetGenerator(env, System.out).generate(new DatasetGenerator.Request(spec, InputProtocol.BENIAGUEV_2021,
                1, 1000, 1, 21, 1, null), batch);
        try (DatasetReader a = DatasetReader.open(List.of(spool.resolve("shard-00000.h5")));
             DatasetReader b = DatasetReader.openFolder(batch)) {
            assertArrayEquals(b.readWindow(0, 0, 1000).targets(), a.readWindow(0, 0, 1000).targets());
        }
    }
}
