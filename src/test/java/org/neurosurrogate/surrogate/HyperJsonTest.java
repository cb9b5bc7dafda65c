package org.neurosurrogate.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurosurrogate.model.Arch;
import org.neurosurrogate.model.Hyper;

/** The hyper-parameters' form in surrogate.json, read back. */
class HyperJsonTest {
    @Test
    void skipTasksSurviveTheRoundTripAndOlderFilesMeanAll() {
        Hyper spike = Hyper.builder().optSkipTasks(Hyper.SkipTasks.SPIKE).build();
        Map<String, Object> m = asJson(Surrogate.hyperMap(spike, Arch.MH));
        assertEquals("spike", m.get("linear_skip_tasks"));
        assertEquals(Hyper.SkipTasks.SPIKE, Surrogate.hyperFrom(m).skipTasks());
        m.remove("linear_skip_tasks"); // as saved before the field existed
        assertEquals(Hyper.SkipTasks.ALL, Surrogate.hyperFrom(m).skipTasks());
        m.put("linear_skip_tasks", "voltages");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Surrogate.hyperFrom(m));
        assertTrue(e.getMessage().contains("hyper.linear_skip_tasks 'voltages'"), e.getMessage());
    }

    @Test
    void theLocalInputPathSurvivesTheRoundTripAndOlderFilesHaveNone() {
        Map<String, Object> m = asJson(Surrogate.hyperMap(Hyper.builder().optLocalInput(true).build(), Arch.MMOE));
        assertEquals(true, m.get("local_input"));
        assertTrue(Surrogate.hyperFrom(m).localInput());
        m.remove("local_input"); // as saved before the field existed
        assertFalse(Surrogate.hyperFrom(m).localInput());
    }

    /** {@code m} as surrogate.json's reader sees it: arrays become lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asJson(Map<String, Object> m) {
        return new ObjectMapper().convertValue(m, LinkedHashMap.class);
    }
}
