: NsSurrogateCell -- the stand-in of one surrogate cell inside a NEURON network. Part of NeuroSurrogate.
:
: An artificial cell with two jobs, so that NEURON's own event delivery (and ParallelContext's spike
: exchange) carries spikes into and out of surrogates exactly as between detailed cells:
:  - inbox: every event delivered to it over a network NetCon (weight vector {w, channel >= 0}) is appended,
:    as (t, index, channel, w), to one buffer shared by all instances of the process; Java drains it after
:    each interval with take() and maps the events onto the surrogate's input channels;
:  - outbox: an event with channel < 0 (queued by Java with NetCon.event on a target-less NetCon) makes the
:    cell fire at that moment (net_event), so its gid's spike reaches every target through the NetCons
:    leaving it, with their delays.
: Not thread-safe (one static buffer): the network runs with one NEURON thread per process (rank).

NEURON {
    ARTIFICIAL_CELL NsSurrogateCell
    RANGE index
}

PARAMETER {
    index = 0  : this cell's slot in its rank's surrogate batch
}

VERBATIM
#include <stdlib.h>
/* 4 doubles per received event: t, index, channel, weight */
static double* ns_inbox = 0;
static int ns_inbox_n = 0;
static int ns_inbox_cap = 0;
ENDVERBATIM

NET_RECEIVE (w, channel) {
    : channel is a fixed property of the NetCon, not per-stream state: without an INITIAL block here
    : finitialize would reset it to 0 on every NetCon
    INITIAL { }
    if (channel < 0) {
        net_event(t)
    } else {
        push(t, index, channel, w)
    }
}

PROCEDURE push(te, id, ch, wt) {
VERBATIM
    if (ns_inbox_n + 4 > ns_inbox_cap) {
        int cap = ns_inbox_cap ? 2 * ns_inbox_cap : 4096;
        double* grown = (double*) realloc(ns_inbox, (size_t) cap * sizeof(double));
        if (!grown) {
            hoc_execerror("NsSurrogateCell: out of memory for the inbox", 0);
        }
        ns_inbox = grown;
        ns_inbox_cap = cap;
    }
    ns_inbox[ns_inbox_n++] = _lte;
    ns_inbox[ns_inbox_n++] = _lid;
    ns_inbox[ns_inbox_n++] = _lch;
    ns_inbox[ns_inbox_n++] = _lwt;
ENDVERBATIM
}

: take(vec): moves the buffered events into vec (4 values per event, resized) and empties the buffer.
: Returns the number of events. The buffer is shared, so calling it on any instance drains all.
FUNCTION take() {
VERBATIM
    IvocVect* out = vector_arg(1);
    int n = ns_inbox_n;
    vector_resize(out, n);
    double* dst = vector_vec(out);
    int i;
    for (i = 0; i < n; i++) {
        dst[i] = ns_inbox[i];
    }
    ns_inbox_n = 0;
    _ltake = n / 4;
ENDVERBATIM
}
