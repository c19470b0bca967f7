"""Screening model: per-cell thresholds of any contact configuration from a few full searches.

A threshold search per cell costs seconds; a lead of four contacts allows fifty anode/cathode
configurations, each at several pulse widths. The screening model predicts them by passive
superposition (``docs/assumptions.md`` AP2):

1. per pulse width, every simulated cell's membrane response to each contact alone (unit
   current, the program's waveform) is simulated with the cable solver
   (:func:`drgsim.neuron.simulate.simulate`) at a small amplitude, where the extracellular
   potential on the cell peaks at :data:`LINEAR_LEVEL`. The membrane is the full one, so the
   response is its first-order (linearised at rest) response: resting conductances of the
   active channels, the myelin and periaxonal layer included. A run at zero amplitude is
   subtracted (any drift of the initial state), and the difference divided by the amplitude
   gives the depolarisation per unit current [V/A] at the compartments with active membrane
   (nodes of Ranvier, unmyelinated membrane, soma), sampled over one pulse (about
   :data:`SAMPLES_PER_PHASE` samples per first phase, phase ends on the sampling grid);
2. the response is linear in the drive, so a configuration with contact weights ``w`` has the
   response ``sum_k w_k R_k(t, i)``, and its drive ``peak_c`` is the largest depolarisation over
   the cell's active compartments ``i`` and the pulse's time ``t`` [V/A]
   (:func:`peak_depolarisation`);
3. the threshold is ``K_c / peak_c``, with the constant ``K_c`` [V] of each cell and pulse width
   calibrated with the full model (a threshold search) on reference configurations
   (:func:`calibrate`); a cell that did not fire in the calibration takes the median ``K`` of
   its class.

The response integrates the activating function over the cable and the membrane's time
course, which the former peak-potential rule (``K_c / max|phi|``) did not: on the default
scenario's L5 DRG at 300 us it ranked eight configurations' lowest thresholds with Spearman
0.11 against the full model, passive superposition with 0.99 (median threshold error a factor
1.25 against 1.02; ``tests/validation/test_autoprogram_screening.py``). It remains an
approximation: a fixed depolarisation at threshold ignores the non-linear membrane and where
the AP must travel to be detected.

The activating function (Rattay, IEEE Trans Biomed Eng 1986;33:974-977,
doi:10.1109/TBME.1986.325670), the second spatial difference of the potential along the cell,

    f_i = (1 / C_i) sum_j g_ij (phi_j - phi_i)            [V/s per A]

over the intracellular neighbours ``j`` of compartment ``i`` (axial conductance ``g_ij`` and
membrane capacitance ``C_i`` as compiled by :func:`drgsim.neuron.cable.compile_cables`), is used
for the nociceptor T-junction drive, the pain-filtering proxy of the automatic programmer
(AP3; :func:`activating_operator`).

The model is a ranking device: the programmer re-runs the full threshold search on the
configurations it proposes, and a test checks the screening ranks against the full model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from drgsim import units as u
from drgsim._typing import FloatArray, IntArray
from drgsim.device import WAVEFORMS
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.population import CellKind, CellSet
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus

_ACTIVE_KINDS = (Kind.UNMYELINATED, Kind.NODE, Kind.SOMA)

#: Largest extracellular potential on a cell in the linear-response runs [V]: a numerical
#: choice, far below the millivolts that change gating; the superposition error is then under
#: 1e-3 of the response and shrinks in proportion to this level
#: (tests/unit/therapy/test_screening.py).
LINEAR_LEVEL = 0.1 * u.mV

#: Target number of trace samples over the first phase of the pulse (numerical choice).
SAMPLES_PER_PHASE = 16


def activating_operator(cells: CellSet) -> sp.csr_matrix:
    """Sparse operator ``D`` with ``f = D @ phi``: the activating function [V/s per V].

    Rows and columns are the concatenated compartments of ``cells``, (n_comp, n_comp).
    """
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[FloatArray] = []
    for c, model in enumerate(cells.models):
        off = int(cells.comp_start[c])
        parent = model.parent
        cross = np.pi * model.diameter**2 / 4.0
        r_half = model.ra * model.length / 2.0 / cross
        child = np.flatnonzero(parent >= 0)
        par = parent[child]
        g = 1.0 / (r_half[child] + r_half[par])
        cap = model.cm * model.area
        cap = np.where(cap > 0, cap, np.inf)  # zero-area junction points carry no membrane
        # f_child += g/C_child (phi_par - phi_child); f_par += g/C_par (phi_child - phi_par)
        for i, j in ((child, par), (par, child)):
            w = g / cap[i]
            rows += [i + off, i + off]
            cols += [j + off, i + off]
            vals += [w, -w]
    n = cells.n_comp
    if not vals:
        return sp.csr_matrix((n, n))
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )


def active_mask(cells: CellSet) -> np.ndarray:
    """Compartments whose membrane can initiate an AP (nodes, unmyelinated, soma), (n_comp,)."""
    return np.concatenate([np.isin(m.kind, _ACTIVE_KINDS) for m in cells.models])


def cell_drive(cells: CellSet, values: FloatArray, mask: np.ndarray) -> FloatArray:
    """Largest magnitude of ``values`` over each cell's compartments where ``mask`` holds.

    Parameters
    ----------
    cells
        The cells.
    values
        Potential [V/A] (or activating function [V/s per A]) per unit amplitude,
        (n_comp, n_configs).
    mask
        Compartments to consider, (n_comp,) bool.

    Returns
    -------
    numpy.ndarray
        (n_cells, n_configs); 0 for a cell without a considered compartment.
    """
    a = np.abs(np.where(mask[:, None], values, 0.0))
    starts = cells.comp_start[:-1]
    out: FloatArray = np.maximum.reduceat(a, starts, axis=0)
    return out


def tjunction_mask(cells: CellSet) -> np.ndarray:
    """Compartments at the T-junction and stem of the nociceptors (C and Aδ), (n_comp,)."""
    parts = []
    for m, kind in zip(cells.models, cells.kind, strict=True):
        nociceptor = int(kind) in (int(CellKind.A_DELTA), int(CellKind.C))
        parts.append(np.isin(m.region, (Region.T_JUNCTION, Region.STEM)) & nociceptor)
    return np.concatenate(parts)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ContactResponses:
    """Depolarisation per unit current of each contact alone, per cell (linear regime).

    Attributes
    ----------
    cells
        Indices of the simulated cells in their :class:`CellSet`, (n_sel,).
    n_cells
        Cells of the :class:`CellSet`.
    compartments
        Per simulated cell, the local indices of its active compartments, (n_active,).
    response
        Per simulated cell, (n_contacts, n_active, n_samples) [V/A].
    time
        Sample times from the pulse onset, (n_samples,) [s].
    n_simulations
        Batch rows run (cells x (contacts + 1 baseline)).
    """

    cells: IntArray
    n_cells: int
    compartments: tuple[IntArray, ...]
    response: tuple[FloatArray, ...]
    time: FloatArray
    n_simulations: int

    @property
    def n_contacts(self) -> int:
        """Number of contacts (columns of the transfer matrix)."""
        return int(self.response[0].shape[0]) if self.response else 0


def _stride(n_first: int, samples: int) -> int:
    """Largest divisor of ``n_first`` not above ``n_first / samples`` (at least 1)."""
    top = max(1, n_first // samples)
    return next(s for s in range(top, 0, -1) if n_first % s == 0)


def contact_responses(
    cells: CellSet,
    transfer: FloatArray,
    pulse_width: float,
    waveform: str,
    *,
    dt: float,
    mask: object = None,
    level: float = LINEAR_LEVEL,
) -> ContactResponses:
    """Simulate each cell's depolarisation per unit current of each contact alone.

    Parameters
    ----------
    cells
        The cells.
    transfer
        Potential per unit current of each contact, (n_comp, n_contacts) [V/A].
    pulse_width
        First-phase duration [s].
    waveform
        Waveform name (:data:`drgsim.device.WAVEFORMS`).
    dt
        Time step [s].
    mask
        Cells to simulate, (n_cells,) bool; default all.
    level
        Largest extracellular potential on a cell in the runs [V] (module docstring).

    Returns
    -------
    ContactResponses

    Raises
    ------
    ConfigurationError
        On a transfer matrix of the wrong shape, an unknown waveform or a level outside 1 uV-1 mV.
    SolverError
        If a potential became non-finite.
    """
    transfer = np.asarray(transfer, dtype=np.float64)
    if transfer.ndim != 2 or transfer.shape[0] != cells.n_comp or transfer.shape[1] < 1:
        raise ConfigurationError(
            "transfer", f"shape {transfer.shape}", f"({cells.n_comp}, n_contacts >= 1)"
        )
    if waveform not in WAVEFORMS:
        raise ConfigurationError("waveform", waveform, ", ".join(sorted(WAVEFORMS)))
    if not 1e-3 * u.mV <= level <= 1 * u.mV:
        raise ConfigurationError("level_mV", level / u.mV, "0.001-1 mV")
    sel = np.ones(cells.n_cells, bool) if mask is None else np.asarray(mask, dtype=bool)
    idx = np.flatnonzero(sel)
    n_contacts = transfer.shape[1]
    if idx.size == 0:
        return ContactResponses(
            cells=idx, n_cells=cells.n_cells, compartments=(), response=(), time=np.zeros(0),
            n_simulations=0,
        )  # fmt: skip
    wave = WAVEFORMS[waveform]
    samples = wave.sample(dt, pulse_width)
    stride = _stride(max(1, round(wave.phases(pulse_width)[0][1] / dt)), SAMPLES_PER_PHASE)
    options = SolverOptions(dt=dt, t_stop=samples.size * dt, trace_stride=stride)
    models = [cells.models[i] for i in idx]
    active = [np.flatnonzero(np.isin(m.kind, _ACTIVE_KINDS)) for m in models]
    starts = cells.comp_start
    blocks = [transfer[starts[i] : starts[i + 1]] for i in idx]
    phi_all = np.concatenate(blocks)
    peak = np.array([np.abs(b).max(axis=0) for b in blocks])  # (n_sel, n_contacts) [V/A]
    amp = np.where(peak > 0, level / np.where(peak > 0, peak, 1.0), 0.0)
    per_contact = []
    base = None
    for k in range(n_contacts):
        amps = amp[:, k : k + 1] if k else np.column_stack([np.zeros(idx.size), amp[:, 0]])
        stim = Stimulus(waveform=samples, extracellular=np.ascontiguousarray(phi_all[:, k]))
        res = simulate(models, stim, amps, options, trace=[a.tolist() for a in active])
        if base is None:
            base = res.traces[:, 0]
        scale = np.where(amp[:, k] > 0, 1.0 / np.where(amp[:, k] > 0, amp[:, k], 1.0), 0.0)
        per_contact.append((res.traces[:, -1] - base) * scale[:, None, None])
    stacked = np.stack(per_contact)  # (n_contacts, n_sel, n_trace, n_samples)
    n_samples = stacked.shape[-1]
    return ContactResponses(
        cells=idx,
        n_cells=cells.n_cells,
        compartments=tuple(active),
        response=tuple(np.ascontiguousarray(stacked[:, c, : a.size]) for c, a in enumerate(active)),
        time=np.arange(n_samples, dtype=np.float64) * (stride * dt),
        n_simulations=idx.size * (n_contacts + 1),
    )


def superpose(responses: ContactResponses, weights: FloatArray, cell: int) -> FloatArray:
    """Response of simulated cell ``cell`` (position in ``responses.cells``) to ``weights``.

    ``weights`` (n_contacts,) or (n_contacts, n_configs) [1]; returns (n_active, n_samples) or
    (n_configs, n_active, n_samples) [V per A of the configuration's amplitude].
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.shape[0] != responses.n_contacts:
        raise ConfigurationError(
            "weights", f"shape {w.shape}", f"({responses.n_contacts}, ...) one per contact"
        )
    out: FloatArray = np.tensordot(w.T, responses.response[cell], axes=(-1, 0))
    return out


def peak_depolarisation(responses: ContactResponses, weights: FloatArray) -> FloatArray:
    """Largest depolarisation per unit amplitude of each cell and configuration [V/A].

    ``weights`` (n_contacts, n_configs) [1]. Returns (n_cells, n_configs): the maximum over the
    cell's active compartments and the pulse of the superposed response, 0 where it never
    depolarises and for cells not simulated.
    """
    w = np.asarray(weights, dtype=np.float64)
    out = np.zeros((responses.n_cells, w.shape[1]))
    for c, i in enumerate(responses.cells):
        v = superpose(responses, w, c)  # (n_configs, n_active, n_samples)
        out[i] = np.maximum(v.reshape(w.shape[1], -1).max(axis=1, initial=0.0), 0.0)
    return out


def calibrate(drive: FloatArray, threshold: FloatArray, kinds: np.ndarray) -> FloatArray:
    """Per-cell constants ``K = threshold * drive`` [V], (n_cells,).

    Parameters
    ----------
    drive
        Drive of each cell in each calibration configuration, (n_cells, n_ref) [V/A]
        (:func:`peak_depolarisation`).
    threshold
        Full-model thresholds, (n_cells, n_ref) [A]; NaN where the cell did not fire.
    kinds
        :class:`~drgsim.neuron.population.CellKind` code per cell.

    Returns
    -------
    numpy.ndarray
        Geometric mean over the configurations where the cell fired; else the median of its
        class; ``inf`` when no cell of the class fired.
    """
    k = threshold * drive
    k = np.where(np.isfinite(k) & (k > 0), k, np.nan)
    with np.errstate(all="ignore"):
        logk = np.log(k)
        n = np.sum(np.isfinite(logk), axis=1)
        mean = np.where(n > 0, np.nansum(logk, axis=1) / np.maximum(n, 1), np.nan)
    out = np.exp(mean)
    for kind in np.unique(kinds):
        sel = kinds == kind
        known = out[sel & np.isfinite(out)]
        fill = float(np.median(known)) if known.size else np.inf
        out[sel & ~np.isfinite(out)] = fill
    result: FloatArray = out
    return result


def predict(constants: FloatArray, drive: FloatArray) -> FloatArray:
    """Predicted thresholds ``K / drive`` [A], (n_cells, n_configs); NaN where drive is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = constants[:, None] / drive
    out: FloatArray = np.where(np.isfinite(t) & (drive > 0), t, np.nan)
    return out


__all__ = [
    "LINEAR_LEVEL",
    "SAMPLES_PER_PHASE",
    "ContactResponses",
    "activating_operator",
    "active_mask",
    "calibrate",
    "cell_drive",
    "contact_responses",
    "peak_depolarisation",
    "predict",
    "superpose",
    "tjunction_mask",
]
