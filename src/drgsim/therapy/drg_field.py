"""The field of one DRG's leads: transfer matrix at the cells and a slice for the report.

:func:`compute_drg_field` is called once per stimulated DRG by
:func:`drgsim.therapy.engine.build_drg_models`. With ``method="fem"`` it builds the one-level
finite-element model (:func:`drgsim.field.level.from_anatomy`) and probes a single solution at
every compartment *and* at a grid on a plane through the DRG and the first lead, so the report's
potential map costs no second solve (meshes, solutions and matrices are cached by content hash
when a cache is handed in). With ``method="analytic"`` each contact is a point current source
in an infinite homogeneous anisotropic medium with the DRG conductivity of
:mod:`drgsim.anatomy.tissues` (0.6 S/m along the DRG axis, 0.083 S/m across; Farooqui et al.
2024, ``reference/anatomy.md`` §5, [UNVERIFIED] there):
``phi = 1 / (4 pi sqrt(sigma_x sigma_y sigma_z) sqrt(x^2/sigma_x + y^2/sigma_y + z^2/sigma_z))``,
the anisotropic form of ``1 / (4 pi sigma r)`` (``reference/validation.md`` §4). Distances are
floored at the contact radius (scaled by the anisotropy), so compartments touching a contact get
the potential at its surface (``docs/assumptions.md`` P4).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

import numpy as np

from drgsim._typing import BoolArray, FloatArray
from drgsim.anatomy.ganglion import Ganglion
from drgsim.anatomy.tissues import Tissue, conductivity
from drgsim.device import Lead
from drgsim.errors import GeometryError
from drgsim.field import ArrayCache, FieldMethod, SolverOptions, solve_transfer
from drgsim.field.geometry import FieldGeometry
from drgsim.field.level import from_anatomy

logger = logging.getLogger(__name__)

#: Rows x columns of the potential map through the DRG (a display choice, not physics).
DEFAULT_SLICE_SHAPE = (40, 80)


def analytic_transfer(
    leads: tuple[Lead, ...], points: FloatArray, tissue: Tissue = Tissue.DRG
) -> FloatArray:
    """Point-source transfer matrix in a homogeneous anisotropic medium (module docstring).

    Parameters
    ----------
    leads
        Leads in the frame of ``points`` [m].
    points
        Evaluation points, (n_points, 3) [m].
    tissue
        Tissue whose conductivity (longitudinal along x) fills the medium.

    Returns
    -------
    numpy.ndarray
        (n_points, n_contacts of all leads) [V/A].
    """
    cond = conductivity(tissue)
    sigma = np.array([cond.longitudinal, cond.transverse, cond.transverse])
    scale = 4.0 * math.pi * math.sqrt(float(np.prod(sigma)))
    cols = []
    for lead in leads:
        radius = lead.geometry.contact_diameter / 2
        floor = radius / math.sqrt(float(sigma.max()))
        for centre in lead.contact_centres:
            d = points - centre
            r = np.sqrt(np.sum(d * d / sigma, axis=1))
            cols.append(1.0 / (scale * np.maximum(r, floor)))
    if not cols:
        return np.zeros((points.shape[0], 0))
    return np.ascontiguousarray(np.column_stack(cols))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrgField:
    """Transfer matrix of one DRG's contacts, and the same field on a plane for display.

    Attributes
    ----------
    method
        How it was computed.
    transfer
        Potential per unit contact current at every compartment, (n_comp, n_contacts) [V/A].
    geometry
        The one-level model (outlines for the slice figure); None when it could not be built
        (an analytic run with a lead outside the model box).
    slice_points
        Grid on the plane ``y = slice_offset`` (rows over ``z``, columns over ``x``),
        (rows * columns, 3) [m]; empty without ``geometry``.
    slice_shape
        (rows, columns) of the grid.
    slice_transfer
        Transfer at ``slice_points``, (rows * columns, n_contacts) [V/A]; NaN inside a lead.
    seconds
        Wall time of the field computation [s] (meshing and solving, or cache loads).
    info
        Solver metadata (mesh size, cache key) as text.
    """

    method: FieldMethod
    transfer: FloatArray
    geometry: FieldGeometry | None = None
    slice_points: FloatArray = field(default_factory=lambda: np.zeros((0, 3)))
    slice_shape: tuple[int, int] = (0, 0)
    slice_transfer: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    seconds: float = 0.0
    info: dict[str, str] = field(default_factory=dict)

    @property
    def slice_offset(self) -> float:
        """``y`` of the slice plane [m] (0 without a slice)."""
        return float(self.slice_points[0, 1]) if self.slice_points.shape[0] else 0.0


def slice_plane(geometry: FieldGeometry, shape: tuple[int, int]) -> tuple[FloatArray, BoolArray]:
    """Grid on the ``xz`` plane through the first lead's contacts, and its tissue mask.

    Returns
    -------
    tuple
        Points (rows * columns, 3) [m] and a boolean mask of those in tissue.
    """
    offset = 0.0
    if geometry.leads:
        offset = float(np.mean(geometry.leads[0].contact_centres[:, 1]))
        reach = 0.9 * float(geometry.box_half_size[1])
        offset = float(np.clip(offset, -reach, reach))
    points = geometry.slice_points("xz", offset=offset, n=shape)
    return points, geometry.is_conducting(points)


def compute_drg_field(
    ganglion: Ganglion,
    leads: tuple[Lead, ...],
    points: FloatArray,
    method: FieldMethod,
    *,
    cache: ArrayCache | None = None,
    slice_shape: tuple[int, int] = DEFAULT_SLICE_SHAPE,
) -> DrgField:
    """Transfer matrix of ``leads`` at ``points`` (the compartments) and on a slice.

    Parameters
    ----------
    ganglion
        The DRG the leads sit at.
    leads
        Its leads, in scenario order; columns follow their contacts.
    points
        Compartment centres, (n_comp, 3) [m], in the ganglion frame.
    method
        Finite elements or the analytic point-source field (module docstring).
    cache
        Array cache for meshes, solutions and matrices (finite elements only).
    slice_shape
        Rows and columns of the display grid; ``(0, 0)`` skips it.

    Raises
    ------
    GeometryError
        With ``method="fem"``, when the model cannot be built (a lead outside the box, in the
        DRG or a root) or a compartment lies inside a lead body.

    Notes
    -----
    Compartments beyond the model box (axons leaving along the roots) take the potential of
    its grounded faces, 0 V (``docs/assumptions.md`` F8).
    """
    start = time.perf_counter()
    n_columns = sum(lead.n_contacts for lead in leads)
    geometry: FieldGeometry | None
    try:
        geometry = from_anatomy(ganglion, leads) if leads else None
    except GeometryError:
        if method is FieldMethod.FEM:
            raise
        geometry = None
    want_slice = geometry is not None and min(slice_shape) > 0
    grid, mask = (
        slice_plane(geometry, slice_shape)
        if want_slice and geometry is not None
        else (np.zeros((0, 3)), np.zeros(0, bool))
    )
    info: dict[str, str] = {}
    if method is FieldMethod.FEM and geometry is not None:
        # compartments beyond the grounded box faces take the ground potential, 0 (F8)
        in_box = np.all(np.abs(points) < geometry.box_half_size, axis=1)
        if not in_box.all():
            logger.info("%d compartments lie beyond the grounded box: 0 V", int((~in_box).sum()))
        both = np.concatenate([points[in_box], grid[mask]])
        t = solve_transfer(
            geometry, both, options=SolverOptions(method=FieldMethod.FEM), cache=cache
        )
        info = dict(t.metadata)
        n_in = int(in_box.sum())
        transfer = np.zeros((points.shape[0], n_columns))
        transfer[in_box] = t.values[:n_in]
        on_grid = t.values[n_in:]
    else:
        transfer = analytic_transfer(leads, points)
        on_grid = analytic_transfer(leads, grid[mask])
    slice_values = np.full((grid.shape[0], n_columns), np.nan)
    slice_values[mask] = on_grid
    seconds = time.perf_counter() - start
    logger.info(
        "%s %s: %s field at %d points in %.1f s%s", ganglion.level, ganglion.side, method,
        points.shape[0] + int(mask.sum()), seconds,
        f" (mesh {info['n_nodes']} nodes)" if "n_nodes" in info else "",
    )  # fmt: skip
    return DrgField(
        method=method,
        transfer=transfer,
        geometry=geometry,
        slice_points=grid,
        slice_shape=slice_shape if want_slice else (0, 0),
        slice_transfer=slice_values,
        seconds=seconds,
        info=info,
    )


__all__ = [
    "DEFAULT_SLICE_SHAPE",
    "DrgField",
    "analytic_transfer",
    "compute_drg_field",
    "slice_plane",
]
