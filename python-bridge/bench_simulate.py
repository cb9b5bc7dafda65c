"""Baseline for `neurosurrogate bench simulate`: the same simulation in plain CPython.

Drives the very same bridge module the JVM uses, with the same cell, synapses and input spikes
(read from files that the Java side wrote), and prints the wall time of each run as JSON. Only
timing lives here; the comparison and the report are made in Java.
"""
import json
import sys
import time

import numpy as np

import neurosurrogate_bridge as nsb


def main(config_path):
    with open(config_path) as f:
        cfg = json.load(f)
    nsb.load_mechanisms(cfg["library"])
    for hoc in cfg["hoc_files"]:
        nsb.load_hoc(hoc)
    nsb.instantiate(cfg["template"], cfg["template_args"], cfg["soma"])
    nsb.describe(cfg["recorded_lists"])
    syn = cfg["synapses"]
    nsb.place_synapses(syn["excitatory"], syn["excitatory_params"], syn["inhibitory"], syn["inhibitory_params"])
    nsb.record(cfg["segment_interval_ms"], cfg["soma_interval_ms"])
    times = np.fromfile(cfg["times_file"], dtype="<f8")
    channels = np.fromfile(cfg["channels_file"], dtype="<i4")
    duration = cfg["duration_ms"]
    segments = cfg["segments"]
    soma_samples = int(round(duration / cfg["soma_interval_ms"]))
    walls = []
    for _ in range(cfg["repeats"]):
        start = time.perf_counter()
        nsb.set_inputs(times, channels)
        voltages = np.empty((duration, segments), dtype=np.float32)
        soma = np.empty(soma_samples, dtype=np.float32)
        nsb.run(duration, cfg["dt"], cfg["v_init"], cfg["celsius"], voltages, soma)
        walls.append(time.perf_counter() - start)
    print(json.dumps({"run_s": walls, "soma_checksum": float(np.sum(soma, dtype=np.float64))}))


if __name__ == "__main__":
    main(sys.argv[1])
