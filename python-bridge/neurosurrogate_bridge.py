"""NEURON side of NeuroSurrogate: the only Python the project runs.

This module is thin on purpose. Each function is one Java bridge call (see
org.neurosurrogate.neuron.jep.NeuronSession); it talks to NEURON and hands arrays back. Input
generation, spike detection, file I/O and every decision live in Java. Errors are raised as
ordinary Python exceptions with a message that names what is wrong; Java turns them into its own.

Arrays cross the boundary as numpy arrays; outputs are written in place into direct buffers that
Java owns (jep.DirectNDArray arrives here as a numpy view), so no per-element copies are made.
"""
import os
import re
import sys
import tempfile
import weakref

os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")

import neuron  # noqa: E402
import numpy as np  # noqa: E402
from neuron import h  # noqa: E402

h.load_file("stdrun.hoc")
# NEURON's morphology readers (Import3d_Neurolucida3, Import3d_SWC_read, Import3d_GUI ...): published templates
# call them from their init() and expect them loaded, as nrngui does.
h.load_file("import3d.hoc")

_HOC_ERROR = re.compile(r"^NEURON: (.+)$", re.M)
_HOC_WHERE = re.compile(r"^ in (\S+) near line (\d+)$", re.M)


def _with_hoc_errors(what, fn):
    """Runs fn with fd 2 captured: a hoc error becomes one line, 'WHAT: FILE line N: message'; on success
    whatever NEURON printed is passed on to stderr."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            try:
                result, error = fn(), None
            except Exception as e:  # hoc errors arrive as RuntimeError after NEURON printed the details
                result, error = None, e
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode("utf-8", errors="replace")
    if error is None and result not in (0, 0.0, False):
        if text:
            sys.stderr.write(text)
        return result
    message = _HOC_ERROR.search(text)
    where = _HOC_WHERE.search(text)
    detail = message.group(1).strip() if message else str(error or "hoc returned 0")
    place = f"{where.group(1)} line {where.group(2)}: " if where else ""
    raise RuntimeError(f"{what}: {place}{detail}")

_SECTION_REF = re.compile(r"^([A-Za-z_]\w*)(?:\[(\d+)\])?$")


class _Cell:
    """What one instantiated cell keeps alive: the hoc object, synapses, inputs and recorders."""

    def __init__(self, hoc_cell, soma):
        self.hoc = hoc_cell
        self.soma = soma
        self.recorded = []       # recorded segments, in the input-contract order
        self.synapses = []       # exc block then inh block
        self.netcons = []
        self.streams = []        # RANDOM variables of stochastic synapses, in synapse order
        self.events = None       # (times, channels), queued at every finitialize
        self.handler = None
        self.segment_vectors = []
        self.soma_vector = None
        self.probes = []         # (Vector, owner) pairs from record_point / add_point_process
        self.point_processes = []


_cell = None
_loaded_libraries = set()  # NEURON refuses to define a mechanism twice, so load each library once


def neuron_version():
    return neuron.__version__


def load_mechanisms(library_path):
    """Load a compiled mechanism library (libnrnmech.so)."""
    if not os.path.isfile(library_path):
        raise FileNotFoundError(f"mechanism library not found: {library_path}")
    real = os.path.realpath(library_path)
    if real in _loaded_libraries:
        return False
    if _loaded_libraries:
        raise RuntimeError("this process already loaded other mechanisms; NEURON cannot load a second "
                           "set (run one model per process)")
    if not h.nrn_load_dll(real):
        raise RuntimeError(f"NEURON could not load mechanism library {library_path}")
    _loaded_libraries.add(real)
    return True


def load_hoc(path):
    if not os.path.isfile(path):
        raise FileNotFoundError(f"hoc file not found: {path}")
    _with_hoc_errors(f"hoc file {path} failed to load", lambda: h.load_file(path))
    return True


def instantiate(template, args, soma_ref):
    """Build one cell from a hoc template; replaces any previous cell of this process."""
    global _cell
    if not hasattr(h, template):
        raise NameError(f"hoc template '{template}' is not defined by the loaded hoc files")
    hoc_cell = _with_hoc_errors(f"template {template} failed to build the cell", lambda: getattr(h, template)(*args))
    _cell = None
    _cell = _Cell(hoc_cell, _section(hoc_cell, soma_ref))
    return True


def _require_cell():
    if _cell is None:
        raise RuntimeError("no cell instantiated: call instantiate() first")
    return _cell


def _section(hoc_cell, ref):
    match = _SECTION_REF.match(ref)
    if not match:
        raise ValueError(f"bad section reference '{ref}': expected name or name[index]")
    name, index = match.group(1), match.group(2)
    if not hasattr(hoc_cell, name):
        raise NameError(f"the cell has no public section or section list '{name}'")
    attr = getattr(hoc_cell, name)
    try:
        return attr[int(index)] if index is not None else attr
    except (IndexError, TypeError) as e:
        raise IndexError(f"section reference '{ref}' does not exist on the cell") from e


def _section_list(hoc_cell, name):
    if not hasattr(hoc_cell, name):
        raise NameError(f"the cell has no public SectionList '{name}'")
    return list(getattr(hoc_cell, name))


def _centre_3d(sec, x):
    n = int(sec.n3d())
    if n == 0:
        return (np.nan, np.nan, np.nan)
    arc = np.array([sec.arc3d(i) for i in range(n)])
    target = x * sec.L
    return tuple(float(np.interp(target, arc, [getattr(sec, c)(i) for i in range(n)]))
                 for c in ("x3d", "y3d", "z3d"))


def describe(section_lists):
    """Sections of the whole cell and the segments of the recorded section lists.

    Fixes the recorded-segment order (section lists in the given order, sections in list order,
    segments by increasing x): the order of the input channels and of the voltage columns.
    """
    return _describe(_require_cell(), section_lists)


def _describe(cell, section_lists):
    h.distance(0, cell.soma(0.5))
    all_secs = list(cell.soma.wholetree())
    index = {sec: i for i, sec in enumerate(all_secs)}
    sections = {"name": [], "parent": [], "parent_x": [], "length": [], "nseg": [], "diam0": [],
                "mechanisms": []}
    for sec in all_secs:
        parent_seg = sec.parentseg()
        sections["name"].append(sec.name())
        sections["parent"].append(index[parent_seg.sec] if parent_seg is not None else -1)
        sections["parent_x"].append(float(parent_seg.x) if parent_seg is not None else 0.0)
        sections["length"].append(float(sec.L))
        sections["nseg"].append(int(sec.nseg))
        sections["diam0"].append(float(sec(0.5 / sec.nseg).diam))
        mechs = sorted(m.name() for m in sec(0.5) if hasattr(m, "name"))
        sections["mechanisms"].append(",".join(mechs))
    segments = {"section": [], "list": [], "x": [], "distance": [], "diam": [], "length": [],
                "cx": [], "cy": [], "cz": []}
    recorded = []
    seen = set()
    for list_name in section_lists:
        for sec in _section_list(cell.hoc, list_name):
            if sec in seen:
                raise ValueError(f"section {sec.name()} appears in more than one recorded list")
            seen.add(sec)
            for seg in sec:
                c = _centre_3d(sec, seg.x)
                segments["section"].append(index[sec])
                segments["list"].append(list_name)
                segments["x"].append(float(seg.x))
                segments["distance"].append(float(h.distance(seg)))
                segments["diam"].append(float(seg.diam))
                segments["length"].append(float(sec.L / sec.nseg))
                segments["cx"].append(c[0])
                segments["cy"].append(c[1])
                segments["cz"].append(c[2])
                recorded.append(seg)
    if not recorded:
        raise ValueError(f"the section lists {list(section_lists)} hold no segments")
    cell.recorded = recorded
    return {"sections": sections, "segments": segments}


def place_synapses(exc_mechanism, exc_params, inh_mechanism, inh_params, exc_random=None, inh_random=None):
    """One excitatory then one inhibitory point process at the centre of every recorded segment.

    exc_random / inh_random name a stochastic mechanism's RANDOM variable (None: deterministic)."""
    return _place_synapses(_require_cell(), exc_mechanism, exc_params, inh_mechanism, inh_params,
                           exc_random, inh_random)


