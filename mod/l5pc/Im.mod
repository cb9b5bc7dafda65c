: Im -- muscarinic (M-type) K+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Adams PR, Brown DA, Constanti A (1982) M-currents and other potassium currents in
:   bullfrog sympathetic neurones. J Physiol 330:537-572 (as parameterised in Hay et al. 2011).
: I = gbar * m * (v - ek). tau divided by qt = 2.3^((34-21)/10) (hard-wired 34 degC).

NEURON {
    SUFFIX Im
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
    qt
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
    qt = 2.3^((34 - 21)/10)
    rates(v)
    m = mInf
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL a, b
    a = 3.3e-3*exp(0.1*(v + 35))
    b = 3.3e-3*exp(-0.1*(v + 35))
    mInf = a/(a + b)
    mTau = 1/((a + b)*qt)
}
UNITSON
