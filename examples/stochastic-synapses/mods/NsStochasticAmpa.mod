: NsStochasticAmpa -- an AMPA synapse with short-term plasticity and stochastic release from one site.
: Part of NeuroSurrogate, written for this project (no code copied); an example of a model's own stochastic
: synapse, used through model.json's "synapses" (docs: examples/stochastic-synapses/README.md).
: Sources of the model:
:   Tsodyks MV, Markram H (1997) PNAS 94:719-723 and Markram H, Wang Y, Tsodyks M (1998) PNAS 95:5323-5328:
:     utilisation u facilitates towards 1 by Use*(1 - u) at each event and relaxes to 0 with time constant Fac;
:     resources recover with time constant Dep.
:   Fuhrmann G, Segev I, Markram H, Tsodyks M (2002) J Neurophysiol 87:140-148: the stochastic form with one
:     release site: an empty site refills during an interval isi with probability 1 - exp(-isi/Dep), and a full
:     site releases with probability u.
: Conductance: a normalised dual exponential, g = gmax*(B - A), peak gmax*weight per release.
: Random numbers come from NEURON 9's RANDOM (Random123) variable release_rng; the caller sets its stream ids
: (NeuroSurrogate: from the simulation seed and the synapse's index) and its sequence restarts at every
: finitialize, so the same seed gives the same releases.

NEURON {
    POINT_PROCESS NsStochasticAmpa
    RANGE tau_r, tau_d, gmax, e, Use, Dep, Fac
    RANGE i, g, factor, releases
    NONSPECIFIC_CURRENT i
    RANDOM release_rng
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau_r = 0.3     (ms)
    tau_d = 3.0     (ms)
    gmax  = 0.0004  (uS)
    e     = 0       (mV)
    Use   = 0.5     (1)
    Dep   = 100     (ms)
    Fac   = 10      (ms)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    factor
    releases
}

STATE {
    A
    B
}

INITIAL {
    LOCAL tp
    A = 0
    B = 0
    tp = (tau_r*tau_d)/(tau_d - tau_r)*log(tau_d/tau_r)
    factor = 1/(-exp(-tp/tau_r) + exp(-tp/tau_d))
    releases = 0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g = gmax*(B - A)
    i = g*(v - e)
}

DERIVATIVE state {
    A' = -A/tau_r
    B' = -B/tau_d
}

NET_RECEIVE (weight, u, full, tlast (ms)) {
    LOCAL isi
    INITIAL {
        u = 0
        full = 1
        tlast = t
    }
    isi = t - tlast
    if (Fac > 0) {
        u = u*exp(-isi/Fac)
    } else {
        u = 0
    }
    u = u + Use*(1 - u)
    if (full == 0) {
        if (random_uniform(release_rng) < 1 - exp(-isi/Dep)) {
            full = 1
        }
    }
    if (full == 1) {
        if (random_uniform(release_rng) < u) {
            full = 0
            A = A + weight*factor
            B = B + weight*factor
            releases = releases + 1
        }
    }
    tlast = t
}
