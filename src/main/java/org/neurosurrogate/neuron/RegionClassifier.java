package org.neurosurrogate.neuron;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Labels recorded segments basal / oblique / apical trunk / tuft. Segments of a recorded list whose name
 * does not contain "apic" are basal. In the apical tree the trunk runs from the apical root along the
 * thickest child at every branch point, up to and including the trunk-end section (the nexus); apical
 * branches that leave the trunk before it are oblique, everything distal to it is tuft. Without an
 * explicit trunk end the trunk stops at the first nearly symmetric bifurcation (the two thickest children
 * within {@value #SYMMETRIC_RATIO} of each other in diameter), the usual signature of the main bifurcation.
 */
public final class RegionClassifier {
    static final double SYMMETRIC_RATIO = 0.75;

    private RegionClassifier() {
    }

    /**
     * @param sectionOfSegment section index of each recorded segment
     * @param listOfSegment recorded list name of each segment
     * @param trunkEnd name of the last trunk section, or null to infer it
     */
    public static Region[] classify(String[] sectionNames, int[] parent, double[] proximalDiam,
                                    List<List<Integer>> children, int[] sectionOfSegment,
                                    String[] listOfSegment, String trunkEnd) {
        Set<Integer> apical = new HashSet<>();
        for (int s = 0; s < sectionOfSegment.length; s++) {
            if (listOfSegment[s].toLowerCase().contains("apic")) {
                apical.add(sectionOfSegment[s]);
            }
        }
        Set<Integer> trunk = new HashSet<>();
        Set<Integer> tuft = new HashSet<>();
        int root = apical.stream().filter(s -> !apical.contains(parent[s])).min(Integer::compare).orElse(-1);
        if (root >= 0) {
            int end = trunkEnd != null ? explicitEnd(sectionNames, parent, apical, root, trunkEnd)
                    : inferredEnd(root, proximalDiam, children, apical);
            for (int s = end; s != root; s = parent[s]) {
                trunk.add(s);
            }
            trunk.add(root);
            for (int k : children.get(end)) {
                collect(k, children, apical, tuft);
            }
        }
        Region[] regions = new Region[sectionOfSegment.length];
        for (int s = 0; s < regions.length; s++) {
            int sec = sectionOfSegment[s];
            if (!apical.contains(sec)) {
                regions[s] = Region.BASAL;
            } else if (trunk.contains(sec)) {
                regions[s] = Region.APICAL_TRUNK;
            } else if (tuft.contains(sec)) {
                regions[s] = Region.TUFT;
            } else {
                regions[s] = Region.OBLIQUE;
            }
        }
        return regions;
    }

    private static int explicitEnd(String[] names, int[] parent, Set<Integer> apical, int root, String trunkEnd) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(trunkEnd) && apical.contains(i)) {
                for (int s = i; s >= 0; s = parent[s]) {
                    if (s == root) {
                        return i;
                    }
                }
            }
        }
        throw new IllegalArgumentException("trunk_end '" + trunkEnd + "' is not a section of the apical tree");
    }

    /** Follows the thickest apical child until a nearly symmetric bifurcation or a terminal. */
    private static int inferredEnd(int root, double[] diam, List<List<Integer>> children, Set<Integer> apical) {
        int current = root;
        while (true) {
            List<Integer> kids = children.get(current).stream().filter(apical::contains)
                    .sorted((a, b) -> Double.compare(diam[b], diam[a])).toList();
            if (kids.isEmpty() || kids.size() >= 2 && diam[kids.get(1)] >= SYMMETRIC_RATIO * diam[kids.get(0)]) {
                return current;
            }
            current = kids.get(0);
        }
    }

    private static void collect(int sec, List<List<Integer>> children, Set<Integer> within, Set<Integer> out) {
        if (!within.contains(sec) || !out.add(sec)) {
            return;
        }
        for (int c : children.get(sec)) {
            collect(c, children, within, out);
        }
    }
}
