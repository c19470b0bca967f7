"""The neuron engine behind a scenario: cells, transfer matrix and thresholds per DRG.

For each DRG with a lead, :func:`build_drg_models` samples the population, builds the cable
models (:func:`drgsim.neuron.population.build_cells`) and computes the transfer matrix of the
DRG's contacts at every compartment, once. A program then costs a matrix-vector product
(``phi = T @ weights``) and one threshold search per cell group (:func:`drg_thresholds`).
Thresholds give recruitment at every amplitude without re-simulating: for a fixed contact
configuration and waveform the drive scales with the amplitude.

Field. ``EngineOptions(field="fem")`` uses the finite-element model of one level
(:func:`drgsim.field.level.from_anatomy`, :func:`drgsim.field.solve_transfer`; meshes and
solutions cached by content hash); ``drgsim run`` uses it by default. ``"analytic"`` (this
class's default, used by tests that need speed) is a point current source per contact in an
infinite homogeneous anisotropic medium (:mod:`drgsim.therapy.drg_field`).
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray, Int8Array
from drgsim.anatomy.ganglion import Ganglion, Side
from drgsim.anatomy.populations import Population
from drgsim.device import WAVEFORMS, Lead, LeadProgram, Program
from drgsim.errors import ConfigurationError, NonMonotonicResponseWarning
from drgsim.field import ArrayCache
from drgsim.field import FieldMethod as FieldSolveMethod
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.population import CellKind, CellOptions, CellSet, CSegmentation, build_cells
from drgsim.neuron.simulate import SolverOptions as CableSolverOptions
from drgsim.neuron.stimulus import Stimulus
from drgsim.neuron.threshold import Requirement, ThresholdSearch, find_thresholds
from drgsim.therapy.drg_field import (
    DEFAULT_SLICE_SHAPE,
    DrgField,
    analytic_transfer,
    compute_drg_field,
)

logger = logging.getLogger(__name__)

#: An AP counts when it reaches this fraction of the central axon (docs/assumptions.md E2).
DETECTION_FRACTION = 0.9


class FieldMethod(StrEnum):
    """How the transfer matrix is computed."""

    ANALYTIC = "analytic"  #: homogeneous anisotropic medium, point sources (this module)
    FEM = "fem"  #: finite elements of the one-level model (:func:`drgsim.field.solve_transfer`)


def parse_field_method(value: object) -> FieldMethod:
    """``value`` as a :class:`FieldMethod`, or a :class:`ConfigurationError` naming ``--field``."""
    try:
        return FieldMethod(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in FieldMethod)
        raise ConfigurationError("--field", value, allowed) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineOptions:
    """Settings of the neuron engine of a scenario run.

    Attributes
    ----------
    field
        How the transfer matrix is computed.
    cells
        Off-target axon counts and model detail (:class:`~drgsim.neuron.population.CellOptions`).
    max_amplitude
        Top of the threshold scan [A]; twice the generator ceiling of 6 mA so that side-effect
        thresholds above the device range are still found (a numerical choice).
    strength_duration_widths
        Pulse widths of the strength-duration curve [s], inside the generator's 40-720 us range.
    n_strength_duration_cells
        Most excitable Aβ neurons per DRG used for the strength-duration curve.
    slice_shape
        Rows and columns of the potential map through each DRG (report figure); ``(0, 0)``
        skips it.
    """

    field: FieldMethod = FieldMethod.ANALYTIC
    cells: CellOptions = dataclass_field(
        default_factory=lambda: CellOptions(
            n_motor=4, n_passage=4, c_segmentation=CSegmentation.COARSE
        )
    )
    max_amplitude: float = 12.0 * u.mA
    strength_duration_widths: tuple[float, ...] = (
        60 * u.us,
        120 * u.us,
        300 * u.us,
        500 * u.us,
        700 * u.us,
    )
    n_strength_duration_cells: int = 2
    slice_shape: tuple[int, int] = DEFAULT_SLICE_SHAPE

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", parse_field_method(self.field))
        if not 0.1 * u.mA <= self.max_amplitude <= 100 * u.mA:
            raise ConfigurationError(
                "engine.max_amplitude_mA", self.max_amplitude / u.mA, "0.1-100 mA"
            )
        if not 0 <= self.n_strength_duration_cells <= 20:
            raise ConfigurationError(
                "engine.n_strength_duration_cells", self.n_strength_duration_cells, "0-20"
            )
        rows, cols = self.slice_shape
        if not (0 <= rows <= 400 and 0 <= cols <= 400):
            raise ConfigurationError("engine.slice_shape", self.slice_shape, "0-400 x 0-400")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrgModel:
    """One DRG ready for programs: population, cells and the transfer of its leads' contacts.

    Attributes
    ----------
    ganglion, population, cells
        The DRG, its sampled neurons and their cable models (plus off-target axons).
    lead_indices
        Scenario indices of the leads at this DRG.
    transfer
        Potential per unit contact current at every compartment, (n_comp, n_columns) [V/A];
        columns are the contacts of ``lead_indices`` in order.
    column_start
        First column of each lead of ``lead_indices``, plus the total, (n_leads + 1,).
    field
        How ``transfer`` was computed, with the potential map for the report.
    """

    ganglion: Ganglion
    population: Population
    cells: CellSet
    lead_indices: tuple[int, ...]
    transfer: FloatArray
    column_start: tuple[int, ...]
    field: DrgField | None = None

    @property
    def name(self) -> str:
        """``"L5 left"``."""
        return f"{self.ganglion.level} {self.ganglion.side}"


def build_drg_models(
    ganglia: tuple[Ganglion, ...],
    populations: tuple[Population, ...],
    leads: tuple[Lead, ...],
    seed: int,
    options: EngineOptions,
    cache: ArrayCache | None = None,
) -> tuple[DrgModel, ...]:
    """Cells and transfer matrix of each DRG (one field computation per DRG geometry).

    ``cache`` (handed in by the application) keeps finite-element meshes and solutions by
    content hash, so a second run with the same geometry neither meshes nor solves. Every DRG's
    field is computed here, before any threshold search, so a long run stores all its meshes
    and solutions early; each level's stiffness matrix is factorised once for all its contacts.
    """
    start = time.perf_counter()
    out = []
    for g, pop in zip(ganglia, populations, strict=True):
        idx = tuple(
            i for i, lead in enumerate(leads) if lead.level == g.level and lead.side == g.side
        )
        rng = np.random.default_rng([seed, g.level.order, list(Side).index(g.side), 1])
        cells = build_cells(pop, g, rng, options.cells)
        here = tuple(leads[i] for i in idx)
        method = (
            FieldSolveMethod.FEM if options.field is FieldMethod.FEM else FieldSolveMethod.ANALYTIC
        )
        drg_field = compute_drg_field(
            g, here, cells.positions(), method, cache=cache, slice_shape=options.slice_shape
        )
        starts = [0]
        for lead in here:
            starts.append(starts[-1] + lead.n_contacts)
        logger.info("%s %s: %d cells, %d compartments", g.level, g.side, cells.n_cells,
                    cells.n_comp)  # fmt: skip
        out.append(
            DrgModel(
                ganglion=g,
                population=pop,
                cells=cells,
                lead_indices=idx,
                transfer=drg_field.transfer,
                column_start=tuple(starts),
                field=drg_field,
            )
        )
    logger.info("fields and cells of %d DRGs in %.1f s", len(out), time.perf_counter() - start)
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CellThresholds:
    """Threshold of every cell of one DRG for one contact configuration and waveform.

    ``threshold`` is the magnitude of the reference amplitude [A] at which each cell's AP
    reaches its detection point (NaN: none up to the scan ceiling); ``status`` the
    :class:`~drgsim.neuron.threshold.ThresholdStatus` bits; ``initiation_region`` the
    :class:`~drgsim.neuron.cable.Region` code where the AP started (-1: none).
    """

    threshold: FloatArray
    status: Int8Array
    initiation_region: Int8Array
    n_simulations: int


def lead_programs_at(model: DrgModel, program: Program) -> tuple[LeadProgram, ...]:
    """The enabled lead programs of ``program`` whose lead sits at ``model``'s DRG."""
    return tuple(
        lp
        for lp in program.leads
        if lp.enabled and lp.amplitude > 0 and lp.lead in model.lead_indices
    )


