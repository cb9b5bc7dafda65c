package org.neurosurrogate.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.TestSupport;
import org.neurosurrogate.neuron.Region;

class NetworkSpecTest {
    static final String MODEL = TestSupport.home().resolve("examples/ball-and-stick").toString();
    static final String OK = """
            {"name": "t", "seed": 4, "duration_ms": 200,
             "populations": [
               {"name": "a", "model": "MODEL", "count": 3, "background": {"poisson": {"exc_hz": 100, "inh_hz": 50}}},
               {"name": "b", "model": "MODEL", "count": 2, "background": {"protocol": {}},
                "surrogate": {"path": "sur", "fraction": 0.5}}],
             "connections": [
               {"from": "a", "to": "b", "probability": 0.5, "synapse": "excitatory", "delay_ms": 2.5, "region": "tuft"},
               {"from": "b", "to": "a", "in_degree": 1, "synapse": "inhibitory", "weight": 2, "delay_ms": 3,
                "distance_um": [0, 100]}],
             "record": {"voltages": [0, 4]}}
            """;

    @TempDir
    Path dir;

    Path write(String json) throws Exception {
        Path f = dir.resolve("net.json");
        Files.writeString(f, json.replace("MODEL", MODEL));
        return f;
    }

    NeuroSurrogateException refused(String json) throws Exception {
        Path f = write(json);
        return assertThrows(NeuroSurrogateException.class, () -> NetworkSpec.load(f, TestSupport.home()));
    }

    @Test
    void readsEveryField() throws Exception {
        NetworkSpec s = NetworkSpec.load(write(OK), TestSupport.home());
        assertEquals("t", s.name());
        assertEquals(4, s.seed());
        assertEquals(5, s.cellCount());
        assertEquals(0, s.intervalMs());
        assertEquals(100, s.populations().get(0).background().poisson().excitatoryHz());
        assertNull(s.populations().get(0).surrogate());
        assertEquals(dir.resolve("sur"), s.populations().get(1).surrogate().path());
        assertEquals(0.5, s.populations().get(1).surrogate().fraction());
        NetworkSpec.ConnectionRule c = s.connections().get(1);
        assertEquals(NetworkSpec.Synapse.INHIBITORY, c.synapse());
        assertEquals(1, c.inDegree());
        assertEquals(100, c.maxDistanceUm());
        assertEquals(Region.TUFT, s.connections().get(0).region());
        assertEquals(java.util.List.of(0, 4), s.recordVoltages());
    }

    @Test
    void refusesUnknownFieldsNamingThemAndTheLine() throws Exception {
        String m = refused(OK.replace("\"delay_ms\": 2.5", "\"delay\": 2.5")).getMessage();
        assertTrue(m.contains("unknown field 'connections[0].delay'") && m.contains("net.json:7"), m);
    }

    @Test
    void refusesIllFormedJsonNamingTheLine() throws Exception {
        String m = refused(OK.replace("\"count\": 2,", "\"count\": 2")).getMessage();
        assertTrue(m.contains("net.json:4") && m.contains("not valid JSON"), m);
    }

    @Test
    void refusesBadValuesNamingTheField() throws Exception {
        String[][] cases = {
            {"\"to\": \"b\"", "\"to\": \"c\"", "connections[0].to 'c' is not a population"},
            {"\"region\": \"tuft\"", "\"region\": \"axon\"", "connections[0].region 'axon' is not a region"},
            {"\"in_degree\": 1", "\"in_degree\": 4", "connections[1].in_degree 4 must be within 0..2"},
            {"\"fraction\": 0.5", "\"cells\": [2]", "populations[1].surrogate.cells names cell 2"},
            {"\"voltages\": [0, 4]", "\"voltages\": [9]", "record.voltages names cell 9"},
            {"\"delay_ms\": 3,", "\"delay_ms\": -1,", "connections[1].delay_ms -1.0 must be > 0"},
            {"\"synapse\": \"inhibitory\"", "\"synapse\": \"gaba\"", "connections[1].synapse 'gaba'"},
            {"\"probability\": 0.5,", "", "connections[0] needs exactly one of 'probability'"},
            {"\"count\": 3", "\"count\": 0", "populations[0].count 0 must be ≥ 1"},
            {"\"name\": \"b\"", "\"name\": \"a\"", "populations[1].name 'a' is used twice"},
        };
        for (String[] c : cases) {
            String json = OK.replace(c[0], c[1]);
            assertTrue(!json.equals(OK), "case did not apply: " + c[0]);
            String m = refused(json).getMessage();
            assertTrue(m.contains(c[2]) && m.startsWith(dir.resolve("net.json").toString()), m);
            assertTrue(!m.contains("\n"), "one line: " + m);
        }
    }

    @Test
    void refusesAModelThatDoesNotExist() throws Exception {
        String m = refused(OK.replace("\"model\": \"MODEL\", \"count\": 3", "\"model\": \"nowhere\", \"count\": 3"))
                .getMessage();
        assertTrue(m.contains("populations[0].model 'nowhere'"), m);
    }
}
