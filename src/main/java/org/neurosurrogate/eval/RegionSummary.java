package org.neurosurrogate.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.neurosurrogate.neuron.Region;
import org.neurosurrogate.neuron.SegmentTable;

/**
 * A per-segment metric summarised by dendritic region and by path distance from the soma. NaN values (a
 * segment whose metric is undefined, e.g. the explained variance of a flat trace) are left out.
 *
 * @param byRegion statistics per region, keyed by {@link Region#label()}, in {@link Region} order; regions
 *     without segments are absent
 * @param byDistance consecutive distance bins {@code [from, to)} from 0 µm, empty bins left out
 */
public record RegionSummary(Map<String, Stats> byRegion, List<DistanceBin> byDistance) {

    /** Default distance bin width, µm. */
    public static final double BIN_UM = 100;

    /** Count, mean and median of the (non-NaN) values in a group. */
    public record Stats(int count, double mean, double median) {
        static Stats of(double[] v) {
            double[] ok = Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
            if (ok.length == 0) {
                return new Stats(0, Double.NaN, Double.NaN);
            }
            return new Stats(ok.length, Arrays.stream(ok).average().orElseThrow(), new Median().evaluate(ok));
        }
    }

    /** Statistics of the segments whose path distance lies in {@code [fromUm, toUm)}. */
    public record DistanceBin(double fromUm, double toUm, Stats stats) {
    }

    public static RegionSummary of(double[] metric, SegmentTable table) {
        return of(metric, table.region(), table.distance(), BIN_UM);
    }

    public static RegionSummary of(double[] metric, Region[] region, double[] distanceUm, double binUm) {
        if (region.length != metric.length || distanceUm.length != metric.length) {
            throw new IllegalArgumentException(metric.length + " values, " + region.length + " regions, "
                    + distanceUm.length + " distances");
        }
        if (!(binUm > 0)) {
            throw new IllegalArgumentException("bin width must be positive: " + binUm);
        }
        Map<String, Stats> byRegion = new LinkedHashMap<>();
        for (Region r : Region.values()) {
            double[] v = select(metric, i -> region[i] == r);
            if (v.length > 0) {
                byRegion.put(r.label(), Stats.of(v));
            }
        }
        double max = Arrays.stream(distanceUm).max().orElse(0);
        List<DistanceBin> bins = new ArrayList<>();
        for (int b = 0; b * binUm <= max; b++) {
            double lo = b * binUm;
            double hi = lo + binUm;
            double[] v = select(metric, i -> distanceUm[i] >= lo && distanceUm[i] < hi);
            if (v.length > 0) {
                bins.add(new DistanceBin(lo, hi, Stats.of(v)));
            }
        }
        return new RegionSummary(byRegion, bins);
    }

    /** Statistics of a region, or null when the cell has no segment there. */
    public Stats region(Region r) {
        return byRegion.get(r.label());
    }

    /** Statistics over all segments together. */
    public static Stats overall(double[] metric) {
        return Stats.of(metric);
    }

    private static double[] select(double[] metric, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, metric.length).filter(keep).mapToDouble(i -> metric[i]).toArray();
    }
}
