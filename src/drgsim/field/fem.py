"""Finite-element solution of the stationary current problem, one factorisation for all contacts.

Weak form (scikit-fem): find ``phi`` with ``phi = 0`` on the far ground such that

    integral(sigma grad(phi) . grad(v)) = sum_k I_k / A_k integral_{contact k}(v)

for every test function ``v``: each contact injects its current ``I_k`` spread uniformly over its
surface of area ``A_k``; the rest of the lead surface is insulating (the lead body is removed from
the mesh). ``sigma`` is a tensor per tissue (anisotropic along the root axis in the DRG, roots and
nerve). The stiffness matrix is factorised once (SuperLU) and solved for all contacts at once.

Contacts (:class:`ContactModel`). ``"uniform-current"`` (the default) spreads each contact's
current uniformly over its surface, as above. ``"floating"`` treats every contact as metal: its
surface is one equipotential whose potential is an unknown, and its net current is given (1 A for
the source, 0 for every other contact, which then floats at the local potential). The nodal
unknowns of each contact surface are merged into one (``K_r = P^T K P`` with the 0/1 merging
matrix ``P``), so the system keeps its size, symmetry and single factorisation.

The same factorised system gives the mutual resistance between contacts (symmetric by
reciprocity) and the current collected by the ground (1 A by conservation): both are checked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from drgsim._typing import FloatArray, IntArray
from drgsim.errors import ConfigurationError, GeometryError, SolverError
from drgsim.field.mesh import VolumeMesh

logger = logging.getLogger(__name__)


class ContactModel(StrEnum):
    """How a contact's current enters the tissue (module docstring)."""

    UNIFORM_CURRENT = "uniform-current"  #: uniform current density on the contact surface
    FLOATING = "floating"  #: equipotential metal surface with a given net current


def _element(order: int) -> object:
    from skfem import ElementTetP1, ElementTetP2

    if order == 1:
        return ElementTetP1()
    if order == 2:
        return ElementTetP2()
    raise ConfigurationError(field="element_order", value=order, allowed="1 or 2")


def _facet_index(mesh: object, triangles: IntArray) -> IntArray:
    """Indices into ``mesh.facets`` of triangles given by node indices (n, 3)."""
    facets = np.sort(np.asarray(mesh.facets, dtype=np.int64).T, axis=1)  # type: ignore[attr-defined]
    wanted = np.sort(np.asarray(triangles, dtype=np.int64), axis=1)
    n = int(facets.max()) + 1
    key_all = (facets[:, 0] * n + facets[:, 1]) * n + facets[:, 2]
    key = (wanted[:, 0] * n + wanted[:, 1]) * n + wanted[:, 2]
    order = np.argsort(key_all)
    pos = np.searchsorted(key_all[order], key)
    pos = np.clip(pos, 0, key_all.size - 1)
    found = key_all[order][pos] == key
    if not np.all(found):
        raise SolverError(f"{int((~found).sum())} boundary triangles are not mesh facets")
    result: IntArray = order[pos]
    return result


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FemSolution:
    """Unit-current solutions of every contact on one mesh.

    Parameters
    ----------
    mesh
        The mesh solved on.
    element_order
        1 (linear) or 2 (quadratic) Lagrange elements.
    dofs
        Nodal (degree-of-freedom) potentials per unit current, shape (n_dofs, n_contacts) [V/A].
    mutual_resistance
        Mean potential of contact ``i`` when contact ``j`` injects 1 A, shape
        (n_contacts, n_contacts) [V/A]; symmetric by reciprocity.
    ground_current
        Current collected by the ground for each unit source, shape (n_contacts,) [A]; 1 by
        conservation.
    """

    mesh: VolumeMesh
    element_order: int
    dofs: FloatArray
    mutual_resistance: FloatArray
    ground_current: FloatArray

    def basis(self) -> object:
        """The scikit-fem basis of the solution."""
        from skfem import Basis, MeshTet

        m = MeshTet(self.mesh.nodes.T.copy(), self.mesh.tets.T.copy())
        return Basis(m, _element(self.element_order))

    def probe(self, points: FloatArray) -> FloatArray:
        """Interpolate the solutions at points (n_points, 3) [m] -> (n_points, n_contacts) [V/A].

        Raises
        ------
        GeometryError
            If a point lies outside the mesh (inside a lead body or beyond the ground).
        """
        from scipy.sparse import coo_matrix

        basis = self.basis()
        pts = np.ascontiguousarray(points, dtype=np.float64)
        cells = locate_points(self.mesh.nodes, self.mesh.tets, pts)
        x = pts.T
        mapping = basis.mapping  # type: ignore[attr-defined]
        local = mapping.invF(x[:, :, np.newaxis], tind=cells)
        n_basis = basis.Nbfun  # type: ignore[attr-defined]
        phis = np.array(
            [basis.elem.gbasis(mapping, local, k, tind=cells)[0] for k in range(n_basis)]  # type: ignore[attr-defined]
        ).ravel()
        rows = np.tile(np.arange(pts.shape[0]), n_basis)
        cols = basis.element_dofs[:, cells].ravel()  # type: ignore[attr-defined]
        probes = coo_matrix((phis, (rows, cols)), shape=(pts.shape[0], basis.N)).tocsr()  # type: ignore[attr-defined]
        result: FloatArray = np.ascontiguousarray(probes @ self.dofs)
        return result


