"""Batched threshold search with block and anode-break flags.

Every round simulates, for all cells still searching, a few candidate amplitudes at once (one
kernel call, rows in parallel). The first round scans a geometric grid over the whole amplitude
range, or, given a per-cell estimate of the threshold, over ``estimate / estimate_span`` to
``estimate * estimate_span`` (inside the range); while nothing has reached the detection point
the scan steps up by ``estimate_span ** 2`` per candidate until the top of the range, and while
everything has it halves. Later rounds place geometric candidates inside each cell's bracket
``(lo, hi]``, where
``hi`` is the smallest amplitude whose action potential reached the detection point and ``lo``
the largest tested amplitude below it that did not. The search stops when
``hi / lo - 1 <= rel_tolerance``; the threshold reported is ``hi`` (the excitatory side).

Every candidate's response is kept, so a response that is not monotonic in amplitude is never
taken for a threshold silently: ``status`` flags (:class:`ThresholdStatus`)

- ``NON_MONOTONIC``: a tested amplitude above the threshold did not reach the detection point
  (virtual-anode block, or an AP started but blocked on its way);
- ``BLOCKED_BEFORE_DETECTION``: at some tested amplitude an AP started (a candidate compartment
  crossed the spike threshold) but never reached the detection point;
- ``ANODE_BREAK``: at threshold the AP started after the stimulus ended, at a compartment the
  first phase hyperpolarised (the start is the first compartment to cross the spike
  threshold: near threshold on an unmyelinated axon with a long pulse that can be the flank
  of a depolarised centre that never crosses it, so the flag can also mark cathodic
  excitation; see docs/neuron-engine.md);
- ``NO_RESPONSE``, ``SOLVER_FAILURE``, ``NOT_CONVERGED``.

Detection points: for a straight axon the "central" point is the active compartment at
``detection_fraction`` (default 90 %) of its path length from compartment 0 and the
"peripheral" one at ``1 - detection_fraction``; for a pseudounipolar neuron they lie at that
fraction of the central and peripheral axons, measured from the T-junction.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import IntFlag, StrEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import BoolArray, FloatArray, Int8Array, IntArray
from drgsim.errors import ConfigurationError, NonMonotonicResponseWarning
from drgsim.neuron.cable import CableModel, Region, compile_cables
from drgsim.neuron.simulate import SolverOptions, prepare_drive, run_rows
from drgsim.neuron.stimulus import Stimulus

logger = logging.getLogger(__name__)


class ThresholdStatus(IntFlag):
    """Bit flags of a threshold search (int8 in arrays); 0 is a plain threshold."""

    OK = 0
    NO_RESPONSE = 1
    NON_MONOTONIC = 2
    BLOCKED_BEFORE_DETECTION = 4
    ANODE_BREAK = 8
    SOLVER_FAILURE = 16
    NOT_CONVERGED = 32


class Requirement(StrEnum):
    """Which detection points an action potential must reach to count."""

    CENTRAL = "central"
    PERIPHERAL = "peripheral"
    EITHER = "either"
    BOTH = "both"


class Outcome(IntFlag):
    """Response of one candidate (int8 in ``ThresholdResult.tested_outcome``; -1 = padding)."""

    NONE = 0
    STARTED = 1  #: a candidate compartment crossed the spike threshold
    DETECTED = 2  #: the required detection point(s) spiked


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdSearch:
    """Settings of :func:`find_thresholds` (SI).

    Parameters
    ----------
    rel_tolerance
        Stop when ``hi / lo - 1`` is at most this (1 %).
    polarity
        Sign of the amplitude (-1: cathodic or cathodic-first; +1: anodic).
    min_amplitude, max_amplitude
        Magnitudes scanned in the first round [A]; with a per-cell estimate, the range the
        search stays in (``max_amplitude`` is the highest magnitude tested).
    n_scan, n_refine
        Candidates per cell in the first round and in each later round (``n_refine=1``: a
        geometric bisection).
    estimate_span
        With a per-cell estimate, the first round scans ``estimate / estimate_span`` to
        ``estimate * estimate_span``.
    max_rounds
        Bound on refinement rounds.
    detection_fraction
        Where along the axon an AP is detected (0.5-1).
    require
        Which detection points must spike (:class:`Requirement`).
    """

    rel_tolerance: float = 0.01
    polarity: float = -1.0
    min_amplitude: float = 1.0 * u.uA
    max_amplitude: float = 20.0 * u.mA
    n_scan: int = 8
    n_refine: int = 4
    estimate_span: float = 2.0
    max_rounds: int = 30
    detection_fraction: float = 0.9
    require: Requirement = Requirement.CENTRAL

    def __post_init__(self) -> None:
        if not 1e-6 <= self.rel_tolerance <= 0.5:
            raise ConfigurationError("rel_tolerance", self.rel_tolerance, "1e-6 to 0.5")
        if self.polarity not in (-1.0, 1.0):
            raise ConfigurationError("polarity", self.polarity, "-1 (cathodic) or +1 (anodic)")
        if not 0 < self.min_amplitude < self.max_amplitude <= 1.0:
            raise ConfigurationError(
                "amplitude_range_mA",
                (self.min_amplitude / u.mA, self.max_amplitude / u.mA),
                "0 < min < max <= 1000 mA",
            )
        if self.n_scan < 2 or self.n_refine < 1 or self.max_rounds < 1:
            raise ConfigurationError(
                "n_scan/n_refine/max_rounds",
                (self.n_scan, self.n_refine, self.max_rounds),
                "n_scan >= 2, n_refine >= 1, max_rounds >= 1",
            )
        if not 1.0 < self.estimate_span <= 100.0:
            raise ConfigurationError("estimate_span", self.estimate_span, "> 1 and <= 100")
        if not 0.5 <= self.detection_fraction <= 1.0:
            raise ConfigurationError("detection_fraction", self.detection_fraction, "0.5-1")
        object.__setattr__(self, "require", Requirement(self.require))


@dataclass(frozen=True, slots=True)
class DetectionPoints:
    """Local compartment indices where an AP is detected (-1: none)."""

    central: int
    peripheral: int


def path_distance(model: CableModel) -> FloatArray:
    """Distance along the tree from compartment 0's centre to each centre [m]."""
    dist = np.zeros(model.n_comp)
    for i in range(1, model.n_comp):
        p = model.parent[i]
        if p >= 0:
            dist[i] = dist[p] + (model.length[p] + model.length[i]) / 2
    return dist


