: Nap_Et2 -- persistent Na+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Magistretti J, Alonso A (1999) Biophysical properties and slow voltage-dependent
:   inactivation of a sustained sodium current in entorhinal cortex layer-II principal neurons.
:   J Gen Physiol 114:491-509 (as parameterised in Hay et al. 2011).
: I = gbar * m^3 * h * (v - ena). mInf, hInf are Boltzmann functions; tau_m uses the NaTa_t
: activation rates (times 6); all taus divided by qt = 2.3^((34-21)/10) (hard-wired 34 degC).

NEURON {
    SUFFIX Nap_Et2
    USEION na READ ena WRITE ina
    RANGE gbar, g, ina
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
    ena  (mV)
    ina  (mA/cm2)
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
    g = gbar*m*m*m*h
    ina = g*(v - ena)
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
    LOCAL am, bm, ah, bh
    mInf = 1/(1 + exp(-(v + 52.6)/4.6))
    am = 0.182*vtrap(v + 38, 6)
    bm = 0.124*vtrap(-(v + 38), 6)
    mTau = 6/((am + bm)*qt)
    hInf = 1/(1 + exp((v + 48.8)/10))
    ah = 2.88e-6*vtrap(-(v + 17), 4.63)
    bh = 6.94e-6*vtrap(v + 64.4, 2.63)
    hTau = 1/((ah + bh)*qt)
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
