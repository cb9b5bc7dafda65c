package org.neurosurrogate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    @TempDir
    Path dir;

    @Test
    void oneRowPerArchitectureInTheOrderGiven() throws IOException {
        Fixtures.report("mh", 0.2).write(dir.resolve("mh"));
        Fixtures.report("mmoe", 0.1).write(dir.resolve("mmoe"));
        String md = Comparison.markdown(Comparison.read(List.of(dir.resolve("mmoe"), dir.resolve("mh"))));
        List<String> lines = md.lines().toList();
        assertEquals(4, lines.size(), md);
        assertTrue(lines.get(0).startsWith("| arch | soma RMSE (mV) | soma EV | mean segment RMSE (mV) | basal RMSE |"));
        assertTrue(lines.get(0).endsWith("| spike AUC | TPR@1%FPR | timing recall ±5 ms |"));
        assertTrue(lines.get(2).startsWith("| mmoe |"));
        assertTrue(lines.get(3).startsWith("| mh |"));
        int columns = lines.get(0).split("\\|", -1).length;
        for (String l : lines) {
            assertEquals(columns, l.split("\\|", -1).length, "ragged row: " + l);
        }
    }

    @Test
    void cellsCarryTheModelsNumbers() {
        Report r = Fixtures.report("mmoe", 0.1);
        String row = Comparison.markdown(List.of(r)).lines().toList().get(2);
        assertTrue(row.contains(Report.fmt(r.model().soma().rmse())), row);
        assertTrue(row.contains(Report.fmt(r.model().spikes().auc())), row);
        // timing recall ±5 ms in the fixture: 25-26 and 50-54 of 25, 50, 75
        assertTrue(row.endsWith("| 0.6667 |"), row);
    }
}
