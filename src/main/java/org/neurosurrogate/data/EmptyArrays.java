package org.neurosurrogate.data;

import io.jhdf.api.WritableGroup;

/**
 * jHDF 0.13 cannot write a zero-length dataset, yet a simulation may have no somatic spike or no input.
 * Such a dataset is written with one padding element (NaN, or −1 for integers) and carries a {@code count}
 * attribute with the number of real elements; readers take the first {@code count} entries.
 */
final class EmptyArrays {
    private EmptyArrays() {
    }

    static void put(WritableGroup group, String name, double[] values) {
        group.putDataset(name, values.length > 0 ? values : new double[] {Double.NaN})
                .putAttribute("count", values.length);
    }

    static void put(WritableGroup group, String name, int[] values) {
        group.putDataset(name, values.length > 0 ? values : new int[] {-1}).putAttribute("count", values.length);
    }
}
