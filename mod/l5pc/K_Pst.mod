: K_Pst -- slow, non-inactivating ("persistent") K+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Korngreen A, Sakmann B (2000) Voltage-gated K+ channels in layer 5 neocortical
:   pyramidal neurones from young rats: subtypes and gradients. J Physiol 525:621-639
:   (as parameterised in Hay et al. 2011).
: I = gbar * m^2 * h * (v - ek). u = v + 10 (a -10 mV junction-potential shift applied inside the
: rate functions only). taus divided by qt = 2.3^((34-21)/10) (hard-wired 34 degC).

NEURON {
    SUFFIX K_Pst
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
    g = gbar*m*m*h
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
    mInf = 1/(1 + exp(-(u + 1)/12))
    if (u < -50) {
        mTau = (1.25 + 175.03*exp(0.026*u))/qt
    } else {
        mTau = (1.25 + 13*exp(-0.026*u))/qt
    }
    hInf = 1/(1 + exp((u + 54)/11))
    hTau = (360 + (1010 + 24*(u + 55))*exp(-((u + 75)/48)^2))/qt
}
UNITSON
