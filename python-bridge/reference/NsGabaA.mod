: NsGabaA -- deterministic GABA_A synapse (normalised dual-exponential conductance).
: Part of NeuroSurrogate. Written from the published description; no code copied.
: Source of the synapse model and parameters: Beniaguev D, Segev I, London M (2021) Single cortical
:   neurons as deep artificial neural networks. Neuron 109:2727-2739 (GABA_A synapse with
:   Use = 1, Dep = Fac = 0, i.e. every event transmitted with full weight).
: Used with the cell of Hay et al. (2011) PLoS Comput Biol 7:e1002107 (ModelDB 139653).
:
: States A, B decay with tau_r, tau_d; an event of weight w adds w*factor to both; factor normalises
: the peak of (B - A) to 1, so one event gives a peak conductance gmax*w.
:   g = gmax*(B - A),  i = g*(v - e)  (nA; uS*mV).  Requires tau_r < tau_d.
:
: Deliberate deviation: the original stochastic-release file computes a 0/0 = NaN for an event at
: exactly t = 0, which silences that synapse for the rest of the run. This model does NOT reproduce
: that quirk: an event at t = 0 is transmitted like any other.

NEURON {
    POINT_PROCESS NsGabaA
    RANGE tau_r, tau_d, gmax, e
    RANGE i, g, factor
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau_r = 0.2   (ms)
    tau_d = 8.0   (ms)
    gmax  = 0.001 (uS)
    e     = -80   (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    factor
}

STATE {
    A
    B
}

INITIAL {
    A = 0
    B = 0
    factor = peakfactor(tau_r, tau_d)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gmax*(B - A)
    i = g*(v - e)
}

DERIVATIVE states {
    A' = -A/tau_r
    B' = -B/tau_d
}

UNITSOFF
FUNCTION peakfactor(tr (ms), td (ms)) {
    LOCAL tp
    tp = tr*td*log(td/tr)/(td - tr)
    peakfactor = 1/(exp(-tp/td) - exp(-tp/tr))
}
UNITSON

NET_RECEIVE (weight) {
    A = A + weight*factor
    B = B + weight*factor
}
