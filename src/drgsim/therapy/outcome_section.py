"""The ``outcomes`` result section: what each program does to the neurons of every stimulated DRG.

:func:`evaluate_programs` runs the engine (:mod:`drgsim.therapy.engine`) for every program and
collects, per program: per-cell thresholds of each DRG, recruitment curves of each class,
initiation sites, paresthesia per body region, coverage of the pain map, off-target paresthesia,
motor side effects and comfort margin, and a strength-duration curve of the most excitable Aβ
neurons. Battery life against amplitude and rate comes from the device's battery model.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Side
from drgsim.device import PULSE_GENERATORS, TYPICAL_LEAD_IMPEDANCE, Program
from drgsim.neuron.population import CellKind
from drgsim.therapy.engine import (
    CellThresholds,
    DrgModel,
    EngineOptions,
    drg_thresholds,
    lead_programs_at,
    unit_weights,
)
from drgsim.therapy.outcomes import (
    coverage,
    initiation_counts,
    level_recruitment,
    min_threshold,
    off_target_fraction,
    paresthesia_shares,
    recruited,
    recruitment_curve,
)
from drgsim.therapy.scenario import Scenario

logger = logging.getLogger(__name__)

N_CURVE = 49  #: amplitudes per recruitment curve, 0 to the generator ceiling


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrgOutcome:
    """One program at one DRG."""

    model: DrgModel
    amplitude: float  #: the program's (largest) amplitude at this DRG [A]
    pulse_width: float  #: [s]
    waveform: str
    thresholds: CellThresholds
    fired: np.ndarray  #: (n_cells,) bool at ``amplitude``
    curve_amplitudes: FloatArray  #: [A]
    curves: dict[CellKind, FloatArray]  #: recruited fraction per kind [1]
    initiation: dict[str, int]  #: region -> cells, at threshold
    strength_duration: tuple[tuple[float, float], ...]  #: (pulse width [s], threshold [A])


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ProgramOutcome:
    """One program over all stimulated DRGs."""

    program: Program
    drgs: tuple[DrgOutcome, ...]
    shares: dict[tuple[BodyRegion, Side], float]
    coverage: float  #: [1]
    off_target: float  #: [1]
    perception_threshold: float  #: lowest Aβ threshold over DRGs [A]
    side_effect_threshold: float  #: lowest motor threshold [A]
    n_motor_recruited: int
    battery_grid: dict[str, Any]


def _battery_grid(scenario: Scenario, program: Program) -> dict[str, Any]:
    gen = PULSE_GENERATORS[scenario.pulse_generator]
    model = scenario.battery
    imp = {
        i: (p.impedance if p.impedance is not None else TYPICAL_LEAD_IMPEDANCE)
        for i, p in enumerate(scenario.leads)
    }
    amps = np.linspace(0.2, 3.0, 8) * u.mA
    rates = (10 * u.Hz, 20 * u.Hz, 40 * u.Hz, 60 * u.Hz, 100 * u.Hz)
    lives = []
    for rate in rates:
        row = []
        for a in amps:
            p = replace(
                program,
                leads=tuple(
                    replace(lp, amplitude=float(a), rate=rate, patient_max_amplitude=None)
                    for lp in program.leads
                ),
            )
            row.append(model.service_life(p, imp, scenario.duty) / u.year)
        lives.append(row)
    del gen
    return {
        "amplitude_mA": [float(a) / u.mA for a in amps],
        "rate_Hz": [float(r) / u.Hz for r in rates],
        "battery_life_years": lives,
    }


def _strength_duration(
    model: DrgModel,
    weights: FloatArray,
    waveform: str,
    thresholds: CellThresholds,
    scenario: Scenario,
    options: EngineOptions,
) -> tuple[tuple[float, float], ...]:
    ab = (model.cells.kind == CellKind.A_BETA) & np.isfinite(thresholds.threshold)
    if not ab.any() or options.n_strength_duration_cells == 0:
        return ()
    order = np.flatnonzero(ab)[np.argsort(thresholds.threshold[ab])]
    mask = np.isin(np.arange(model.cells.n_cells), order[: options.n_strength_duration_cells])
    out = []
    for pw in options.strength_duration_widths:
        t = drg_thresholds(
            model, weights, pw, waveform, dt=scenario.solver.dt,
            rel_tolerance=scenario.solver.threshold_tolerance,
            max_amplitude=options.max_amplitude, mask=mask,
        )  # fmt: skip
        vals = t.threshold[mask]
        vals = vals[np.isfinite(vals)]
        out.append((float(pw), float(vals.min()) if vals.size else float("nan")))
    return tuple(out)


def evaluate_program(
    scenario: Scenario, models: tuple[DrgModel, ...], program: Program, options: EngineOptions
) -> ProgramOutcome:
    """Thresholds and outcomes of ``program`` at every DRG it stimulates."""
    ceiling = PULSE_GENERATORS[scenario.pulse_generator].amplitude_max
    grid = np.linspace(0.0, ceiling, N_CURVE)
    drgs = []
    for model in models:
        lps = lead_programs_at(model, program)
        if not lps:
            continue
        weights = unit_weights(model, lps)
        first = max(lps, key=lambda lp: lp.amplitude)
        t = drg_thresholds(
            model, weights, first.pulse_width, first.waveform, dt=scenario.solver.dt,
            rel_tolerance=scenario.solver.threshold_tolerance,
            max_amplitude=options.max_amplitude,
        )  # fmt: skip
        kinds = model.cells.kind
        fired = recruited(t, first.amplitude)
        sensory = kinds <= CellKind.C
        drgs.append(
            DrgOutcome(
                model=model,
                amplitude=first.amplitude,
                pulse_width=first.pulse_width,
                waveform=first.waveform,
                thresholds=t,
                fired=fired,
                curve_amplitudes=grid,
                curves={k: recruitment_curve(t, kinds, k, grid) for k in CellKind},
                initiation=initiation_counts(t, sensory),
                strength_duration=_strength_duration(
                    model, weights, first.waveform, t, scenario, options
                ),
            )
        )
    levels = [level_recruitment(d.model, d.fired) for d in drgs]
    shares = paresthesia_shares(levels, scenario.anatomy.secondary_root_weight)
    pain = [(p.region, p.side) for p in scenario.pain]
    perception = min(
        (min_threshold(d.thresholds, d.model.cells.kind, CellKind.A_BETA) for d in drgs),
        default=float("inf"),
    )
    side = min(
        (min_threshold(d.thresholds, d.model.cells.kind, CellKind.MOTOR) for d in drgs),
        default=float("inf"),
    )
    return ProgramOutcome(
        program=program,
        drgs=tuple(drgs),
        shares=shares,
        coverage=coverage(shares, pain),
        off_target=off_target_fraction(levels, pain),
        perception_threshold=perception,
        side_effect_threshold=side,
        n_motor_recruited=int(
            sum(int((d.fired & (d.model.cells.kind == CellKind.MOTOR)).sum()) for d in drgs)
        ),
        battery_grid=_battery_grid(scenario, program),
    )


def _mA(x: float) -> float | None:
    return None if not np.isfinite(x) else x / u.mA


def _drg_dict(d: DrgOutcome) -> dict[str, Any]:
    cells = d.model.cells
    per_kind = {}
    for k in CellKind:
        sel = cells.kind == int(k)
        per_kind[str(k)] = {
            "n_cells": int(sel.sum()),
            "n_recruited": int((d.fired & sel).sum()),
            "recruited_fraction": recruitment_curve(
                d.thresholds, cells.kind, k, np.array([d.amplitude])
            )[0].item(),
            "recruitment_curve": [None if v != v else float(v) for v in d.curves[k]],
        }
    pop = d.model.population
    soma = [
        [float(x) / u.mm for x in pop.soma_position[int(i)]] if i >= 0 else None
        for i in cells.population_index
    ]
    return {
        "drg": d.model.name,
        "amplitude_mA": d.amplitude / u.mA,
        "pulse_width_us": d.pulse_width / u.us,
        "waveform": d.waveform,
        "n_simulations": d.thresholds.n_simulations,
        "curve_amplitude_mA": [float(a) / u.mA for a in d.curve_amplitudes],
        "classes": per_kind,
        "initiation_sites": d.initiation,
        "soma_initiations": d.initiation.get("soma", 0),
        "strength_duration": [
            {"pulse_width_us": pw / u.us, "threshold_mA": _mA(t)} for pw, t in d.strength_duration
        ],
        "cells": {
            "kind": [str(CellKind(int(k))) for k in cells.kind],
            "threshold_mA": [_mA(float(t)) for t in d.thresholds.threshold],
            "status": [int(s) for s in d.thresholds.status],
            "initiation_region": [int(r) for r in d.thresholds.initiation_region],
            "recruited": [bool(f) for f in d.fired],
            "soma_position_mm": soma,
        },
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeSection:
    """Neuron-level outcomes of every program (see the module docstring)."""

    programs: tuple[ProgramOutcome, ...]
    options: EngineOptions
    key: str = "outcomes"
    title: str = "Neural outcomes: recruitment, paresthesia, side effects"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (mA, us, %, years)."""
        out = []
        for p in self.programs:
            margin = p.side_effect_threshold / p.perception_threshold
            out.append(
                {
                    "program": p.program.name,
                    "coverage_percent": 100 * p.coverage,
                    "off_target_paresthesia_percent": 100 * p.off_target,
                    "paresthesia_share_percent": {
                        f"{r} ({s})": 100 * v for (r, s), v in sorted(p.shares.items())
                    },
                    "perception_threshold_mA": _mA(p.perception_threshold),
                    "first_side_effect_threshold_mA": _mA(p.side_effect_threshold),
                    "comfort_margin_ratio": float(margin) if np.isfinite(margin) else None,
                    "n_motor_axons_recruited": p.n_motor_recruited,
                    "battery_life_grid": p.battery_grid,
                    "drgs": [_drg_dict(d) for d in p.drgs],
                }
            )
        return {
            "field": str(self.options.field),
            "threshold_scan_max_mA": self.options.max_amplitude / u.mA,
            "programs": out,
        }

    def report_block(self, result: Any) -> Any:
        """The report block (tables and figure requests)."""
        from drgsim.therapy.outcome_report import outcome_block

        return outcome_block(self)


def evaluate_programs(
    scenario: Scenario, models: tuple[DrgModel, ...], options: EngineOptions
) -> OutcomeSection:
    """The outcome section of every program of ``scenario``."""
    outcomes = []
    for program in scenario.programs:
        start = time.perf_counter()
        outcomes.append(evaluate_program(scenario, models, program, options))
        logger.info("program %s: thresholds in %.1f s", program.name, time.perf_counter() - start)
    return OutcomeSection(programs=tuple(outcomes), options=options)


__all__ = [
    "DrgOutcome",
    "OutcomeSection",
    "ProgramOutcome",
    "evaluate_program",
    "evaluate_programs",
]
