"""Reference for `neurosurrogate bench generate`: a cell's ground truth in plain NEURON, written from stock calls.

Nothing of the project is imported: not the bridge module, not its optimisations. The cell is built from the
model's own hoc files and a mechanism library compiled by plain `nrnivmodl` (no extra compiler flags) from the
model's mod files and the project's synapses in their original `METHOD cnexp` form (python-bridge/reference/).
One excitatory and one inhibitory synapse sit at the centre of every segment of the recorded section lists (in
list order, sections in list order, segments by x), each driven by a NetCon whose events are queued at
initialisation; NEURON integrates with its standard run system (fixed step, h.continuerun) and records every
such segment's v at 1 ms (and the soma's at 1/8 ms, as generation does).

Usage: python bench_generate_reference.py CONFIG.json, then one line "run I" per simulation wanted on stdin. The
config (written by the Java side) names the library, the hoc files, template and arguments, the section lists, the
synapse mechanisms and parameters, and per simulation an input file pair (times float64, channels int32,
little-endian) and the file its voltages go to (float64 [time, segment]). The script prints one JSON line with the
set-up time once the cell is built, then one with the wall time and the CPU time (this thread's) of each run.
Taking runs one at a time lets the Java side alternate them with its own, so that both sides meet the same machine
load.
"""
import json
import os
import sys
import time

os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")

import numpy as np  # noqa: E402
from neuron import h  # noqa: E402


def build(cfg):
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    if not h.nrn_load_dll(cfg["library"]):
        raise RuntimeError("cannot load " + cfg["library"])
    for path in cfg["hoc_files"]:
        if not h.load_file(path):
            raise RuntimeError("cannot load " + path)
    cell = getattr(h, cfg["template"])(*cfg["template_args"])
    name, _, index = cfg["soma"].partition("[")
    soma = getattr(cell, name)[int(index[:-1])] if index else getattr(cell, name)
    segments = [seg for lst in cfg["recorded_lists"] for sec in getattr(cell, lst) for seg in sec]
    syn = cfg["synapses"]
    synapses, netcons = [], []
    for mech, params in ((syn["excitatory"], syn["excitatory_params"]), (syn["inhibitory"], syn["inhibitory_params"])):
        for seg in segments:
            s = getattr(h, mech)(seg)
            for key, value in params.items():
                setattr(s, key, float(value))
            nc = h.NetCon(None, s)
            nc.delay = 0
            nc.weight[0] = 1.0
            synapses.append(s)
            netcons.append(nc)
    recorders = []
    for seg in segments:
        vec = h.Vector()
        vec.record(seg._ref_v, 1.0)
        recorders.append(vec)
    soma_v = h.Vector()  # what generation records besides (for its spike detection): the same recording work
    soma_v.record(soma(0.5)._ref_v, 0.125)
    return cell, soma_v, synapses, netcons, recorders


def main(config_path):
    with open(config_path) as f:
        cfg = json.load(f)
    t0 = time.perf_counter()
    model = build(cfg)
    netcons, recorders = model[3], model[4]
    print(json.dumps({"setup_s": time.perf_counter() - t0}), flush=True)
    events = []

    def queue():
        for t, ch in events:
            netcons[ch].event(t)

    handler = h.FInitializeHandler(1, queue)  # noqa: F841 (kept alive for the runs below)
    duration = cfg["duration_ms"]
    for line in sys.stdin:  # "run I": simulation I of the config; anything else ends
        if not line.startswith("run "):
            break
        sim = cfg["simulations"][int(line.split()[1])]
        times = np.fromfile(sim["times_file"], dtype="<f8")
        channels = np.fromfile(sim["channels_file"], dtype="<i4")
        start, cpu = time.perf_counter(), time.thread_time()
        events[:] = zip(times.tolist(), channels.tolist())
        h.cvode_active(0)
        h.celsius = cfg["celsius"]
        h.dt = cfg["dt"]
        h.steps_per_ms = 1.0 / cfg["dt"]
        h.finitialize(cfg["v_init"])
        h.continuerun(duration)
        voltages = np.column_stack([vec.as_numpy()[:duration] for vec in recorders])
        wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
        np.ascontiguousarray(voltages, dtype="<f8").tofile(sim["voltages_file"])
        print(json.dumps({"run_s": wall, "cpu_s": cpu}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
