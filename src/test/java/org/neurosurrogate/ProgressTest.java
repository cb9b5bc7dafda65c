package org.neurosurrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void plainLinesPrintAMilestoneAtOnceAndOrdinaryStepsOnlyAfterTheInterval() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = Progress.start("train", 10, "steps", new PrintStream(buf), 3600)) {
            p.step(1, "loss 1");
            p.step(1, "loss 2");
            assertEquals("", buf.toString(), "within the interval nothing is printed");
            p.milestone(1, "loss 3, val 0.5");
            assertTrue(buf.toString().startsWith("train: 3/10 steps") && buf.toString().contains("val 0.5"),
                    buf.toString());
            p.step(7, "loss 4");
        }
        assertEquals(2, buf.toString().lines().count(), "the last step prints the final line: " + buf);
    }
}
