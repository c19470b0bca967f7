"""Figures of the neural-outcome section: each kind gives a ``(draw(fig), size)`` pair.

The numbers drawn are those of ``results.json`` (``outcomes`` section); the first program is
drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drgsim.neuron.population import CellKind
from drgsim.plot import (
    plot_battery_life,
    plot_body_map,
    plot_drg_activation,
    plot_recruitment_curves,
    plot_strength_duration,
)

if TYPE_CHECKING:
    from drgsim.therapy.outcome_section import ProgramOutcome
    from drgsim.therapy.pipeline import ScenarioResult

Drawing = tuple[Callable[[Any], None], tuple[float, float]]

_LABELS = {
    CellKind.A_BETA: "Aβ",
    CellKind.A_DELTA: "Aδ",
    CellKind.C: "C",
    CellKind.MOTOR: "motor",
    CellKind.PASSAGE: "passage",
}


def _first(result: ScenarioResult) -> ProgramOutcome:
    return result.outcomes.programs[0]


def _body(result: ScenarioResult) -> Drawing:
    p = _first(result)
    pain = [(x.region, x.side) for x in result.scenario.pain]
    title = f"{p.program.name}: pain coverage {100 * p.coverage:.0f} %"
    return (lambda fig: plot_body_map(fig.subplots(), pain, p.shares, title)), (6.0, 6.0)


def _activation(result: ScenarioResult) -> Drawing:
    p = _first(result)

    def draw(fig: Any) -> None:
        axes = fig.subplots(1, max(len(p.drgs), 1), squeeze=False)[0]
        for ax, d in zip(axes, p.drgs, strict=False):
            cells = d.model.cells
            sensory = cells.population_index >= 0
            pop = d.model.population
            idx = cells.population_index[sensory]
            plot_drg_activation(
                ax, d.model.ganglion, pop.soma_position[idx], pop.fiber_class[idx],
                d.fired[sensory],
            )  # fmt: skip

    return draw, (4.2 * max(len(p.drgs), 1), 3.9)


def _recruitment(result: ScenarioResult) -> Drawing:
    p = _first(result)

    def draw(fig: Any) -> None:
        axes = fig.subplots(1, max(len(p.drgs), 1), squeeze=False)[0]
        for ax, d in zip(axes, p.drgs, strict=False):
            curves = {_LABELS[k]: v for k, v in d.curves.items()}
            plot_recruitment_curves(
                ax, d.curve_amplitudes, curves, d.amplitude, f"{d.model.name}: {p.program.name}"
            )

    return draw, (4.6 * max(len(p.drgs), 1), 3.6)


def _strength_duration(result: ScenarioResult) -> Drawing:
    p = _first(result)
    curves = {d.model.name: d.strength_duration for d in p.drgs}
    return (lambda fig: plot_strength_duration(fig.subplots(), curves)), (5.0, 3.6)


def _battery(result: ScenarioResult) -> Drawing:
    from drgsim import units as u

    grid = _first(result).battery_grid
    amps = [a * u.mA for a in grid["amplitude_mA"]]
    rates = [r * u.Hz for r in grid["rate_Hz"]]
    years = grid["battery_life_years"]
    return (lambda fig: plot_battery_life(fig.subplots(), amps, rates, years)), (5.0, 3.6)


#: Figure kinds of the outcome section.
OUTCOME_DRAWINGS: dict[str, Callable[[ScenarioResult], Drawing]] = {
    "body_map": _body,
    "drg_activation": _activation,
    "recruitment_curves": _recruitment,
    "strength_duration": _strength_duration,
    "battery_life_curves": _battery,
}

__all__ = ["OUTCOME_DRAWINGS"]
