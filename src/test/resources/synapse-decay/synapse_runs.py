"""SynapseDecayIT's runs: a small cell driven through NsAmpaNmda and NsGabaA, under the mechanism library named
on the command line, in fixed steps whose dt changes mid-run, between runs, and with a time constant changed
mid-run and between runs. Writes every step's voltages (soma and dendrite) as float64 to the output file."""
import os
import sys

os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")

import numpy as np  # noqa: E402
from neuron import h  # noqa: E402

library, out_file = sys.argv[1], sys.argv[2]
if not h.nrn_load_dll(library):
    raise RuntimeError("cannot load " + library)
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 300, 1.5, 9
dend.insert("pas")
dend.g_pas, dend.e_pas = 5e-5, -65
dend.connect(soma(0.5))
synapses, netcons = [], []
for k, x in enumerate((0.1, 0.5, 0.9)):
    for mech, gmax in (("NsAmpaNmda", 0.004), ("NsGabaA", 0.002)):
        syn = getattr(h, mech)(dend(x))
        syn.gmax = gmax
        nc = h.NetCon(None, syn)
        nc.delay, nc.weight[0] = 0, 1.0
        synapses.append(syn)
        netcons.append(nc)
events = [(1.0 + 2.3 * i + 0.7 * (i % 3), i % len(netcons)) for i in range(120)]
handler = h.FInitializeHandler(1, lambda: [netcons[c].event(t) for t, c in events])
probes = [soma(0.5)] + [dend(x) for x in (0.1, 0.5, 0.9)]
h.cvode_active(0)
h.celsius = 6.3
traces = []


def run(phases, v_init=-65.0):
    """One run from initialisation: (dt, until_ms, action before the phase or None) per phase."""
    h.dt = phases[0][0]
    h.finitialize(v_init)
    for dt, until, action in phases:
        if action is not None:
            action()
        h.dt = dt
        while h.t < until - dt / 2:
            h.fadvance()
            traces.append([seg.v for seg in probes])


def set_tau(value):
    def action():
        synapses[0].tau_r_AMPA = value
        synapses[1].tau_d = value * 20
    return action


run([(0.025, 150, None)])                                   # the standard step
run([(0.025, 60, None), (0.1, 120, None), (0.0125, 150, None)])   # dt changes mid-run, twice
run([(0.05, 150, None)])                                    # another dt between runs
run([(0.025, 60, None), (0.025, 150, set_tau(0.5))])        # a time constant changes mid-run
run([(0.025, 150, None)])                                   # and stays changed in the next run
np.asarray(traces, dtype="<f8").tofile(out_file)
print("steps", len(traces), "soma max", max(t[0] for t in traces))