def _place_synapses(cell, exc_mechanism, exc_params, inh_mechanism, inh_params, exc_random=None, inh_random=None):
    if not cell.recorded:
        raise RuntimeError("describe() must run before place_synapses()")
    synapses, netcons, streams = [], [], []
    for mech, params, random in ((exc_mechanism, exc_params, exc_random), (inh_mechanism, inh_params, inh_random)):
        if not hasattr(h, mech):
            raise NameError(f"synapse mechanism '{mech}' is not loaded")
        for seg in cell.recorded:
            syn = getattr(h, mech)(seg)
            for key, value in dict(params).items():
                if not hasattr(syn, key):
                    raise AttributeError(f"synapse mechanism '{mech}' has no parameter '{key}'")
                setattr(syn, key, float(value))
            if random is not None:
                stream = getattr(syn, random, None)
                if not hasattr(stream, "set_ids"):
                    raise AttributeError(f"synapse mechanism '{mech}' has no RANDOM variable '{random}' "
                                         f"(declare RANDOM {random} in its NEURON block, NEURON 9 and later)")
                streams.append(stream)
            nc = h.NetCon(None, syn)
            nc.delay = 0
            nc.weight[0] = 1.0
            synapses.append(syn)
            netcons.append(nc)
    cell.synapses, cell.netcons, cell.streams = synapses, netcons, streams
    if cell.handler is None:
        owner = weakref.ref(cell)  # no cycle: a dropped cell takes its handler with it
        cell.handler = h.FInitializeHandler(1, lambda: _on_initialise(owner()))
    return len(synapses)


