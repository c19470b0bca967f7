"""The ``field`` section: what the first program's field does along neurons and through the DRG.

For each DRG with a lead of the first program, :func:`field_section` takes the potential of the
program at its amplitude (``phi = T @ w * I`` [V], from the transfer matrix the thresholds used)
and reports

- along one representative cell of each class (Aβ, Aδ, C, motor, passage): the potential and
  the activating function, the second difference of the potential along the axon path from the
  peripheral to the central end (Rattay 1989, doi:10.1109/10.16457), at the nodes of Ranvier of
  myelinated cells and at every compartment of unmyelinated ones. The representative cell of a
  class is the one with the largest activating function, the most strongly driven;
- the potential on a plane through the DRG and the first lead's contacts (``y`` = the contacts'
  mean ``y``), NaN inside the lead body.

Numbers go to ``results.json`` in mV and mm; ``drgsim.app`` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray, IntArray
from drgsim.field.transfer import second_difference
from drgsim.neuron.cable import CableModel, Kind
from drgsim.neuron.population import CellKind
from drgsim.therapy.engine import DrgModel, lead_programs_at, unit_weights
from drgsim.therapy.scenario import Scenario

#: Display names of the cell classes.
CLASS_LABELS = {
    CellKind.A_BETA: "Aβ",
    CellKind.A_DELTA: "Aδ",
    CellKind.C: "C",
    CellKind.MOTOR: "motor",
    CellKind.PASSAGE: "passage",
}


def axon_path(model: CableModel) -> IntArray:
    """Compartments on the path between the cell's two ends farthest apart along ``x``.

    For a DRG neuron this runs from the central-axon end through the T-junction to the
    peripheral-axon end (the stem and soma branch off it); for a straight axon it is the
    whole axon. Myelinated paths keep only their nodes of Ranvier.

    Returns
    -------
    numpy.ndarray
        Compartment indices in path order, (n_path,) int64.
    """
    parent = model.parent
    n = parent.size
    degree = np.bincount(parent[parent >= 0], minlength=n) + (parent >= 0)
    ends = np.flatnonzero(degree <= 1)
    x = model.position[:, 0]
    first, last = int(ends[np.argmin(x[ends])]), int(ends[np.argmax(x[ends])])

    def to_root(i: int) -> list[int]:
        chain = []
        while i >= 0:
            chain.append(i)
            i = int(parent[i])
        return chain

    up_a, up_b = to_root(first), to_root(last)
    on_b = {c: k for k, c in enumerate(up_b)}
    k = next(k for k, c in enumerate(up_a) if c in on_b)
    path = np.array(up_a[: k + 1] + up_b[: on_b[up_a[k]]][::-1], dtype=np.int64)
    nodes: IntArray = path[model.kind[path] == Kind.NODE]
    rest: IntArray = path[model.kind[path] != Kind.JUNCTION]
    return nodes if nodes.size >= 3 else rest


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CellTrace:
    """Potential and activating function along one cell's axon path.

    Attributes
    ----------
    kind
        The cell's class.
    cell
        Index of the cell in its DRG's :class:`~drgsim.neuron.population.CellSet`.
    positions
        Path points, (n, 3) [m].
    arc
        Distance along the path, (n,) [m].
    potential
        Extracellular potential, (n,) [V].
    activating
        Second difference of ``potential`` along the path, (n,) [V]; positive depolarises.
    """

    kind: CellKind
    cell: int
    positions: FloatArray
    arc: FloatArray
    potential: FloatArray
    activating: FloatArray


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrgFieldView:
    """The first program's field at one DRG: cell traces and the potential map."""

    model: DrgModel
    program: str
    amplitude: float  #: largest lead amplitude at this DRG [A]
    traces: tuple[CellTrace, ...]
    slice_potential: FloatArray  #: (rows * columns,) [V], NaN inside a lead


