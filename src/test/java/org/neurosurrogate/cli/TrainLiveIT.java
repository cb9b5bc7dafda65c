package org.neurosurrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.data.DatasetManifest;
import org.neurosurrogate.surrogate.Surrogate;

/** {@code train --live}: a held-out set generated first, then training on simulations made meanwhile. */
class TrainLiveIT {
    @TempDir
    Path dir;

    @Test
    void liveTrainingGeneratesTheHeldOutSetFirstAndSavesASurrogate() throws Exception {
        Path out = dir.resolve("live");
        TestSupport.Captured c = new TestSupport.Captured();
        int status = Main.run(new String[] {"train", "--live", "--model",
                TestSupport.home().resolve("examples/ball-and-stick").toString(), "--arch", "mh", "--out",
                out.toString(), "--duration", "1000", "--validation-sims", "3", "--steps", "8", "--batch", "4",
                "--buffer", "4", "--workers", "2", "--eval-every", "4", "--validation-windows", "8"},
                c.outStream, c.errStream);
        assertEquals(0, status, c.out() + c.err());
        assertEquals(3, DatasetManifest.read(out.resolve("validation-data")).shards.stream()
                .mapToInt(s -> s.simulations().size()).sum(), "held-out simulations made first");
        assertTrue(c.out().contains("validation loss: mh"), c.out());
        assertTrue(Files.isRegularFile(out.resolve(Surrogate.JSON)));
        try (Surrogate s = Surrogate.load(out)) {
            assertEquals(22, s.segments().size());
        }
    }
}
