: CaDynamics_E2 -- submembrane Ca2+ pool with first-order removal.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published equations; no code copied.
: Model: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) Models of neocortical layer 5b
:   pyramidal cells capturing a wide range of dendritic and perisomatic active properties.
:   PLoS Comput Biol 7(7):e1002107. doi:10.1371/journal.pcbi.1002107. ModelDB accession 139653.
: Formulation after Destexhe A et al. (1994), shell model of Ca2+ influx
:   and decay (as parameterised in Hay et al. 2011):
:   dcai/dt = -10000 * gamma * ica / (2 * F * depth) - (cai - minCai)/decay
: with ica in mA/cm2, depth in um, F in C/mol, cai in mM; 10000 converts to mM/ms.
: gamma: free (unbuffered) fraction; decay: removal time constant.
: Deliberately NO assignment of cai in INITIAL: cai starts at NEURON's ion default (cai0_ca_ion,
: 5e-5 mM) and relaxes towards minCai, as in the original model.

NEURON {
    SUFFIX CaDynamics_E2
    USEION ca READ ica WRITE cai
    RANGE gamma, decay, depth, minCai
}

UNITS {
    (mV)    = (millivolt)
    (mA)    = (milliamp)
    (mM)    = (milli/liter)
    (um)    = (micron)
    FARADAY = (faraday) (coulombs)
}

PARAMETER {
    gamma  = 0.05
    decay  = 80 (ms)
    depth  = 0.1 (um)
    minCai = 1e-4 (mM)
}

ASSIGNED {
    ica (mA/cm2)
}

STATE {
    cai (mM)
}

INITIAL {
    : cai intentionally left at the ion's initial value (see header)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
}

UNITSOFF
DERIVATIVE states {
    cai' = -(10000)*(ica*gamma/(2*FARADAY*depth)) - (cai - minCai)/decay
}
UNITSON