def unit_weights(model: DrgModel, lead_programs: tuple[LeadProgram, ...]) -> FloatArray:
    """Contact weights over the DRG's columns, scaled to the largest lead amplitude [1].

    With one lead this is its ``contact_weights()``; with several, each lead's weights times its
    amplitude over the largest, so thresholds are in units of the largest amplitude.
    """
    w = np.zeros(model.transfer.shape[1])
    ref = max(lp.amplitude for lp in lead_programs)
    for lp in lead_programs:
        k = model.lead_indices.index(lp.lead)
        lo, hi = model.column_start[k], model.column_start[k + 1]
        w[lo:hi] = lp.contact_weights()[: hi - lo] * (lp.amplitude / ref)
    return w


def _t_stop(cells: CellSet, span: float) -> float:
    # run-length margin as for drgsim threshold (docs/assumptions.md E4): 2 m/s per um of fibre
    # diameter for myelinated cells, 0.2 m/s for unmyelinated ones, over the longest path from
    # the middle of the cell (where the field is strongest) to an end
    worst = 0.0
    for m in cells.models:
        myelinated = bool(np.any(m.kind == Kind.NODE))
        d_um = float(np.min(m.diameter[m.kind == Kind.NODE])) / u.um if myelinated else 0.0
        cv = 2.0 * max(d_um, 1.0) if myelinated else 0.2
        central = m.region == Region.CENTRAL_AXON
        path = float(m.length[central].sum()) if central.any() else float(m.length.sum())
        worst = max(worst, DETECTION_FRACTION * path / cv)
    return span + 1 * u.ms + worst


