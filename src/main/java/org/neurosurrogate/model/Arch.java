package org.neurosurrogate.model;

/** The surrogate architectures. */
public enum Arch {
    /** Hard parameter sharing: one TCN, one tower per task. */
    MH,
    /** Multi-gate mixture of experts: E TCN experts mixed per task by softmax gates read from a compressor TCN. */
    MMOE,
    /** MMoE in which a fraction of the experts is reserved, each for one task group, by a mask applied in forward. */
    MMOEEX
}
