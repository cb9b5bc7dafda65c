: NaTa_t -- fast inactivating (transient) Na+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Colbert CM, Pan E (2002) Ion channel properties underlying axonal action potential
:   initiation in pyramidal neurons. Nat Neurosci 5:533-538 (as parameterised in Hay et al. 2011).
: I = gbar * m^3 * h * (v - ena). Time constants divided by qt = 2.3^((34-21)/10) (hard-wired 34 degC;
: does not read celsius). The rate singularities at v = -38 (m) and v = -66 (h) are replaced by
: their analytic limits.

NEURON {
    SUFFIX NaTa_t
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
    am = 0.182*vtrap(v + 38, 6)
    bm = 0.124*vtrap(-(v + 38), 6)
    mInf = am/(am + bm)
    mTau = 1/((am + bm)*qt)
    ah = 0.015*vtrap(-(v + 66), 6)
    bh = 0.015*vtrap(v + 66, 6)
    hInf = ah/(ah + bh)
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
