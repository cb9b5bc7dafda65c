: LegacyRandomSyn -- a test fixture for NeuroSurrogate, written for this project: a point process whose
: VERBATIM C is in the style many published NEURON 7/8 mechanisms use (it declares nrn_random_arg itself and
: picks from a hoc Random through it). NEURON 9 declares these functions in its own headers, so nrnivmodl
: refuses the file; the cell that ships beside it never uses it (ModelSpecTest, BringYourOwnModsIT).

NEURON {
    POINT_PROCESS LegacyRandomSyn
    RANGE gmax, e, i
    NONSPECIFIC_CURRENT i
    POINTER rng
}

PARAMETER {
    gmax = 0.001 (uS)
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    rng
}

VERBATIM
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
ENDVERBATIM

BREAKPOINT {
    i = 0
}

FUNCTION draw() {
VERBATIM
    if (_p_rng) {
        _ldraw = nrn_random_pick(_p_rng);
    } else {
        _ldraw = 0;
    }
ENDVERBATIM
}

PROCEDURE setRNG() {
VERBATIM
    void** pv = (void**)(&_p_rng);
    *pv = nrn_random_arg(1);
ENDVERBATIM
}