def _nearest_active(model: CableModel, mask: BoolArray, dist: FloatArray, target: float) -> int:
    active = np.zeros(model.n_comp, dtype=bool)
    for m in model.mechanisms:
        active |= m.density > 0
    pool = np.flatnonzero(mask & active) if np.any(mask & active) else np.flatnonzero(mask)
    if pool.size == 0:
        return -1
    return int(pool[np.argmin(np.abs(dist[pool] - target))])


def detection_points(model: CableModel, fraction: float = 0.9) -> DetectionPoints:
    """Detection compartments of a model (see the module docstring)."""
    dist = path_distance(model)
    central = model.region == Region.CENTRAL_AXON
    peripheral = model.region == Region.PERIPHERAL_AXON
    if central.any() or peripheral.any():
        points = []
        for mask in (central, peripheral):
            if not mask.any():
                points.append(-1)
                continue
            start = float(dist[mask].min())
            end = float(dist[mask].max())
            points.append(_nearest_active(model, mask, dist, start + fraction * (end - start)))
        return DetectionPoints(central=points[0], peripheral=points[1])
    everything = np.ones(model.n_comp, dtype=bool)
    total = float(dist.max())
    return DetectionPoints(
        central=_nearest_active(model, everything, dist, fraction * total),
        peripheral=_nearest_active(model, everything, dist, (1 - fraction) * total),
    )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ThresholdResult:
    """Per-cell thresholds and everything tested on the way (signed amplitudes [A]).

    ``threshold`` is NaN when there is none; read it only where ``status == 0`` as a plain
    threshold. ``tested_outcome`` holds :class:`Outcome` codes, -1 as padding.
    """

    threshold: FloatArray  #: (n_cells,) [A]
    bracket: FloatArray  #: (n_cells, 2) [A] (non-responding, responding)
    initiation_index: IntArray  #: (n_cells,) local compartment, -1 none
    initiation_region: Int8Array  #: (n_cells,) Region code, -1 none
    initiation_time: FloatArray  #: (n_cells,) [s]
    reached_central: BoolArray  #: (n_cells,)
    reached_peripheral: BoolArray  #: (n_cells,)
    n_simulations: IntArray  #: (n_cells,)
    status: Int8Array  #: (n_cells,) ThresholdStatus bits
    tested_amplitudes: FloatArray  #: (n_cells, n_max) [A], NaN padding
    tested_outcome: Int8Array  #: (n_cells, n_max)
    central_index: IntArray  #: (n_cells,)
    peripheral_index: IntArray  #: (n_cells,)


