package org.neurosurrogate.neuron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded segments of a cell, in input-contract order (see the package documentation), with
 * where each one sits. Arrays are indexed by segment.
 *
 * @param section section name of each segment (without the template prefix, e.g. {@code apic[36]})
 * @param x position of the segment centre within its section (0..1)
 * @param distance path distance of the centre from soma(0.5), µm
 * @param region dendritic region
 * @param diam diameter at the centre, µm
 * @param length segment length (section length / nseg), µm
 * @param centre 3-D centre, one {x, y, z} row per segment, µm
 */
public record SegmentTable(String[] section, double[] x, double[] distance, Region[] region, double[] diam,
                           double[] length, double[][] centre) {

    public SegmentTable {
        int n = section.length;
        if (x.length != n || distance.length != n || region.length != n || diam.length != n
                || length.length != n || centre.length != n) {
            throw new IllegalArgumentException("segment table columns differ in length");
        }
    }

    public int size() {
        return section.length;
    }

    /** Input channels: one excitatory and one inhibitory synapse per segment. */
    public int inputChannels() {
        return 2 * size();
    }

    public Map<Region, Integer> countByRegion() {
        Map<Region, Integer> counts = new EnumMap<>(Region.class);
        for (Region r : Region.values()) {
            counts.put(r, 0);
        }
        for (Region r : region) {
            counts.merge(r, 1, Integer::sum);
        }
        return counts;
    }

    /** Indices of the segments in a region, in table order. */
    public int[] indicesOf(Region r) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < region.length; i++) {
            if (region[i] == r) {
                idx.add(i);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    public double totalLength() {
        return Arrays.stream(length).sum();
    }
}
