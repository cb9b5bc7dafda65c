: Ca_HVA -- high-voltage-activated Ca2+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Reuveni I, Friedman A, Amitai Y, Gutnick MJ (1993) Stepwise repolarization from Ca2+
:   plateaus in neocortical pyramidal cells: evidence for nonhomogeneous distribution of HVA Ca2+
:   channels in dendrites. J Neurosci 13:4609-4621 (as parameterised in Hay et al. 2011).
: I = gbar * m^2 * h * (v - eca); eca from Nernst (cai written by CaDynamics_E2). No temperature
: factor. The alpha_m singularity at v = -27 mV is replaced by its analytic limit.

NEURON {
    SUFFIX Ca_HVA
    USEION ca READ eca WRITE ica
    RANGE gbar, g, ica
    RANGE mInf, mTau, hInf, hTau
}

UNITS {
    (S)  = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2)
}

ASSIGNED {
    v    (mV)
    eca  (mV)
    ica  (mA/cm2)
    g    (S/cm2)
    mInf
    mTau (ms)
    hInf
    hTau (ms)
}

STATE { m h }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m*m*h
    ica = g*(v - eca)
}

DERIVATIVE states {
    rates(v)
    m' = (mInf - m)/mTau
    h' = (hInf - h)/hTau
}

INITIAL {
    rates(v)
    m = mInf
    h = hInf
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL am, bm, ah, bh
    : 0.055*(-27 - v)/(exp((-27 - v)/3.8) - 1) == 0.055*vtrap(v + 27, 3.8)
    am = 0.055*vtrap(v + 27, 3.8)
    bm = 0.94*exp((-75 - v)/17)
    mInf = am/(am + bm)
    mTau = 1/(am + bm)
    ah = 0.000457*exp((-13 - v)/50)
    bh = 0.0065/(exp((-v - 15)/28) + 1)
    hInf = ah/(ah + bh)
    hTau = 1/(ah + bh)
}

FUNCTION vtrap(x, k) {
    : x/(1 - exp(-x/k)); limit k*(1 + x/(2k)) as x -> 0
    if (fabs(x/k) < 1e-6) {
        vtrap = k*(1 + x/(2*k))
    } else {
        vtrap = x/(1 - exp(-x/k))
    }
}
UNITSON