def locate_points(nodes: FloatArray, tets: IntArray, points: FloatArray) -> IntArray:
    """Index of the tetrahedron holding each point (kd-tree candidates, barycentric test).

    Memory stays linear in the number of points (scikit-fem's finder tests every candidate
    against every point at once).

    Raises
    ------
    GeometryError
        Naming the first point found in no tetrahedron.
    """
    from scipy.spatial import cKDTree

    corners = nodes[tets]  # (n_tets, 4, 3)
    tree = cKDTree(corners.mean(axis=1))
    cells = np.full(points.shape[0], -1, dtype=np.int64)
    tol = 1e-9
    for k in (8, 32, 128):
        todo = np.flatnonzero(cells < 0)
        if todo.size == 0:
            break
        k_eff = min(k, tets.shape[0])
        _, cand = tree.query(points[todo], k_eff)
        cand = np.asarray(cand).reshape(todo.size, k_eff)
        for j in range(k_eff):
            open_rows = cells[todo] < 0
            if not np.any(open_rows):
                break
            rows = todo[open_rows]
            c = cand[open_rows, j]
            v0 = corners[c, 0]
            edges = np.stack([corners[c, 1] - v0, corners[c, 2] - v0, corners[c, 3] - v0], axis=2)
            lam = np.linalg.solve(edges, (points[rows] - v0)[:, :, None])[:, :, 0]
            inside = (lam.min(axis=1) >= -tol) & (lam.sum(axis=1) <= 1 + tol)
            cells[rows[inside]] = c[inside]
    missing = np.flatnonzero(cells < 0)
    if missing.size:
        p = points[missing[0]]
        raise GeometryError(
            part=f"points[{int(missing[0])}]",
            value=f"{(p * 1e3).round(3).tolist()} mm",
            problem=f"lies outside the conducting volume ({missing.size} such point(s): inside "
            "a lead body or beyond the grounded box)",
        )
    return cells


