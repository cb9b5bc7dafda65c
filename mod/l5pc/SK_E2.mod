: SK_E2 -- small-conductance Ca2+-activated K+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Koehler M, Hirschberg B, Bond CT, et al. (1996) Small-conductance, calcium-activated
:   potassium channels from mammalian brain. Science 273:1709-1714 (as parameterised in Hay et al. 2011).
: I = gbar * z * (v - ek); zInf = 1/(1 + (0.00043 mM/cai)^4.8), zTau = 1 ms. No voltage dependence,
: no temperature factor. If cai < 1e-7 mM, 1e-7 mM is added before evaluating zInf.

NEURON {
    SUFFIX SK_E2
    USEION k READ ek WRITE ik
    USEION ca READ cai
    RANGE gbar, g, ik
    RANGE zInf, zTau
}

UNITS {
    (S)  = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    gbar = 0.000001 (S/cm2)
    zTau = 1 (ms)
}

ASSIGNED {
    v    (mV)
    ek   (mV)
    cai  (mM)
    ik   (mA/cm2)
    g    (S/cm2)
    zInf
}

STATE { z }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*z
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(cai)
    z' = (zInf - z)/zTau
}

INITIAL {
    rates(cai)
    z = zInf
}

UNITSOFF
PROCEDURE rates(ca (mM)) {
    LOCAL c
    c = ca
    if (c < 1e-7) {
        c = c + 1e-7
    }
    zInf = 1/(1 + (0.00043/c)^4.8)
}
UNITSON
