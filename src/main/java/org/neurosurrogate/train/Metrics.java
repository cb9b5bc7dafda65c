package org.neurosurrogate.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Mean loss parts over a window set (see {@link SurrogateLoss}). */
public record Metrics(double total, double voltageMse, double spikeBce) {
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", total);
        m.put("voltage_mse", voltageMse);
        m.put("spike_bce", spikeBce);
        return m;
    }

    @Override
    public String toString() {
        return String.format("loss %.4f (voltage_mse %.4f, spike_bce %.4f)", total, voltageMse, spikeBce);
    }
}
