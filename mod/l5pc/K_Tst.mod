: K_Tst -- fast inactivating (transient, A-type) K+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Korngreen A, Sakmann B (2000) Voltage-gated K+ channels in layer 5 neocortical
:   pyramidal neurones from young rats: subtypes and gradients. J Physiol 525:621-639
:   (as parameterised in Hay et al. 2011).
: I = gbar * m^4 * h * (v - ek). u = v + 10 (-10 mV junction-potential shift inside the rate
: functions only). taus divided by qt = 2.3^((34-21)/10) (hard-wired 34 degC).

NEURON {
    SUFFIX K_Tst
    USEION k READ ek WRITE ik
    RANGE gbar, g, ik
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
    ek   (mV)
    ik   (mA/cm2)
    g    (S/cm2)
    mInf
    mTau (ms)
    hInf
    hTau (ms)
    qt
}

STATE { m h }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m*m*m*m*h
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(v)
    m' = (mInf - m)/mTau
    h' = (hInf - h)/hTau
}

INITIAL {
    qt = 2.3^((34 - 21)/10)
    rates(v)
    m = mInf
    h = hInf
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL u
    u = v + 10
    mInf = 1/(1 + exp(-u/19))
    mTau = (0.34 + 0.92*exp(-((u + 71)/59)^2))/qt
    hInf = 1/(1 + exp((u + 66)/10))
    hTau = (8 + 49*exp(-((u + 73)/23)^2))/qt
}
UNITSON
