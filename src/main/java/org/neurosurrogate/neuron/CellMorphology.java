package org.neurosurrogate.neuron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The section tree of an instantiated cell and its recorded segments. Sections are indexed as NEURON
 * walks the tree from the soma; names drop the template prefix ({@code L5PC[0].apic[3]} → {@code apic[3]}).
 *
 * @param sectionNames name of each section
 * @param parent parent section index (−1 for the root)
 * @param sectionLength section length, µm
 * @param nseg segments per section
 * @param proximalDiam diameter of each section's first segment, µm
 * @param mechanisms density mechanisms inserted in each section
 * @param segments the recorded segments
 */
public record CellMorphology(String[] sectionNames, int[] parent, double[] sectionLength, int[] nseg,
                             double[] proximalDiam, List<List<String>> mechanisms, SegmentTable segments) {

    /** Strips a hoc template prefix such as {@code L5PC[0].} from a section name. */
    public static String shortName(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    public int sectionCount() {
        return sectionNames.length;
    }

    public int totalSegments() {
        return Arrays.stream(nseg).sum();
    }

    /** For each mechanism, the number of sections that carry it. */
    public Map<String, Integer> mechanismSectionCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (List<String> m : mechanisms) {
            for (String name : m) {
                if (name.endsWith("_ion")) {
                    continue; // ions are bookkeeping, not mechanisms a modeller inserts
                }
                counts.merge(name, 1, Integer::sum);
            }
        }
        return counts;
    }

    public int indexOf(String sectionName) {
        for (int i = 0; i < sectionNames.length; i++) {
            if (sectionNames[i].equals(sectionName)) {
                return i;
            }
        }
        return -1;
    }

    /** Children of each section, in index order. */
    public List<List<Integer>> children() {
        List<List<Integer>> children = new ArrayList<>();
        for (int i = 0; i < parent.length; i++) {
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < parent.length; i++) {
            if (parent[i] >= 0) {
                children.get(parent[i]).add(i);
            }
        }
        return children;
    }
}