@dataclass(slots=True)
class _Cell:
    amps: list[float]
    outcome: list[int]
    init_index: list[int]
    init_time: list[float]
    central: list[bool]
    peripheral: list[bool]
    failed: bool = False


def _scan(search: ThresholdSearch, estimate: float | None) -> list[float]:
    """First-round magnitudes: the whole range, or around a per-cell estimate."""
    low, high = search.min_amplitude, search.max_amplitude
    if estimate is not None:
        span = search.estimate_span
        centre = min(max(estimate, low * span), high / span)
        low, high = max(low, centre / span), min(high, centre * span)
    return [float(x) for x in np.geomspace(low, high, search.n_scan)]


def check_estimate(
    estimate: Sequence[float] | FloatArray | None, n_cells: int
) -> FloatArray | None:
    """Per-cell threshold estimates as an array [A], checked (``None`` stays ``None``)."""
    if estimate is None:
        return None
    guess = np.asarray(estimate, dtype=np.float64)
    if guess.shape != (n_cells,) or not np.all(np.isfinite(guess) & (guess > 0)):
        raise ConfigurationError(
            "estimate", f"shape {guess.shape}", f"({n_cells},) finite magnitudes > 0 A"
        )
    return guess


def _next_candidates(cell: _Cell, search: ThresholdSearch) -> tuple[list[float], bool]:
    """New magnitudes to test, and whether the cell is finished."""
    amps = np.asarray(cell.amps)
    detected = (np.asarray(cell.outcome) & Outcome.DETECTED) > 0
    k = search.n_refine
    if not detected.any():
        top = float(amps.max())
        if top >= search.max_amplitude * (1.0 - 1e-9):
            return [], True
        step = search.estimate_span**2
        up = {min(top * step ** (j + 1), search.max_amplitude) for j in range(k)}
        return sorted(up), False
    hi = float(amps[detected].min())
    below = amps[(~detected) & (amps < hi)]
    if below.size == 0:
        if hi <= 1e-12:
            return [], True
        return [hi / 2.0 ** (j + 1) for j in range(k)], False
    lo = float(below.max())
    if hi / lo - 1.0 <= search.rel_tolerance:
        return [], True
    return [lo * (hi / lo) ** ((j + 1) / (k + 1)) for j in range(k)], False


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RowResponses:
    """Responses of a batch of candidate runs (one entry per row)."""

    reached_central: BoolArray
    reached_peripheral: BoolArray
    initiation_index: IntArray  #: local compartment, -1 none
    initiation_time: FloatArray  #: [s]
    failed: BoolArray


Evaluator = Callable[[IntArray, FloatArray], RowResponses]


def _prepare(
    models: CableModel | Sequence[CableModel],
    search: ThresholdSearch,
    detection: Sequence[DetectionPoints] | None,
) -> tuple[list[CableModel], IntArray, IntArray]:
    model_list = [models] if isinstance(models, CableModel) else list(models)
    n_cells = len(model_list)
    if detection is None:
        detection = [detection_points(m, search.detection_fraction) for m in model_list]
    if len(detection) != n_cells:
        raise ConfigurationError("detection", f"{len(detection)} entries", f"{n_cells}")
    central = np.array([d.central for d in detection], dtype=np.int64)
    peripheral = np.array([d.peripheral for d in detection], dtype=np.int64)
    needs = {
        Requirement.CENTRAL: central >= 0,
        Requirement.PERIPHERAL: peripheral >= 0,
        Requirement.EITHER: (central >= 0) | (peripheral >= 0),
        Requirement.BOTH: (central >= 0) & (peripheral >= 0),
    }[search.require]
    if not needs.all():
        bad = int(np.flatnonzero(~needs)[0])
        raise ConfigurationError(
            f"detection[{bad}]", detection[bad], f"points for require={search.require.value}"
        )
    return model_list, central, peripheral