def drg_thresholds(
    model: DrgModel,
    weights: FloatArray,
    pulse_width: float,
    waveform: str,
    *,
    dt: float,
    rel_tolerance: float,
    max_amplitude: float,
    mask: object = None,
) -> CellThresholds:
    """Thresholds of the DRG's cells (or those where ``mask`` is true) for unit ``weights``.

    Cells run in three groups with their own run length and detection rule: myelinated sensory
    neurons and C neurons count an AP reaching the central axon (the dorsal root: what the
    spinal cord receives); motor axons and axons of passage count an AP reaching either end.
    """
    cells = model.cells
    sel = np.ones(cells.n_cells, bool) if mask is None else np.asarray(mask, dtype=bool)
    threshold = np.full(cells.n_cells, np.nan)
    status = np.zeros(cells.n_cells, np.int8)
    region = np.full(cells.n_cells, -1, np.int8)
    phi = model.transfer @ weights
    wave = WAVEFORMS[waveform]
    span = wave.span(pulse_width)
    groups = (
        (cells.kind <= CellKind.A_DELTA, Requirement.CENTRAL),
        (cells.kind == CellKind.C, Requirement.CENTRAL),
        (cells.kind >= CellKind.MOTOR, Requirement.EITHER),
    )
    n_sim = 0
    for group, require in groups:
        idx = np.flatnonzero(group & sel)
        if idx.size == 0:
            continue
        sub = cells.subset(np.isin(np.arange(cells.n_cells), idx))
        t_stop = _t_stop(sub, span)
        opts = CableSolverOptions(dt=dt, t_stop=t_stop)
        samples = wave.sample(dt, pulse_width, duration=opts.n_t * dt)
        drive = np.concatenate([phi[cells.comp_start[i] : cells.comp_start[i + 1]] for i in idx])
        search = ThresholdSearch(
            rel_tolerance=rel_tolerance,
            polarity=1.0,  # weights carry the sign: cathodes are negative in the first phase
            min_amplitude=max_amplitude * 1e-3,
            max_amplitude=max_amplitude,
            n_scan=6,
            n_refine=5,
            detection_fraction=DETECTION_FRACTION,
            require=require,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonMonotonicResponseWarning)
            res = find_thresholds(
                list(sub.models), Stimulus(waveform=samples, extracellular=drive), opts, search
            )
        threshold[idx] = np.abs(res.threshold)
        status[idx] = res.status
        region[idx] = res.initiation_region
        n_sim += int(res.n_simulations.sum())
    return CellThresholds(
        threshold=threshold, status=status, initiation_region=region, n_simulations=n_sim
    )


__all__ = [
    "CellThresholds",
    "DrgField",
    "DrgModel",
    "EngineOptions",
    "FieldMethod",
    "analytic_transfer",
    "build_drg_models",
    "drg_thresholds",
    "lead_programs_at",
    "parse_field_method",
    "unit_weights",
]