def _trace(model: DrgModel, cell: int, phi: FloatArray) -> CellTrace:
    cells = model.cells
    m = cells.models[cell]
    path = axon_path(m)
    local = phi[cells.comp_start[cell] : cells.comp_start[cell + 1]][path]
    pos = m.position[path]
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pos, axis=0), axis=1))])
    return CellTrace(
        kind=CellKind(int(cells.kind[cell])),
        cell=cell,
        positions=np.ascontiguousarray(pos),
        arc=arc,
        potential=np.ascontiguousarray(local),
        activating=second_difference(local),
    )


def drg_field_view(
    model: DrgModel, weights: FloatArray, amplitude: float, name: str
) -> DrgFieldView:
    """The view of ``model`` for contact ``weights`` [1] at ``amplitude`` [A]."""
    phi = model.transfer @ weights * amplitude
    traces = []
    for kind in CellKind:
        candidates = np.flatnonzero(model.cells.kind == int(kind))
        if candidates.size == 0:
            continue
        options = [_trace(model, int(c), phi) for c in candidates]
        traces.append(max(options, key=lambda t: float(np.max(t.activating))))
    field = model.field
    if field is not None and field.slice_transfer.shape[0]:
        slice_phi = field.slice_transfer @ weights * amplitude
    else:
        slice_phi = np.zeros(0)
    return DrgFieldView(
        model=model,
        program=name,
        amplitude=amplitude,
        traces=tuple(traces),
        slice_potential=slice_phi,
    )


def _mV(a: FloatArray) -> list[float | None]:
    return [None if not np.isfinite(x) else float(x) for x in np.asarray(a) / u.mV]


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSection:
    """Field figures and numbers of the first program (module docstring)."""

    method: str
    drgs: tuple[DrgFieldView, ...]
    key: str = "field"
    title: str = "Field: potential and activating function"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (mV, mm, s)."""
        out = []
        for d in self.drgs:
            f = d.model.field
            entry: dict[str, Any] = {
                "drg": d.model.name,
                "program": d.program,
                "amplitude_mA": d.amplitude / u.mA,
                "field_seconds": None if f is None else f.seconds,
                "mesh_nodes": None if f is None else _int(f.info.get("n_nodes")),
                "mesh_tetrahedra": None if f is None else _int(f.info.get("n_tets")),
                "cells": [
                    {
                        "class": CLASS_LABELS[t.kind],
                        "cell": t.cell,
                        "arc_mm": (t.arc / u.mm).tolist(),
                        "potential_mV": _mV(t.potential),
                        "activating_function_mV": _mV(t.activating),
                        "peak_potential_mV": float(np.max(np.abs(t.potential)) / u.mV),
                        "max_activating_function_mV": float(np.max(t.activating) / u.mV),
                    }
                    for t in d.traces
                ],
            }
            if f is not None and f.slice_points.shape[0]:
                rows, cols = f.slice_shape
                grid = f.slice_points.reshape(rows, cols, 3)
                entry["slice"] = {
                    "plane": "xz",
                    "y_mm": f.slice_offset / u.mm,
                    "x_mm": (grid[0, :, 0] / u.mm).tolist(),
                    "z_mm": (grid[:, 0, 2] / u.mm).tolist(),
                    "potential_mV": [_mV(row) for row in d.slice_potential.reshape(rows, cols)],
                }
            out.append(entry)
        return {"method": self.method, "drgs": out}

    def report_block(self, result: Any) -> Any:
        """The report block (text, table and figure requests)."""
        from drgsim.therapy.field_report import field_block

        return field_block(self)


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


def field_section(scenario: Scenario, models: tuple[DrgModel, ...], method: str) -> FieldSection:
    """The field section of the first program of ``scenario`` at every DRG it stimulates."""
    views = []
    program = scenario.programs[0] if scenario.programs else None
    for model in models:
        lps = () if program is None else lead_programs_at(model, program)
        if not lps or model.transfer.shape[1] == 0:
            continue
        weights = unit_weights(model, lps)
        amplitude = max(lp.amplitude for lp in lps)
        views.append(drg_field_view(model, weights, amplitude, program.name if program else ""))
    return FieldSection(method=method, drgs=tuple(views))


__all__ = [
    "CLASS_LABELS",
    "CellTrace",
    "DrgFieldView",
    "FieldSection",
    "axon_path",
    "drg_field_view",
    "field_section",
]
