: NsAmpaNmda -- deterministic AMPA + NMDA synapse (normalised dual-exponential conductances).
: Part of NeuroSurrogate. Written from the published description; no code copied.
: Source of the synapse model and parameters: Beniaguev D, Segev I, London M (2021) Single cortical
:   neurons as deep artificial neural networks. Neuron 109:2727-2739 (AMPA+NMDA synapse with
:   Use = 1, Dep = Fac = 0, i.e. every event transmitted with full weight). Mg block after
:   Jahr CE, Stevens CF (1990) J Neurosci 10:3178-3182, in the form 1/(1 + exp(-0.08 v) mg/3.57).
: Used with the cell of Hay et al. (2011) PLoS Comput Biol 7:e1002107 (ModelDB 139653).
:
: Each component X in {AMPA, NMDA} has states A_X, B_X decaying with tau_r_X, tau_d_X; an event of
: weight w adds w*factor_X to both. factor_X normalises the peak of (B_X - A_X) to 1, so one event of
: weight w gives a peak conductance gmax*w per component. AMPA and NMDA share gmax and weight.
:   g_AMPA = gmax*(B_AMPA - A_AMPA)
:   g_NMDA = gmax*(B_NMDA - A_NMDA)                 (unblocked)
:   i = g_AMPA*(v - e) + g_NMDA*mggate(v)*(v - e)   (nA; uS*mV)
: Requires tau_r_X < tau_d_X.
:
: Deliberate deviation: the original stochastic-release file computes a 0/0 = NaN for an event at
: exactly t = 0, which silences that synapse for the rest of the run. This model does NOT reproduce
: that quirk: an event at t = 0 is transmitted like any other.

NEURON {
    POINT_PROCESS NsAmpaNmda
    RANGE tau_r_AMPA, tau_d_AMPA, tau_r_NMDA, tau_d_NMDA
    RANGE gmax, e, mg
    RANGE i, i_AMPA, i_NMDA, g_AMPA, g_NMDA, g, mggate
    RANGE factor_AMPA, factor_NMDA
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
}

PARAMETER {
    tau_r_AMPA = 0.3  (ms)
    tau_d_AMPA = 3.0  (ms)
    tau_r_NMDA = 2.0  (ms)
    tau_d_NMDA = 70.0 (ms)
    gmax = 0.0004 (uS)
    e    = 0      (mV)
    mg   = 1      (mM)
}

ASSIGNED {
    v (mV)
    i (nA)
    i_AMPA (nA)
    i_NMDA (nA)
    g_AMPA (uS)
    g_NMDA (uS)
    g (uS)
    mggate
    factor_AMPA
    factor_NMDA
}

STATE {
    A_AMPA
    B_AMPA
    A_NMDA
    B_NMDA
}

INITIAL {
    A_AMPA = 0
    B_AMPA = 0
    A_NMDA = 0
    B_NMDA = 0
    factor_AMPA = peakfactor(tau_r_AMPA, tau_d_AMPA)
    factor_NMDA = peakfactor(tau_r_NMDA, tau_d_NMDA)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    mggate = mgblock(v)
    g_AMPA = gmax*(B_AMPA - A_AMPA)
    g_NMDA = gmax*(B_NMDA - A_NMDA)
    g = g_AMPA + g_NMDA*mggate
    i_AMPA = g_AMPA*(v - e)
    i_NMDA = g_NMDA*mggate*(v - e)
    i = i_AMPA + i_NMDA
}

DERIVATIVE states {
    A_AMPA' = -A_AMPA/tau_r_AMPA
    B_AMPA' = -B_AMPA/tau_d_AMPA
    A_NMDA' = -A_NMDA/tau_r_NMDA
    B_NMDA' = -B_NMDA/tau_d_NMDA
}

UNITSOFF
FUNCTION peakfactor(tr (ms), td (ms)) {
    LOCAL tp
    tp = tr*td*log(td/tr)/(td - tr)
    peakfactor = 1/(exp(-tp/td) - exp(-tp/tr))
}

FUNCTION mgblock(vm (mV)) {
    mgblock = 1/(1 + exp(-0.08*vm)*mg/3.57)
}
UNITSON

NET_RECEIVE (weight) {
    A_AMPA = A_AMPA + weight*factor_AMPA
    B_AMPA = B_AMPA + weight*factor_AMPA
    A_NMDA = A_NMDA + weight*factor_NMDA
    B_NMDA = B_NMDA + weight*factor_NMDA
}
