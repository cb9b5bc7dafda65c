package org.neurosurrogate.model;

/**
 * Order of the task axis: {@code segments} segment voltages, then the soma voltage, then the somatic spike logit.
 * The only place that knows where the soma and the spike are.
 *
 * @param segments number of dendritic segments S (639 for the built-in cell)
 */
public record TaskLayout(int segments) {
    public TaskLayout {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be >= 1, got " + segments);
        }
    }

    /** All tasks: S + 2. */
    public int tasks() {
        return segments + 2;
    }

    /** Index of the soma voltage on the task axis (S). */
    public int somaIndex() {
        return segments;
    }

    /** Index of the spike logit on the task axis (S + 1). */
    public int spikeIndex() {
        return segments + 1;
    }

    /** Number of regression outputs (segment and soma voltages): they are the first S + 1 tasks. */
    public int voltageTasks() {
        return segments + 1;
    }
}
