package org.neurosurrogate.data.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.data.DatasetReader;
import org.neurosurrogate.data.ShardFile;
import org.neurosurrogate.data.WindowSource;
import org.neurosurrogate.neuron.InputProtocol;
import org.neurosurrogate.neuron.ModelSpec;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/** The live stream gives each step the simulations its schedule names, spools them, and resumes from the spool. */
class LiveSourceIT {
    @TempDir
    Path dir;

    @Test
    void aStepGetsItsScheduledSimulationsAndARestartedStreamReloadsThem() throws Exception {
        PythonEnvironment env = PythonEnvironment.locate();
        ModelSpec spec = ModelSpec.load(TestSupport.home().resolve("examples/ball-and-stick"));
        StreamSchedule schedule = new StreamSchedule(2, 1, 1, 21);
        Path spool = dir.resolve("spool");
        LiveSource.Settings settings = new LiveSource.Settings(spec, InputProtocol.BENIAGUEV_2021, 1000, 21, 2,
                schedule, spool);
        float[] simulation4;
        try (LiveSource live = LiveSource.start(env, settings, 0, System.out)) {
            assertNull(live.forStep(0, System.nanoTime()), "nothing is simulated at once: a passed deadline gives null");
            WindowSource first = live.forStep(0, System.nanoTime() + 120_000_000_000L);
            assertArrayEquals(new int[] {0, 1}, first.simulations());
            WindowSource later = live.forStep(3, System.nanoTime() + 120_000_000_000L);
            assertArrayEquals(schedule.members(3), later.simulations());
            assertEquals(3, later.simulations().length, "newest 2 and one older from the reservoir");
            simulation4 = later.readWindow(4, 0, 1000).targets();
            Set<Integer> kept = spooled(spool);
            Set<Integer> allowed = Arrays.stream(schedule.members(3)).boxed().collect(Collectors.toSet());
            allowed.addAll(List.of(5, 6));
            assertTrue(allowed.containsAll(kept), "the spool keeps the members and the lookahead only: " + kept);
        }
        try (LiveSource again = LiveSource.start(env, settings, 3, System.out)) {
            WindowSource resumed = again.forStep(3, System.nanoTime() + 120_000_000_000L);
            assertArrayEquals(schedule.members(3), resumed.simulations());
            assertArrayEquals(simulation4, resumed.readWindow(4, 0, 1000).targets(), "reloaded or made again alike");
        }
        // The stream's simulation i is the batch generator's simulation i of the same seed.
        Path batch = dir.resolve("batch");
        new DatasetGenerator(env, System.out).generate(new DatasetGenerator.Request(spec, InputProtocol.BENIAGUEV_2021,
                5, 1000, 5, 21, 1, null), batch);
        try (DatasetReader b = DatasetReader.openFolder(batch)) {
            assertArrayEquals(b.readWindow(4, 0, 1000).targets(), simulation4);
        }
        // So such a dataset can stand for the stream's first simulations: read, not simulated again.
        Path spool2 = dir.resolve("spool2");
        try (LiveSource fromData = LiveSource.start(env, new LiveSource.Settings(spec, InputProtocol.BENIAGUEV_2021,
                1000, 21, 2, schedule, spool2, batch, 2), 3, System.out)) {
            WindowSource w = fromData.forStep(3, System.nanoTime() + 120_000_000_000L);
            assertArrayEquals(simulation4, w.readWindow(4, 0, 1000).targets());
            assertTrue(Set.of(5, 6).containsAll(spooled(spool2)), "members read from the dataset, not simulated");
        }
        NeuroSurrogateException e = assertThrows(NeuroSurrogateException.class, () -> LiveSource.start(env,
                new LiveSource.Settings(spec, InputProtocol.BENIAGUEV_2021, 1000, 22, 2, schedule, dir.resolve("s3"),
                        batch, 2), 0, System.out));
        assertTrue(e.getMessage().startsWith("--prefix-data " + batch) && e.getMessage().contains("seed"),
                e.getMessage());
    }

    private static Set<Integer> spooled(Path spool) throws Exception {
        try (var files = Files.list(spool)) {
            return files.map(f -> ShardFile.indexOf(f.getFileName().toString())).filter(i -> i != null)
                    .collect(Collectors.toSet());
        }
    }
}
