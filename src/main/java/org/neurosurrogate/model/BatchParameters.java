package org.neurosurrogate.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * Parameters read as views in a batch's manager. In DJL a result belongs to the manager of its first operand, so an
 * op that starts from a parameter's array would put its result in the parameters' long-lived manager, and a
 * training step would leak its intermediates there (tested: {@code
 * TrainingStepTest.aStepLeavesNothingInTheParametersManager}).
 */
final class BatchParameters {
    private static final NDIndex ALL = new NDIndex(":");

    private BatchParameters() {
    }

    /** The value of {@code p} (all of it), as a view in {@code batch}'s manager, on its device. */
    static NDArray view(ParameterStore ps, Parameter p, NDArray batch, boolean training) {
        return view(ps, p, batch, training, ALL);
    }

    /** The rows {@code index} of {@code p}'s value, as a view in {@code batch}'s manager, on its device. */
    static NDArray view(ParameterStore ps, Parameter p, NDArray batch, boolean training, NDIndex index) {
        return ps.getValue(p, batch.getDevice(), training).get(batch.getManager(), index);
    }
}
