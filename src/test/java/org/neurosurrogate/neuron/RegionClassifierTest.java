package org.neurosurrogate.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionClassifierTest {
    // soma(0) <- dend(1); soma <- apic0(2) <- obl(3); apic0 <- apic1(4) <- {tuftA(5), tuftB(6)}
    static final String[] NAMES = {"soma[0]", "dend[0]", "apic[0]", "apic[1]", "apic[2]", "apic[3]", "apic[4]"};
    static final int[] PARENT = {-1, 0, 0, 2, 2, 4, 4};
    static final double[] DIAM = {20, 2, 4, 1, 3, 1.5, 1.4};
    static final int[] SECTION_OF_SEGMENT = {1, 2, 3, 4, 5, 6};
    static final String[] LIST = {"basal", "apical", "apical", "apical", "apical", "apical"};

    static List<List<Integer>> children() {
        List<List<Integer>> c = new ArrayList<>();
        for (int i = 0; i < PARENT.length; i++) {
            c.add(new ArrayList<>());
        }
        for (int i = 1; i < PARENT.length; i++) {
            c.get(PARENT[i]).add(i);
        }
        return c;
    }

    @Test
    void inferredTrunkStopsAtTheSymmetricBifurcation() {
        Region[] r = RegionClassifier.classify(NAMES, PARENT, DIAM, children(), SECTION_OF_SEGMENT, LIST, null);
        assertArrayEquals(new Region[] {Region.BASAL, Region.APICAL_TRUNK, Region.OBLIQUE, Region.APICAL_TRUNK,
                Region.TUFT, Region.TUFT}, r);
    }

    @Test
    void explicitTrunkEndOverridesTheHeuristic() {
        Region[] r = RegionClassifier.classify(NAMES, PARENT, DIAM, children(), SECTION_OF_SEGMENT, LIST, "apic[0]");
        assertArrayEquals(new Region[] {Region.BASAL, Region.APICAL_TRUNK, Region.TUFT, Region.TUFT, Region.TUFT,
                Region.TUFT}, r);
    }

    @Test
    void trunkEndMustBeAnApicalSection() {
        assertThrows(IllegalArgumentException.class, () -> RegionClassifier.classify(NAMES, PARENT, DIAM, children(),
                SECTION_OF_SEGMENT, LIST, "dend[0]"));
    }
}
