: Ca_LVAst -- low-voltage-activated (T-type) Ca2+ current.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Kinetics: Avery RB, Johnston D (1996) Multiple channel types contribute to the low-voltage-activated
:   calcium current in hippocampal CA3 pyramidal neurons. J Neurosci 16:5567-5582; time constants after
:   Randall AD, Tsien RW (1997) Contrasting biophysical and pharmacological properties of T-type and
:   R-type calcium channels. Neuropharmacology 36:879-893 (as parameterised in Hay et al. 2011).
: I = gbar * m^2 * h * (v - eca). u = v + 10 (-10 mV junction-potential shift inside the rate
: functions only). taus divided by qt = 2.3^((34-21)/10) (hard-wired 34 degC).

NEURON {
    SUFFIX Ca_LVAst
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
    qt
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
    qt = 2.3^((34 - 21)/10)
    rates(v)
    m = mInf
    h = hInf
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    LOCAL u
    u = v + 10
    mInf = 1/(1 + exp(-(u + 30)/6))
    mTau = (5 + 20/(1 + exp((u + 25)/5)))/qt
    hInf = 1/(1 + exp((u + 80)/6.4))
    hTau = (20 + 50/(1 + exp((u + 40)/7)))/qt
}
UNITSON
