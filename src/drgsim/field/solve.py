"""Public entry points: transfer matrices by finite elements or closed forms, with caching.

``solve_transfer(geometry, points, options=..., cache=...)`` is what the therapy layer calls. The
mesh, the unit-current solutions and the matrix at the given points are each stored in the cache
under a content hash of everything they depend on, so a second call with the same inputs neither
meshes nor solves. The cache itself (a directory) is chosen by the application and handed in.

Examples
--------
>>> import numpy as np
>>> from drgsim.field.solve import SolverOptions, FieldMethod
>>> SolverOptions(method="analytic").method is FieldMethod.ANALYTIC
True
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Protocol

import numpy as np
import numpy.typing as npt

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.field import fem as fem_module
from drgsim.field import mesh as mesh_module
from drgsim.field.analytic import (
    Medium,
    band_source_potential,
    line_source_potential,
    point_source_potential,
)
from drgsim.field.geometry import FieldGeometry, Tissue, hash_array, hash_json
from drgsim.field.transfer import TransferMatrix

logger = logging.getLogger(__name__)


class FieldMethod(StrEnum):
    """How the field is computed."""

    FEM = "fem"
    ANALYTIC = "analytic"


class SourceModel(StrEnum):
    """How a contact is represented in the analytic field."""

    BAND = "band"
    LINE = "line"
    POINT = "point"


class ArrayCache(Protocol):
    """Storage of named arrays by kind and content hash (``drgsim.app.cache.DiskCache``)."""

    def load(self, kind: str, key: str) -> dict[str, np.ndarray] | None:
        """Arrays stored under ``(kind, key)``, or None."""

    def store(self, kind: str, key: str, arrays: Mapping[str, np.ndarray]) -> None:
        """Store arrays under ``(kind, key)``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SolverOptions:
    """Knobs of the field computation.

    Parameters
    ----------
    method
        Finite elements (default) or the analytic homogeneous-medium field.
    element_order
        Lagrange element order, 1 or 2.
    resolution
        Mesh sizes.
    analytic_source
        Contact representation for the analytic field.
    analytic_tissue
        Tissue whose conductivity fills the homogeneous analytic medium (the DRG by default:
        the neurons sampled live there).
    contact_model
        Finite elements: uniform current density on each contact (default) or floating
        equipotential contacts (:class:`drgsim.field.fem.ContactModel`).
    """

    method: FieldMethod = FieldMethod.FEM
    element_order: int = 1
    resolution: mesh_module.MeshResolution = field(default_factory=mesh_module.MeshResolution)
    analytic_source: SourceModel = SourceModel.BAND
    analytic_tissue: Tissue = Tissue.DRG
    contact_model: fem_module.ContactModel = fem_module.ContactModel.UNIFORM_CURRENT

    def __post_init__(self) -> None:
        for name, kind in (
            ("method", FieldMethod),
            ("analytic_source", SourceModel),
            ("analytic_tissue", Tissue),
            ("contact_model", fem_module.ContactModel),
        ):
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, kind(value))
            except ValueError:
                raise ConfigurationError(
                    field=name, value=value, allowed=f"one of {[m.value for m in kind]}"
                ) from None
        if self.element_order not in (1, 2):
            raise ConfigurationError(
                field="element_order", value=self.element_order, allowed="1 or 2"
            )


def _check_points(points: npt.ArrayLike) -> FloatArray:
    pts = np.ascontiguousarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 3 or pts.shape[0] == 0:
        raise ConfigurationError(
            field="points", value=f"shape {pts.shape}", allowed="shape (n_points, 3) [m]"
        )
    if not np.all(np.isfinite(pts)):
        raise ConfigurationError(field="points", value="non-finite", allowed="finite [m]")
    return pts


def _keys(geometry: FieldGeometry, options: SolverOptions) -> tuple[str, str]:
    mesh_key = hash_json(
        {
            "geometry": geometry.content_hash(with_conductivity=False),
            "resolution": asdict(options.resolution),
            "mesher": mesh_module.MESHER_VERSION,
        }
    )
    solution_key = hash_json(
        {
            "mesh": mesh_key,
            "conductivities": geometry.describe()["conductivities"],
            "order": options.element_order,
        }
        # earlier keys (uniform current) stay valid: the contact model enters only when it differs
        | (
            {"contact_model": options.contact_model.value}
            if options.contact_model is not fem_module.ContactModel.UNIFORM_CURRENT
            else {}
        )
    )
    return mesh_key, solution_key