def solve_unit_currents(
    mesh: VolumeMesh,
    tensors: Mapping[str, FloatArray],
    element_order: int = 1,
    contact_model: ContactModel | str = ContactModel.UNIFORM_CURRENT,
) -> FemSolution:
    """Solve the unit-current problem of every contact of a mesh.

    Parameters
    ----------
    mesh
        Tetrahedral mesh with regions, contact and ground facets.
    tensors
        Conductivity tensor (3, 3) [S/m] for each region name of the mesh.
    element_order
        1 or 2.
    contact_model
        Uniform current density, or floating equipotential contacts (module docstring).

    Returns
    -------
    FemSolution
    """
    from skfem import Basis, BilinearForm, FacetBasis, LinearForm, MeshTet, asm
    from skfem.helpers import dot, grad

    element = _element(element_order)
    m = MeshTet(mesh.nodes.T.copy(), mesh.tets.T.copy())
    basis = Basis(m, element)
    n_dofs = basis.N
    stiffness = sp.csr_matrix((n_dofs, n_dofs))
    for index, name in enumerate(mesh.region_names):
        elements = np.flatnonzero(mesh.region == index)
        if elements.size == 0:
            continue
        if name not in tensors:
            raise ConfigurationError(
                field="conductivities", value=f"no value for {name}", allowed="every region"
            )
        sigma = np.asarray(tensors[name], dtype=np.float64)

        @BilinearForm  # type: ignore[misc,untyped-decorator]
        def form(u: object, v: object, w: object, s: FloatArray = sigma) -> object:
            grad_u = grad(u)
            flux = np.einsum("ij,j...->i...", s, grad_u)
            return dot(flux, grad(v))

        stiffness = stiffness + asm(form, Basis(m, element, elements=elements))

    @LinearForm  # type: ignore[misc,untyped-decorator]
    def unit(v: object, w: object) -> object:
        return v

    n_contacts = len(mesh.contact_facets)
    rhs = np.zeros((n_dofs, n_contacts))
    for k, triangles in enumerate(mesh.contact_facets):
        fb = FacetBasis(m, element, facets=_facet_index(m, triangles))
        load = asm(unit, fb)
        area = float(load.sum())  # sum of the partition of unity = contact area
        if area <= 0:
            raise SolverError(f"contact {mesh.contact_ids[k]} has no area")
        rhs[:, k] = load / area
    ground = basis.get_dofs(facets=_facet_index(m, mesh.ground_facets)).all()
    if ground.size == 0:
        raise SolverError("the mesh has no grounded boundary")
    try:
        model = ContactModel(contact_model)
    except ValueError:
        allowed = ", ".join(c.value for c in ContactModel)
        raise ConfigurationError(
            field="contact_model", value=contact_model, allowed=allowed
        ) from None
    stiffness = stiffness.tocsr()
    merge = None
    if model is ContactModel.FLOATING:
        merge, rhs, ground = _merge_contacts(basis, m, mesh, n_dofs, ground)
        stiffness_full = stiffness
        stiffness = (merge.T @ stiffness @ merge).tocsr()
    free = np.setdiff1d(np.arange(stiffness.shape[0]), ground)
    system = stiffness[free][:, free].tocsc()
    try:
        # Symmetric positive definite: symmetric ordering, no pivoting (keeps the fill low).
        lu = splu(
            system,
            permc_spec="MMD_AT_PLUS_A",
            diag_pivot_thresh=0.0,
            options={"SymmetricMode": True},
        )
    except RuntimeError as exc:
        raise SolverError(f"factorisation failed: {exc}") from exc
    solution = np.zeros((stiffness.shape[0], n_contacts))
    solution[free] = lu.solve(np.ascontiguousarray(rhs[free]))
    residual = np.linalg.norm(system @ solution[free] - rhs[free]) / np.linalg.norm(rhs[free])
    if not np.isfinite(residual) or residual > 1e-8:
        raise SolverError(f"linear solve residual {residual:.3g} exceeds 1e-8")
    mutual = rhs.T @ solution  # area-weighted mean contact potentials (uniform-current rhs)
    reaction = stiffness @ solution - rhs
    ground_current = -reaction[ground].sum(axis=0)
    if merge is not None:
        solution = np.ascontiguousarray(merge @ solution)
        stiffness = stiffness_full
    logger.info("solved %d dofs for %d %s contacts", n_dofs, n_contacts, model)
    return FemSolution(
        mesh=mesh,
        element_order=element_order,
        dofs=solution,
        mutual_resistance=mutual,
        ground_current=ground_current,
    )


def _merge_contacts(
    basis: object, m: object, mesh: VolumeMesh, n_dofs: int, ground: IntArray
) -> tuple[sp.csr_matrix, FloatArray, IntArray]:
    """Merging matrix (n_dofs, n_reduced), unit-current loads and ground in reduced numbering.

    Every degree of freedom on contact ``k``'s surface maps to one reduced unknown, the
    contact's potential; the others keep one unknown each. Column ``k`` of the load is 1 A at
    contact ``k``'s unknown.
    """
    target = np.arange(n_dofs)
    contact_dofs = []
    for triangles in mesh.contact_facets:
        dofs = basis.get_dofs(facets=_facet_index(m, triangles)).all()  # type: ignore[attr-defined]
        if np.intersect1d(dofs, ground).size:
            raise SolverError("a contact touches the grounded boundary")
        contact_dofs.append(np.asarray(dofs, dtype=np.int64))
    on_contact = np.zeros(n_dofs, bool)
    for dofs in contact_dofs:
        if on_contact[dofs].any():
            raise SolverError("two contacts share a mesh node")
        on_contact[dofs] = True
    kept = np.flatnonzero(~on_contact)
    target[kept] = np.arange(kept.size)
    for k, dofs in enumerate(contact_dofs):
        target[dofs] = kept.size + k
    n_reduced = kept.size + len(contact_dofs)
    merge = sp.csr_matrix((np.ones(n_dofs), (np.arange(n_dofs), target)), shape=(n_dofs, n_reduced))
    load = np.zeros((n_reduced, len(contact_dofs)))
    load[kept.size + np.arange(len(contact_dofs)), np.arange(len(contact_dofs))] = 1.0
    return merge, load, target[ground]


__all__ = ["ContactModel", "FemSolution", "solve_unit_currents"]
