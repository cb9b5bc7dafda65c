: SKv3_1 -- fast, non-inactivating Kv3.1-type K+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Rettig J, Wunder F, Stocker M, et al. (1992) Characterization of a Shaw-related
:   potassium channel family in rat brain. EMBO J 11:2473-2486 (as parameterised in Hay et al. 2011).
: I = gbar * m * (v - ek). No temperature factor.

NEURON {
    SUFFIX SKv3_1
    USEION k READ ek WRITE ik
    RANGE gbar, g, ik
    RANGE mInf, mTau
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
    ek   (mV)
    ik   (mA/cm2)
    g    (S/cm2)
    mInf
    mTau (ms)
}

STATE { m }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m
    ik = g*(v - ek)
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
    mInf = 1/(1 + exp(-(v - 18.7)/9.7))
    mTau = 4/(1 + exp(-(v + 46.56)/44.14))
}
UNITSON
