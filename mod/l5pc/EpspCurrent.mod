: EpspCurrent -- EPSP-shaped injected current (double exponential), for the BAC-firing protocol.
: Part of NeuroSurrogate (built-in L5PC model). Written from the published description; no code copied.
: Protocol: Hay E, Hill S, Schuermann F, Markram H, Segev I (2011) PLoS Comput Biol 7(7):e1002107,
:   ModelDB 139653 (BAC firing test); waveform after Schaefer AT, Larkum ME, Sakmann B, Roth A (2003)
:   Coincidence detection in pyramidal neurons is tuned by their dendritic branching pattern.
:   J Neurophysiol 89:3143-3154.
: For t >= onset:
:   i(t) = imax * (exp(-(t-onset)/tau1) - exp(-(t-onset)/tau0)) / (exp(-tp/tau1) - exp(-tp/tau0)),
:   tp = tau0*tau1*ln(tau0/tau1)/(tau0 - tau1)   (time of the peak; peak value = imax)
: and i = 0 before onset. ELECTRODE_CURRENT: positive imax depolarises, like IClamp.amp.
: Requires tau0 != tau1.

NEURON {
    POINT_PROCESS EpspCurrent
    RANGE tau0, tau1, onset, imax, i
    ELECTRODE_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
}

PARAMETER {
    tau0  = 0.5 (ms)
    tau1  = 5.0 (ms)
    onset = 300 (ms)
    imax  = 0   (nA)
}

ASSIGNED {
    v (mV)
    i (nA)
}

UNITSOFF
BREAKPOINT {
    LOCAL tp, norm, s
    if (t < onset) {
        i = 0
    } else {
        tp = tau0*tau1*log(tau0/tau1)/(tau0 - tau1)
        norm = exp(-tp/tau1) - exp(-tp/tau0)
        s = t - onset
        i = imax*(exp(-s/tau1) - exp(-s/tau0))/norm
    }
}
UNITSON
