package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Replaces a parameter's values without libtorch's deprecated copy from a buffer: DJL's {@code NDArray.set(Buffer)}
 * enters {@code AutoNonVariableTypeMode}, which prints a deprecation warning on stderr that a user cannot act on.
 * An indexed assignment of a whole new tensor does the same work through {@code index_put_}, in place, so every
 * holder of the array (the parameter, the optimiser) sees the new values. Outside a gradient collector DJL keeps
 * libtorch's grad mode off, so the in-place write to a trainable leaf is allowed and records nothing.
 */
public final class ParameterValues {
    private static final NDIndex ALL = new NDIndex("...");

    private ParameterValues() {
    }

    /** Overwrites {@code target} with {@code values} (row-major, as many as {@code target} has). */
    public static void overwrite(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + target.getShape());
        }
        try (NDArray fresh = target.getManager().create(values, target.getShape())) {
            target.set(ALL, fresh.toType(target.getDataType(), false));
        }
    }
}
