: Ih -- hyperpolarisation-activated cation (HCN) current, non-specific.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Kole MHP, Hallermann S, Stuart GJ (2006) Single Ih channels in pyramidal neuron dendrites:
:   properties, distribution, and impact on action potential output. J Neurosci 26:1677-1687
:   (as parameterised in Hay et al. 2011).
: I = gbar * m * (v - ehcn), ehcn = -45 mV. No temperature factor. The alpha singularity at
: v = -154.9 mV is replaced by its analytic limit.

NEURON {
    SUFFIX Ih
    NONSPECIFIC_CURRENT ihcn
    RANGE gbar, g, ihcn, ehcn
    RANGE mInf, mTau
}

UNITS {
    (S)  = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gbar = 0.00001 (S/cm2)
    ehcn = -45.0 (mV)
}

ASSIGNED {
    v    (mV)
    ihcn (mA/cm2)
    g    (S/cm2)
    mInf
    mTau (ms)
}

STATE { m }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m
    ihcn = g*(v - ehcn)
}

DERIVATIVE states {
    rates(v)
    m' = (mInf - m)/mTau
}

INITIAL {
    rates(v)
    m = mInf
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL a, b
    : 0.001*6.43*(v + 154.9)/(exp((v + 154.9)/11.9) - 1) == 0.00643*vtrap(-(v + 154.9), 11.9)
    a = 0.00643*vtrap(-(v + 154.9), 11.9)
    b = 0.193*exp(v/33.1)
    mInf = a/(a + b)
    mTau = 1/(a + b)
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