def find_thresholds(
    models: CableModel | Sequence[CableModel],
    stimulus: Stimulus,
    options: SolverOptions,
    search: ThresholdSearch | None = None,
    *,
    detection: Sequence[DetectionPoints] | None = None,
    estimate: Sequence[float] | FloatArray | None = None,
) -> ThresholdResult:
    """Find the threshold of every cell for a unit stimulus scaled by a common amplitude.

    Parameters
    ----------
    models
        The cells (each gets its own search).
    stimulus
        Waveform [1] and drive at unit amplitude (extracellular [V/A] and/or intracellular
        [A/A], concatenated over the cells). The amplitude is ``polarity * magnitude``.
    options
        Solver options; ``t_stop`` must leave time for the AP to reach the detection points.
    search
        Search settings (:class:`ThresholdSearch`).
    detection
        Detection points per cell; default :func:`detection_points` at
        ``search.detection_fraction``.
    estimate
        Expected threshold magnitude per cell [A]; the first round scans around it
        (``search.estimate_span``) instead of the whole range. It moves only where the search
        starts, not the tolerance it meets.

    Returns
    -------
    ThresholdResult

    Warns
    -----
    NonMonotonicResponseWarning
        When some cell's status carries a block or anode-break flag.
    """
    search = ThresholdSearch() if search is None else search
    model_list, central, peripheral = _prepare(models, search, detection)
    n_cells = len(model_list)
    record = np.stack([central, peripheral], axis=1)
    no_trace = np.full((n_cells, 0), -1, dtype=np.int64)
    drive = prepare_drive(compile_cables(model_list), stimulus, options)
    run_options = replace(options, stop_when_recorded=True, stop_when_quiet=True, max_spikes=1)

    def evaluate(row_cell: IntArray, row_mag: FloatArray) -> RowResponses:
        out = run_rows(
            drive, row_cell, search.polarity * row_mag, run_options, record=record,
            trace=no_trace,
        )  # fmt: skip
        fired = out.spike_count > 0
        fired[record[row_cell] < 0] = False
        return RowResponses(
            reached_central=fired[:, 0],
            reached_peripheral=fired[:, 1],
            initiation_index=out.initiation_index,
            initiation_time=out.initiation_time,
            failed=out.status != 0,
        )

    return search_thresholds(
        model_list, evaluate, drive.act, drive.waveform, options.dt, search, central, peripheral,
        estimate=estimate,
    )  # fmt: skip


def search_thresholds(
    models: list[CableModel],
    evaluate: Evaluator,
    activating: FloatArray,
    waveform: FloatArray,
    dt: float,
    search: ThresholdSearch,
    central: IntArray,
    peripheral: IntArray,
    *,
    estimate: Sequence[float] | FloatArray | None = None,
) -> ThresholdResult:
    """The batched search around any evaluator (drgsim kernel or NEURON backend).

    ``evaluate(row_cell, row_magnitude)`` runs one batch; ``activating`` is the activating
    term at unit amplitude per compartment of all cells [A/A] (anode-break check) and
    ``waveform`` the sampled waveform on steps of ``dt`` [s]; ``estimate`` as for
    :func:`find_thresholds`.
    """
    n_cells = len(models)
    guess = check_estimate(estimate, n_cells)
    cells = [_Cell([], [], [], [], [], []) for _ in range(n_cells)]
    pending: dict[int, list[float]] = {
        c: _scan(search, None if guess is None else float(guess[c])) for c in range(n_cells)
    }
    rounds = 0
    while pending and rounds <= search.max_rounds:
        rounds += 1
        row_cell = np.array([c for c, a in pending.items() for _ in a], dtype=np.int64)
        row_mag = np.array([x for a in pending.values() for x in a])
        resp = evaluate(row_cell, row_mag)
        for r in range(row_cell.size):
            cell = cells[int(row_cell[r])]
            reach_c = bool(resp.reached_central[r])
            reach_p = bool(resp.reached_peripheral[r])
            ok = {
                Requirement.CENTRAL: reach_c,
                Requirement.PERIPHERAL: reach_p,
                Requirement.EITHER: reach_c or reach_p,
                Requirement.BOTH: reach_c and reach_p,
            }[search.require]
            code = Outcome.DETECTED if ok else Outcome.NONE
            if resp.initiation_index[r] >= 0:
                code |= Outcome.STARTED
            cell.failed |= bool(resp.failed[r])
            cell.amps.append(float(row_mag[r]))
            cell.outcome.append(int(code))
            cell.init_index.append(int(resp.initiation_index[r]))
            cell.init_time.append(float(resp.initiation_time[r]))
            cell.central.append(reach_c)
            cell.peripheral.append(reach_p)
        pending = {}
        for c, cell in enumerate(cells):
            if cell.failed:
                continue
            nxt, done = _next_candidates(cell, search)
            if not done:
                pending[c] = nxt
    starts = np.cumsum([0] + [m.n_comp for m in models])[:-1].astype(np.int64)
    return _collect(models, cells, activating, waveform, dt, search, pending, central,
                    peripheral, starts)  # fmt: skip