def _seed_streams(cell, id1, id2):
    """Random123 ids (id1, id2, synapse index) for every stochastic synapse; sequences restart at finitialize."""
    for k, stream in enumerate(cell.streams):
        stream.set_ids(int(id1), int(id2), k)


def seed_synapses(seed):
    """Seeds the stochastic synapses from a simulation's 64-bit seed: the same seed, the same releases."""
    cell = _require_cell()
    seed = int(seed) & 0xFFFFFFFFFFFFFFFF
    _seed_streams(cell, seed & 0xFFFFFFFF, (seed >> 32) & 0x7FFFFFFF)
    return len(cell.streams)


def set_inputs(times, channels):
    """Input spikes (ms) per channel; queued anew at every initialisation."""
    cell = _require_cell()
    times = np.asarray(times, dtype=np.float64)
    channels = np.asarray(channels, dtype=np.int64)
    if times.shape != channels.shape:
        raise ValueError("input times and channels differ in length")
    if channels.size and (channels.min() < 0 or channels.max() >= len(cell.netcons)):
        raise IndexError(f"input channel out of range 0..{len(cell.netcons) - 1}")
    cell.events = (times.copy(), channels.copy())
    return int(times.size)


def _on_initialise(cell):
    if cell is None:
        return
    for stream in cell.streams:
        stream.set_seq(0)
    if cell.events is None:
        return
    times, channels = cell.events
    netcons = cell.netcons
    for t, ch in zip(times.tolist(), channels.tolist()):
        netcons[ch].event(t)


def record(segment_interval, soma_interval):
    """Record every recorded segment at one interval and soma(0.5) at a finer one."""
    cell = _require_cell()
    cell.segment_vectors = []
    for seg in cell.recorded:
        vec = h.Vector()
        vec.record(seg._ref_v, float(segment_interval))
        cell.segment_vectors.append(vec)
    cell.soma_vector = h.Vector()
    cell.soma_vector.record(cell.soma(0.5)._ref_v, float(soma_interval))
    return len(cell.segment_vectors)


def add_point_process(mechanism, section_ref, x, params):
    """A point process (IClamp, a current source, ...) for protocols; returns its index."""
    cell = _require_cell()
    if not hasattr(h, mechanism):
        raise NameError(f"point process '{mechanism}' is not loaded")
    pp = getattr(h, mechanism)(_section(cell.hoc, section_ref)(float(x)))
    for key, value in dict(params).items():
        setattr(pp, key, float(value))
    cell.point_processes.append(pp)
    return len(cell.point_processes) - 1


def record_point(section_ref, x, interval):
    """Record v at one location; returns a probe index for probe()."""
    cell = _require_cell()
    vec = h.Vector()
    vec.record(_section(cell.hoc, section_ref)(float(x))._ref_v, float(interval))
    cell.probes.append(vec)
    return len(cell.probes) - 1


def clear_protocol():
    """Drop every electrode and probe added by add_point_process / record_point.

    Lets one cell serve several protocols; indices from both start at 0 again. Returns how many
    objects were dropped. Synapses, inputs and the standard recorders are kept.
    """
    cell = _require_cell()
    dropped = len(cell.point_processes) + len(cell.probes)
    cell.point_processes = []
    cell.probes = []
    return dropped


