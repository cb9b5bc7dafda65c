package org.neurosurrogate.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurosurrogate.neuron.ModelSpec;

/**
 * What a plain NEURON script (python-bridge's bench_simulate.py, bench_generate_reference.py) needs to build a
 * model's cell by itself, with stock NEURON calls: the compiled mechanisms, the hoc files and template, the
 * recorded sections, the synapse mechanisms and the numerics. Each benchmark adds its own inputs to the map.
 */
final class PlainNeuronConfig {
    private PlainNeuronConfig() {
    }

    static Map<String, Object> of(ModelSpec spec, Path library, int durationMs) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("library", library.toString());
        cfg.put("hoc_files", spec.hocFiles().stream().map(Path::toString).toList());
        cfg.put("template", spec.template());
        cfg.put("template_args", spec.templateArgs());
        cfg.put("soma", spec.soma());
        cfg.put("recorded_lists", spec.recordedLists());
        cfg.put("synapses", Map.of("excitatory", spec.synapses().excitatory(),
                "excitatory_params", spec.synapses().excitatoryParams(),
                "inhibitory", spec.synapses().inhibitory(),
                "inhibitory_params", spec.synapses().inhibitoryParams()));
        cfg.put("duration_ms", durationMs);
        cfg.put("dt", spec.dt());
        cfg.put("v_init", spec.vInit());
        cfg.put("celsius", spec.celsius());
        return cfg;
    }
}