def _collect(
    models: list[CableModel],
    cells: list[_Cell],
    act: FloatArray,
    waveform: FloatArray,
    dt: float,
    search: ThresholdSearch,
    unfinished: dict[int, list[float]],
    central: IntArray,
    peripheral: IntArray,
    comp_start: IntArray,
) -> ThresholdResult:
    n_cells = len(cells)
    width = max(len(c.amps) for c in cells)
    tested = np.full((n_cells, width), np.nan)
    outcome = np.full((n_cells, width), -1, dtype=np.int8)
    threshold = np.full(n_cells, np.nan)
    bracket = np.full((n_cells, 2), np.nan)
    init_index = np.full(n_cells, -1, dtype=np.int64)
    init_region = np.full(n_cells, -1, dtype=np.int8)
    init_time = np.full(n_cells, np.nan)
    reached_c = np.zeros(n_cells, dtype=bool)
    reached_p = np.zeros(n_cells, dtype=bool)
    status = np.zeros(n_cells, dtype=np.int8)
    nonzero = np.flatnonzero(waveform)
    stim_end = (nonzero[-1] + 1) * dt if nonzero.size else 0.0
    first_sign = float(np.sign(waveform[nonzero[0]])) if nonzero.size else 0.0
    sign = search.polarity
    for c, cell in enumerate(cells):
        amps = np.asarray(cell.amps)
        codes = np.asarray(cell.outcome)
        order = np.argsort(amps, kind="stable")
        tested[c, : amps.size] = sign * amps[order]
        outcome[c, : amps.size] = codes[order]
        flags = ThresholdStatus.OK
        if cell.failed:
            flags |= ThresholdStatus.SOLVER_FAILURE
        if c in unfinished:
            flags |= ThresholdStatus.NOT_CONVERGED
        detected = (codes & Outcome.DETECTED) > 0
        started_only = ((codes & Outcome.STARTED) > 0) & ~detected
        if not detected.any():
            flags |= ThresholdStatus.NO_RESPONSE
            if started_only.any():
                flags |= ThresholdStatus.BLOCKED_BEFORE_DETECTION
            status[c] = int(flags)
            continue
        hi_row = int(np.flatnonzero(detected)[np.argmin(amps[detected])])
        hi = float(amps[hi_row])
        below = amps[(~detected) & (amps < hi)]
        lo = float(below.max()) if below.size else 0.0
        threshold[c] = sign * hi
        bracket[c] = (sign * lo, sign * hi)
        if np.any(~detected & (amps > hi)):
            flags |= ThresholdStatus.NON_MONOTONIC
        if started_only.any():
            flags |= ThresholdStatus.BLOCKED_BEFORE_DETECTION
        idx = cell.init_index[hi_row]
        init_index[c] = idx
        init_time[c] = cell.init_time[hi_row]
        reached_c[c] = cell.central[hi_row]
        reached_p[c] = cell.peripheral[hi_row]
        if idx >= 0:
            init_region[c] = models[c].region[idx]
            drive_sign = sign * first_sign * act[comp_start[c] + idx]
            if cell.init_time[hi_row] > stim_end and drive_sign < 0:
                flags |= ThresholdStatus.ANODE_BREAK
        status[c] = int(flags)
    counts = np.array([len(c.amps) for c in cells], dtype=np.int64)
    flagged = (status & (ThresholdStatus.NON_MONOTONIC | ThresholdStatus.ANODE_BREAK)) != 0
    flagged |= (status & ThresholdStatus.BLOCKED_BEFORE_DETECTION) != 0
    if flagged.any():
        warnings.warn(
            f"{int(flagged.sum())} of {n_cells} cells respond non-monotonically (block or "
            "anode break); see ThresholdResult.status and tested_outcome",
            NonMonotonicResponseWarning,
            stacklevel=3,
        )
    return ThresholdResult(
        threshold=threshold,
        bracket=bracket,
        initiation_index=init_index,
        initiation_region=init_region,
        initiation_time=init_time,
        reached_central=reached_c,
        reached_peripheral=reached_p,
        n_simulations=counts,
        status=status,
        tested_amplitudes=tested,
        tested_outcome=outcome,
        central_index=central,
        peripheral_index=peripheral,
    )


__all__ = [
    "DetectionPoints",
    "Outcome",
    "Requirement",
    "RowResponses",
    "ThresholdResult",
    "ThresholdSearch",
    "ThresholdStatus",
    "check_estimate",
    "detection_points",
    "find_thresholds",
    "path_distance",
    "search_thresholds",
]
