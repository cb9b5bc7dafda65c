package org.neurosurrogate.neuron;

/** Dendritic region of a recorded segment, as used to summarise per-compartment errors. */
public enum Region {
    BASAL("basal"),
    OBLIQUE("oblique"),
    APICAL_TRUNK("apical_trunk"),
    TUFT("tuft");

    private final String label;

    Region(String label) {
        this.label = label;
    }

    /** Lower-case label stored in files and reports. */
    public String label() {
        return label;
    }

    public static Region fromLabel(String label) {
        for (Region r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown region '" + label + "'");
    }
}