def section_distance_range(section_ref):
    """Path distance (um) from soma(0.5) of the 0 and 1 ends of a section."""
    cell = _require_cell()
    sec = _section(cell.hoc, section_ref)
    h.distance(0, cell.soma(0.5))
    return [float(h.distance(sec(0))), float(h.distance(sec(1))), float(sec(0.5).diam)]


def run(tstop, dt, v_init, celsius, voltages_out, soma_out):
    """Fixed-step run; fills voltages_out (time x segment) and soma_out in place.

    Either output may be None (nothing recorded there). Returns the number of samples written.
    """
    cell = _require_cell()
    h.cvode_active(0)
    h.celsius = float(celsius)
    h.dt = float(dt)
    h.steps_per_ms = 1.0 / float(dt)
    h.finitialize(float(v_init))
    h.continuerun(float(tstop))
    written = 0
    if voltages_out is not None:
        n_time = voltages_out.shape[0]
        for col, vec in enumerate(cell.segment_vectors):
            voltages_out[:, col] = vec.as_numpy()[:n_time]
        written = n_time
    if soma_out is not None:
        soma_out[:] = cell.soma_vector.as_numpy()[:soma_out.shape[0]]
    return written


def probe(index, out):
    """Copy a probe's samples into out (a direct buffer); returns how many were copied."""
    cell = _require_cell()
    data = cell.probes[index].as_numpy()
    n = min(out.shape[0], data.size)
    out[:n] = data[:n]
    return int(n)


# ---------------------------------------------------------------------------------------------------
# Networks (org.neurosurrogate.neuron.jep.NeuronNetwork). Cells are addressed by gid; this process
# (MPI rank) builds only the gids Java assigns to it. Detailed cells are _Cell objects with their
# synapses; a surrogate cell is an NsSurrogateCell (mod/network) whose inbox Java drains after each
# interval and whose outbox Java fills. NEURON's ParallelContext does all event delivery and exchange.

class _Network:
    def __init__(self):
        self.pc = h.ParallelContext()
        self.detailed = {}     # gid -> _Cell
        self.surrogates = {}   # gid -> (NsSurrogateCell, emitter NetCon)
        self.sources = []      # spike-source NetCons registered with pc.cell
        self.connections = []
        self.spike_t = h.Vector()
        self.spike_gid = h.Vector()
        self.inbox = h.Vector()
        self.held = None       # inbox rows delivered at an interval's very end, for the next interval
        self.voltage_vectors = {}  # gid -> (segment Vectors, soma Vector)


_net = None
_mpi = False


def net_mpi_init():
    """Under mpirun (one process per rank), starts NEURON's MPI before any ParallelContext exists.
    Returns [rank, ranks]."""
    global _mpi
    ranks = int(os.environ.get("OMPI_COMM_WORLD_SIZE", os.environ.get("PMI_SIZE", "1")))
    if ranks > 1 and not _mpi:
        h.nrnmpi_init()
        _mpi = True
    pc = h.ParallelContext()
    return [int(pc.id()), int(pc.nhost())]


def net_gather_spikes(times, gids):
    """Every rank's spikes, concatenated in rank order: [times, gids]."""
    if not _mpi:
        return [np.asarray(times, dtype=np.float64), np.asarray(gids, dtype=np.int64)]
    parts = h.ParallelContext().py_allgather([np.asarray(times, dtype=np.float64), np.asarray(gids, dtype=np.int64)])
    return [np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])]


def net_gather_voltages(gids, segments, somas):
    """Recorded traces of every rank: [gids, segment traces, soma traces], gids in rank order."""
    items = [[int(g), np.asarray(v, dtype=np.float32), np.asarray(sm, dtype=np.float32)]
             for g, v, sm in zip(list(gids), list(segments), list(somas))]
    if _mpi:
        items = [x for part in h.ParallelContext().py_allgather(items) for x in part]
    return [np.asarray([x[0] for x in items], dtype=np.int64), [x[1] for x in items], [x[2] for x in items]]


def net_max(values):
    """Element-wise maximum over ranks."""
    values = [float(v) for v in values]
    if not _mpi:
        return values
    return [max(col) for col in zip(*h.ParallelContext().py_allgather(values))]


def net_finish_mpi(status):
    """Ends an MPI run cleanly with this exit status (MPI_Finalize, then exit); no-op without MPI."""
    if not _mpi:
        return False
    import ctypes
    h.ParallelContext().barrier()
    for name in ("libmpi.so.40", "libmpi.so.12", "libmpi.so"):  # Open MPI, MPICH, either's dev link
        try:
            ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL).MPI_Finalize()
            break
        except OSError:
            continue
    os._exit(int(status))


