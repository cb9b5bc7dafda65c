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
: Integration: A and B decay exactly between events, so one fixed step multiplies each by exp(-dt/tau).
: METHOD cnexp computed that exp() every step for every synapse; here the fractions lost per step,
: k = 1 - exp(-dt/tau), are computed once (at initialisation, and again whenever dt or a tau differs from
: the values they were computed for) and each step applies X = X + k*(-X), the very expression cnexp
: evaluates, so the voltages are bit for bit those of the cnexp form (bench generate measures it). The
: update runs where cnexp's did (SOLVE, after the voltage update of each step). Fixed-step integration
: only, as NeuroSurrogate runs NEURON; under CVODE, or with nrn_netrec_state_adjust set, use the cnexp
: form kept in python-bridge/reference/.
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
    dt (ms)
    i (nA)
    g (uS)
    factor
    k_r          : 1 - exp(-dt/tau_r): the fraction of A lost in one step
    k_d          : 1 - exp(-dt/tau_d)
    dt_k (ms)    : the dt, tau_r and tau_d that k_r and k_d were computed for
    tau_r_k (ms)
    tau_d_k (ms)
}

STATE {
    A
    B
}

INITIAL {
    A = 0
    B = 0
    factor = peakfactor(tau_r, tau_d)
    step_factors()
}

BREAKPOINT {
    SOLVE states
    g = gmax*(B - A)
    i = g*(v - e)
}

PROCEDURE states() {
    if (dt != dt_k || tau_r != tau_r_k || tau_d != tau_d_k) {
        step_factors()
    }
    A = A + k_r*(-A)
    B = B + k_d*(-B)
}

PROCEDURE step_factors() {
    k_r = 1 - exp(dt*(-1/tau_r))
    k_d = 1 - exp(dt*(-1/tau_d))
    dt_k = dt
    tau_r_k = tau_r
    tau_d_k = tau_d
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
