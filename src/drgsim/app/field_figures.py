"""Figures of the ``field`` section: each kind gives a ``(draw(fig), size)`` pair.

The numbers drawn are those of ``results.json`` (``field`` section): the first program's
potential along the most strongly driven cell of each class, and on a plane through the DRG.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drgsim import units as u
from drgsim.plot import plot_field_along_cell, plot_field_slice

if TYPE_CHECKING:
    from drgsim.therapy.field_section import FieldSection
    from drgsim.therapy.pipeline import ScenarioResult

Drawing = tuple[Callable[[Any], None], tuple[float, float]]


def _section(result: ScenarioResult) -> FieldSection:
    from drgsim.therapy.field_section import FieldSection

    section = result.section("field")
    if not isinstance(section, FieldSection):
        raise TypeError(f"section 'field' is a {type(section).__name__}")
    return section


def _along_cells(result: ScenarioResult) -> Drawing:
    from drgsim.therapy.field_section import CLASS_LABELS

    views = _section(result).drgs
    n_cols = max((len(v.traces) for v in views), default=1)

    def draw(fig: Any) -> None:
        axes = fig.subplots(max(len(views), 1), n_cols, squeeze=False)
        for row, view in zip(axes, views, strict=False):
            for ax, trace in zip(row, view.traces, strict=False):
                plot_field_along_cell(ax, trace.positions, trace.potential)
                ax.set_title(f"{view.model.name}: {CLASS_LABELS[trace.kind]} (cell {trace.cell})")
            for ax in row[len(view.traces) :]:
                ax.set_axis_off()

    return draw, (3.6 * n_cols, 3.0 * max(len(views), 1))


def _slice(result: ScenarioResult) -> Drawing:
    views = [v for v in _section(result).drgs if v.slice_potential.size]

    # one panel a row: side by side, each colour-bar label ran into the next panel's axis label
    def draw(fig: Any) -> None:
        axes = fig.subplots(max(len(views), 1), 1, squeeze=False)[:, 0]
        for ax, view in zip(axes, views, strict=False):
            f = view.model.field
            if f is None or f.geometry is None:
                continue
            plot_field_slice(ax, f.geometry, f.slice_points, view.slice_potential, f.slice_shape)
            ax.set_title(f"{view.model.name}, y = {f.slice_offset / u.mm:.2g} mm")

    return draw, (5.6, 3.4 * max(len(views), 1))


#: Figure kinds of the field section.
FIELD_DRAWINGS: dict[str, Callable[[ScenarioResult], Drawing]] = {
    "field_along_cells": _along_cells,
    "field_slice": _slice,
}

__all__ = ["FIELD_DRAWINGS"]