def net_open():
    """A new, empty network; returns [rank, number of ranks]."""
    global _net, _cell
    _cell = None  # a single cell of an earlier simulation would otherwise be integrated with the network
    if _net is not None:  # a second network in this process: forget the first one's gids and events
        _net.pc.gid_clear()
        if _net.surrogates:
            next(iter(_net.surrogates.values()))[0].take(_net.inbox)
        _net = None
    _net = _Network()
    return [int(_net.pc.id()), int(_net.pc.nhost())]


def _require_net():
    if _net is None:
        raise RuntimeError("no network: call net_open() first")
    return _net


def net_add_detailed(gid, template, args, soma_ref, section_lists, exc_mechanism, exc_params,
                     inh_mechanism, inh_params, threshold, exc_random=None, inh_random=None):
    """A detailed cell with a synapse pair on every recorded segment; returns its segment count."""
    net = _require_net()
    if not hasattr(h, template):
        raise NameError(f"hoc template '{template}' is not defined by the loaded hoc files")
    hoc_cell = getattr(h, template)(*args)
    cell = _Cell(hoc_cell, _section(hoc_cell, soma_ref))
    cell.recorded = [seg for name in section_lists for sec in _section_list(hoc_cell, name) for seg in sec]
    _place_synapses(cell, exc_mechanism, exc_params, inh_mechanism, inh_params, exc_random, inh_random)
    gid = int(gid)
    _seed_streams(cell, gid, 0x80000000)  # a network cell's streams by gid, apart from single-cell seeds
    net.pc.set_gid2node(gid, net.pc.id())
    source = h.NetCon(cell.soma(0.5)._ref_v, None, sec=cell.soma)
    source.threshold = float(threshold)
    net.pc.cell(gid, source)
    net.sources.append(source)
    net.detailed[gid] = cell
    return len(cell.recorded)


def net_describe_model(template, args, soma_ref, section_lists):
    """describe() of a throwaway instance of a template (built, described and dropped), so a population's
    segment table is known on every rank before any of its cells is built."""
    if not hasattr(h, template):
        raise NameError(f"hoc template '{template}' is not defined by the loaded hoc files")
    hoc_cell = getattr(h, template)(*args)
    return _describe(_Cell(hoc_cell, _section(hoc_cell, soma_ref)), section_lists)


def net_describe(gid, section_lists):
    """describe() for one detailed cell of the network."""
    return _describe(_require_net().detailed[int(gid)], section_lists)


def net_add_surrogate(gid, slot):
    """A surrogate cell: an NsSurrogateCell whose inbox events carry slot as their index."""
    net = _require_net()
    if not hasattr(h, "NsSurrogateCell"):
        raise NameError("mechanism NsSurrogateCell is not loaded (mod/network was not compiled in)")
    art = h.NsSurrogateCell()
    art.index = float(slot)
    emitter = h.NetCon(None, art)
    emitter.weight[1] = -1  # channel < 0: fire
    gid = int(gid)
    net.pc.set_gid2node(gid, net.pc.id())
    source = h.NetCon(art, None)
    net.pc.cell(gid, source)
    net.sources.append(source)
    net.surrogates[gid] = (art, emitter)
    return True


def net_connect(sources, targets, channels, weights, delays):
    """Network connections into this rank's cells. channels[i] < S: the target segment's excitatory
    synapse; S + seg: its inhibitory one (the input-channel contract). Returns how many were made."""
    net = _require_net()
    made = 0
    for src, tgt, ch, w, d in zip(np.asarray(sources).tolist(), np.asarray(targets).tolist(),
                                  np.asarray(channels).tolist(), np.asarray(weights).tolist(),
                                  np.asarray(delays).tolist()):
        tgt = int(tgt)
        if tgt in net.detailed:
            cell = net.detailed[tgt]
            if not 0 <= ch < len(cell.synapses):
                raise IndexError(f"channel {ch} out of range for cell {tgt} ({len(cell.synapses)} synapses)")
            nc = net.pc.gid_connect(int(src), cell.synapses[int(ch)])
            nc.weight[0] = float(w)
        elif tgt in net.surrogates:
            nc = net.pc.gid_connect(int(src), net.surrogates[tgt][0])
            nc.weight[0] = float(w)
            nc.weight[1] = float(ch)
        else:
            raise KeyError(f"cell {tgt} is not on this rank")
        nc.delay = float(d)
        net.connections.append(nc)
        made += 1
    return made