def solve_fem(
    geometry: FieldGeometry,
    options: SolverOptions | None = None,
    cache: ArrayCache | None = None,
) -> fem_module.FemSolution:
    """Mesh (or load the mesh) and solve (or load) the unit-current problem of every contact.

    Parameters
    ----------
    geometry
        The one-level model.
    options
        Solver options.
    cache
        Optional array cache; meshes and solutions are looked up and stored by content hash.
    """
    options = options or SolverOptions()
    mesh_key, solution_key = _keys(geometry, options)
    stored = cache.load("solution", solution_key) if cache is not None else None
    mesh_arrays = cache.load("mesh", mesh_key) if cache is not None else None
    if mesh_arrays is not None:
        mesh = mesh_module.VolumeMesh.from_arrays(mesh_arrays)
    else:
        start = time.perf_counter()
        mesh = mesh_module.mesh_level(geometry, options.resolution)
        logger.info("meshing took %.1f s", time.perf_counter() - start)
        if cache is not None:
            cache.store("mesh", mesh_key, mesh.to_arrays())
    # A stored solution is only valid on the very mesh it was computed on (meshing may differ
    # between runs or machines), so it is used only when the mesh came from the cache too.
    if stored is not None and mesh_arrays is not None and stored["dofs"].shape[0] >= mesh.n_nodes:
        return fem_module.FemSolution(
            mesh=mesh,
            element_order=options.element_order,
            dofs=stored["dofs"],
            mutual_resistance=stored["mutual_resistance"],
            ground_current=stored["ground_current"],
        )
    tensors = {t.value: geometry.tensor(t) for t in Tissue}
    start = time.perf_counter()
    solution = fem_module.solve_unit_currents(
        mesh, tensors, options.element_order, options.contact_model
    )
    logger.info("assembly, factorisation and solves took %.1f s", time.perf_counter() - start)
    if cache is not None:
        cache.store(
            "solution",
            solution_key,
            {
                "dofs": solution.dofs,
                "mutual_resistance": solution.mutual_resistance,
                "ground_current": solution.ground_current,
            },
        )
    return solution


def solve_transfer(
    geometry: FieldGeometry,
    points: npt.ArrayLike,
    *,
    options: SolverOptions | None = None,
    cache: ArrayCache | None = None,
) -> TransferMatrix:
    """Transfer matrix of every contact of ``geometry`` at ``points``.

    Parameters
    ----------
    geometry
        The one-level model with its leads.
    points
        Evaluation points (neuron compartments), shape (n_points, 3) [m], in the model frame.
    options
        Solver options; ``options.method`` selects finite elements or the analytic field.
    cache
        Optional array cache handed in by the application.

    Returns
    -------
    TransferMatrix
        Values (n_points, n_contacts) [V/A], contacts in ``geometry.contact_ids`` order.
    """
    options = options or SolverOptions()
    if options.method is FieldMethod.ANALYTIC:
        return solve_transfer_analytic(geometry, points, options=options, cache=cache)
    pts = _check_points(points)
    _, solution_key = _keys(geometry, options)
    matrix_key = hash_json({"solution": solution_key, "points": hash_array(pts)})
    meta = {"method": "fem", "content_hash": matrix_key, "order": str(options.element_order)}
    if cache is not None:
        hit = cache.load("transfer", matrix_key)
        if hit is not None:
            logger.info("transfer matrix %s loaded from the cache", matrix_key[:12])
            meta.update(json.loads(str(hit["metadata"])))
            return TransferMatrix(
                values=hit["values"], points=pts, contact_ids=geometry.contact_ids, metadata=meta
            )
    solution = solve_fem(geometry, options, cache)
    values = solution.probe(pts)
    meta.update(
        {
            "n_nodes": str(solution.mesh.n_nodes),
            "n_tets": str(solution.mesh.n_tets),
            "mutual_resistance_ohm": json.dumps(solution.mutual_resistance.tolist()),
        }
    )
    if cache is not None:
        extra = {k: v for k, v in meta.items() if k not in ("method", "content_hash", "order")}
        cache.store(
            "transfer", matrix_key, {"values": values, "metadata": np.array(json.dumps(extra))}
        )
    return TransferMatrix(
        values=values, points=pts, contact_ids=geometry.contact_ids, metadata=meta
    )


def solve_transfer_analytic(
    geometry: FieldGeometry,
    points: npt.ArrayLike,
    *,
    options: SolverOptions | None = None,
    cache: ArrayCache | None = None,
) -> TransferMatrix:
    """Transfer matrix in a homogeneous medium (same signature as :func:`solve_transfer`).

    The medium has the conductivity tensor of ``options.analytic_tissue`` everywhere; each
    contact is a band, line or point source (``options.analytic_source``); the lead body and the
    ground are not modelled. ``cache`` is accepted for symmetry and unused (this is fast).
    """
    del cache
    options = options or SolverOptions(method=FieldMethod.ANALYTIC)
    pts = _check_points(points)
    medium = Medium(conductivity=geometry.tensor(options.analytic_tissue))
    columns = []
    for lead in geometry.leads:
        for centre in lead.contact_centres:
            half = 0.5 * lead.contact_length * lead.direction
            if options.analytic_source is SourceModel.BAND:
                col = band_source_potential(
                    pts, centre, lead.direction, lead.radius, lead.contact_length, medium
                )
            elif options.analytic_source is SourceModel.LINE:
                col = line_source_potential(pts, centre - half, centre + half, medium)
            else:
                col = point_source_potential(pts, centre, medium)
            columns.append(col)
    values = np.column_stack(columns)
    meta = {
        "method": "analytic",
        "source": options.analytic_source.value,
        "tissue": options.analytic_tissue.value,
    }
    return TransferMatrix(
        values=values, points=pts, contact_ids=geometry.contact_ids, metadata=meta
    )


__all__ = [
    "ArrayCache",
    "FieldMethod",
    "SolverOptions",
    "SourceModel",
    "solve_fem",
    "solve_transfer",
    "solve_transfer_analytic",
]