def net_set_background(gid, times, channels):
    """Background input spikes of a detailed cell, queued at every initialisation."""
    cell = _require_net().detailed[int(gid)]
    times = np.asarray(times, dtype=np.float64)
    channels = np.asarray(channels, dtype=np.int64)
    if channels.size and (channels.min() < 0 or channels.max() >= len(cell.netcons)):
        raise IndexError(f"input channel out of range 0..{len(cell.netcons) - 1}")
    cell.events = (times.copy(), channels.copy())
    return int(times.size)


def net_record(gid, segment_interval, soma_interval):
    """Record a detailed cell's recorded segments and its soma."""
    net = _require_net()
    cell = net.detailed[int(gid)]
    vectors = []
    for seg in cell.recorded:
        vec = h.Vector()
        vec.record(seg._ref_v, float(segment_interval))
        vectors.append(vec)
    soma = h.Vector()
    soma.record(cell.soma(0.5)._ref_v, float(soma_interval))
    net.voltage_vectors[int(gid)] = (vectors, soma)
    return len(vectors)


def net_init(dt, v_init, celsius, max_step):
    """Fixed-step initialisation; the spike exchange interval is at most max_step and the minimum
    delay of any NetCon from a gid. Returns that interval."""
    net = _require_net()
    h.cvode_active(0)
    h.celsius = float(celsius)
    h.dt = float(dt)
    h.steps_per_ms = 1.0 / float(dt)
    interval = net.pc.set_maxstep(float(max_step))
    net.spike_t.resize(0)
    net.spike_gid.resize(0)
    net.pc.spike_record(-1, net.spike_t, net.spike_gid)  # -1: every output gid that exists now, so after building
    h.finitialize(float(v_init))
    return float(interval)


def net_advance(tstop, t0, frames):
    """Integrates to tstop; returns the events delivered to surrogates meanwhile, binned (vectorised) into the 1-ms
    input frames of the interval [t0, t0 + frames): [slots, channels, frames, weights] (int32, int32, int32,
    float32), sorted by slot (stable: delivery order within a slot). An event delivered at the interval's very end
    (its frame is the next interval's first) is held back for the next call."""
    net = _require_net()
    net.pc.psolve(float(tstop))
    empty = [np.zeros(0, dtype=np.int32)] * 3 + [np.zeros(0, dtype=np.float32)]
    if not net.surrogates:
        return empty
    art = next(iter(net.surrogates.values()))[0]
    n = int(art.take(net.inbox))
    rows = net.inbox.as_numpy()[:4 * n].reshape(n, 4)
    if net.held is not None:
        rows = np.concatenate([net.held, rows])
        net.held = None
    if rows.shape[0] == 0:
        return empty
    frame = np.floor(rows[:, 0] + 1e-9).astype(np.int64) - int(t0)
    late = frame >= int(frames)
    if late.any():
        net.held = rows[late].copy()
        rows = rows[~late]
        frame = frame[~late]
    order = np.argsort(rows[:, 1], kind="stable")
    return [rows[order, 1].astype(np.int32), rows[order, 2].astype(np.int32),
            np.maximum(frame[order], 0).astype(np.int32), rows[order, 3].astype(np.float32)]


def net_emit(gids, times):
    """Surrogate spikes: each gid fires at its time (>= now) through its NsSurrogateCell."""
    net = _require_net()
    for gid, t in zip(np.asarray(gids).tolist(), np.asarray(times).tolist()):
        net.surrogates[int(gid)][1].event(float(t))
    return True


def net_time():
    return float(h.t)


def net_spikes():
    """Spikes of this rank's gids so far: [times, gids]."""
    net = _require_net()
    return [net.spike_t.as_numpy().copy(), net.spike_gid.as_numpy().astype(np.int64)]


def net_voltages(gid, voltages_out, soma_out):
    """Copies a recorded cell's traces into direct buffers (time x segment, and soma)."""
    vectors, soma = _require_net().voltage_vectors[int(gid)]
    n_time = voltages_out.shape[0]
    for col, vec in enumerate(vectors):
        voltages_out[:, col] = vec.as_numpy()[:n_time]
    soma_out[:] = soma.as_numpy()[:soma_out.shape[0]]
    return n_time
