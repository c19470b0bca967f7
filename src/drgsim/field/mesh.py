"""Tetrahedral meshes of the one-level model (gmsh, OpenCASCADE kernel).

:func:`mesh_level` builds every part of a :class:`~drgsim.field.geometry.FieldGeometry`, fragments
them into one conforming volume, removes the insulating lead bodies and meshes the rest with a
size field that is finest at the contacts. :func:`mesh_sphere_electrode` meshes the validation
model (a spherical electrode inside a grounded sphere). Both return a :class:`VolumeMesh`: plain
arrays, so it can be cached and handed to :mod:`drgsim.field.fem`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray, IntArray
from drgsim.errors import ConfigurationError, MeshError
from drgsim.field.geometry import FieldGeometry, FieldLead, Tissue

logger = logging.getLogger(__name__)

#: Bumped whenever meshing changes, so cached meshes are not reused across versions.
MESHER_VERSION = "level-1"
#: Elements per full turn on curved surfaces.
CURVATURE_ELEMENTS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class MeshResolution:
    """Target element sizes [m].

    Parameters
    ----------
    contact_size
        Element size on the contacts and the lead surface [m].
    tissue_size
        Element size on the DRG surface [m].
    far_size
        Largest element size, far from the lead [m].
    growth_distance
        Distance over which sizes grow from the fine to the far size [m].
    """

    contact_size: float = 0.25 * u.mm
    tissue_size: float = 0.6 * u.mm
    far_size: float = 4.0 * u.mm
    growth_distance: float = 12.0 * u.mm

    def __post_init__(self) -> None:
        for name in ("contact_size", "tissue_size", "far_size", "growth_distance"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0 or value > 0.1:
                raise ConfigurationError(
                    field=f"resolution.{name}",
                    value=f"{value / u.mm:g} mm",
                    allowed="0-100 mm, positive",
                )

    def scaled(self, factor: float) -> MeshResolution:
        """Every size times ``factor`` (refinement for ``factor < 1``)."""
        return MeshResolution(
            contact_size=self.contact_size * factor,
            tissue_size=self.tissue_size * factor,
            far_size=self.far_size * factor,
            growth_distance=self.growth_distance,
        )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class VolumeMesh:
    """A tetrahedral mesh with region labels and source/ground facets.

    Parameters
    ----------
    nodes
        Node positions, shape (n_nodes, 3) [m].
    tets
        Node indices of each tetrahedron, shape (n_tets, 4).
    region
        Region index of each tetrahedron into ``region_names``, shape (n_tets,).
    region_names
        Tissue name of each region.
    contact_facets
        Node indices of the triangles of each contact, one (n_k, 3) array per contact.
    ground_facets
        Triangles of the grounded outer boundary, shape (n_g, 3).
    contact_ids
        One name per contact.
    """

    nodes: FloatArray
    tets: IntArray
    region: IntArray
    region_names: tuple[str, ...]
    contact_facets: tuple[IntArray, ...]
    ground_facets: IntArray
    contact_ids: tuple[str, ...]

    @property
    def n_tets(self) -> int:
        """Number of tetrahedra."""
        return int(self.tets.shape[0])

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.nodes.shape[0])

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Arrays for the cache (inverse of :meth:`from_arrays`)."""
        out: dict[str, np.ndarray] = {
            "nodes": self.nodes,
            "tets": self.tets,
            "region": self.region,
            "region_names": np.array(self.region_names),
            "ground_facets": self.ground_facets,
            "contact_ids": np.array(self.contact_ids),
        }
        for i, facets in enumerate(self.contact_facets):
            out[f"contact_{i}"] = facets
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> VolumeMesh:
        """Rebuild a mesh stored with :meth:`to_arrays`."""
        ids = tuple(str(c) for c in arrays["contact_ids"])
        return cls(
            nodes=np.ascontiguousarray(arrays["nodes"], dtype=np.float64),
            tets=np.ascontiguousarray(arrays["tets"], dtype=np.int64),
            region=np.ascontiguousarray(arrays["region"], dtype=np.int64),
            region_names=tuple(str(r) for r in arrays["region_names"]),
            contact_facets=tuple(
                np.ascontiguousarray(arrays[f"contact_{i}"], dtype=np.int64)
                for i in range(len(ids))
            ),
            ground_facets=np.ascontiguousarray(arrays["ground_facets"], dtype=np.int64),
            contact_ids=ids,
        )


@contextmanager
def _gmsh_session(name: str) -> Iterator[object]:
    import gmsh

    started = not gmsh.isInitialized()
    if started:
        gmsh.initialize(readConfigFiles=False)
    gmsh.option.setNumber("General.Terminal", 0)
    gmsh.model.add(name)
    try:
        yield gmsh
    finally:
        gmsh.model.remove()
        if started:
            gmsh.finalize()


def _lead_segments(gmsh: object, lead: FieldLead) -> tuple[list[int], list[int]]:
    """Cylinders of one lead split at contact edges; returns (volumes, contact index or -1)."""
    occ = gmsh.model.occ  # type: ignore[attr-defined]
    half = 0.5 * lead.contact_length
    cuts = {0.0, lead.body_length}
    for off in lead.contact_offsets:
        cuts.update((float(off) - half, float(off) + half))
    edges = sorted(cuts)
    volumes: list[int] = []
    owner: list[int] = []
    for s0, s1 in itertools.pairwise(edges):
        if s1 - s0 < 1e-9:
            continue
        start = lead.tip + s0 * lead.direction
        d = (s1 - s0) * lead.direction
        volumes.append(occ.addCylinder(*start, *d, lead.radius))
        mid = 0.5 * (s0 + s1)
        hit = np.flatnonzero(np.abs(lead.contact_offsets - mid) < half)
        owner.append(int(hit[0]) if hit.size else -1)
    return volumes, owner


def mesh_level(geometry: FieldGeometry, resolution: MeshResolution) -> VolumeMesh:
    """Mesh the one-level model (see :func:`_mesh_level`).

    The default surface mesher can leave intersecting facets where a thin part runs close to a
    curved surface; the 2-D Delaunay mesher often avoids them, so a failure is retried once
    with it before :class:`~drgsim.errors.MeshError` is raised.
    """
    try:
        return _mesh_level(geometry, resolution, algorithm_2d=6)
    except MeshError as first:
        logger.info("meshing failed (%s); retrying with the 2-D Delaunay mesher", first)
        return _mesh_level(geometry, resolution, algorithm_2d=5)


def _mesh_level(
    geometry: FieldGeometry, resolution: MeshResolution, algorithm_2d: int
) -> VolumeMesh:
    """Mesh the one-level model.

    Parameters
    ----------
    geometry
        The model geometry (leads included).
    resolution
        Element sizes.

    Returns
    -------
    VolumeMesh
        Regions named by :class:`~drgsim.field.geometry.Tissue`; one facet set per contact, in
        the order of ``geometry.contact_ids``; the box faces as ground.
    """
    with _gmsh_session("drgsim-level") as gmsh:
        occ = gmsh.model.occ  # type: ignore[attr-defined]
        g = geometry
        bx, by, bz = (float(v) for v in g.box_half_size)
        a, b, c = (float(v) for v in g.drg_semi_axes)
        zc = g.sleeve_centre_z
        sleeve = bx + g.sleeve_end_x
        parts: list[tuple[str, int]] = [
            (Tissue.BONE, occ.addBox(-bx, -by, -bz, 2 * bx, 2 * by, 2 * bz)),
            (Tissue.FAT, occ.addCylinder(-bx, 0, zc, 2 * bx, 0, 0, g.foramen_radius)),
            (Tissue.DURA, occ.addCylinder(-bx, 0, zc, sleeve, 0, 0, g.dura_radius)),
            (Tissue.CSF, occ.addCylinder(-bx, 0, zc, sleeve, 0, 0, g.csf_radius)),
            (Tissue.SPINAL_NERVE, occ.addCylinder(0, 0, zc, bx, 0, 0, g.spinal_nerve_radius)),
            (
                Tissue.VENTRAL_ROOT,
                occ.addCylinder(
                    -bx, 0, g.ventral_root_z, bx + g.ventral_root_end_x, 0, 0, g.ventral_root_radius
                ),
            ),
            (Tissue.DORSAL_ROOT, occ.addCylinder(-bx, 0, 0, bx, 0, 0, g.dorsal_root_radius)),
        ]
        drg = occ.addSphere(0, 0, 0, 1.0)
        occ.dilate([(3, drg)], 0, 0, 0, a, b, c)
        parts.append((Tissue.DRG, drg))
        contact_owner: list[tuple[int, int]] = []  # (input index, global contact index)
        first_contact = 0
        for lead in g.leads:
            vols, owner = _lead_segments(gmsh, lead)
            for vol, k in zip(vols, owner, strict=True):
                if k >= 0:
                    contact_owner.append((len(parts), first_contact + k))
                parts.append(("lead", vol))
            first_contact += lead.contact_offsets.size
        dimtags = [(3, tag) for _, tag in parts]
        try:
            _, out_map = occ.fragment(dimtags[:1], dimtags[1:])
        except Exception as exc:  # gmsh raises bare Exception
            raise MeshError(f"OpenCASCADE could not fragment the model: {exc}") from exc
        owner_of: dict[int, int] = {}
        for index, pieces in enumerate(out_map):  # later (higher priority) parts win
            for dim, tag in pieces:
                if dim == 3:
                    owner_of[tag] = index
        occ.synchronize()
        model = gmsh.model  # type: ignore[attr-defined]
        lead_vols = [t for t, i in owner_of.items() if parts[i][0] == "lead"]
        contact_surfaces: dict[int, set[int]] = {}
        lead_surfaces: set[int] = set()
        for tag in lead_vols:
            bnd = {s for _, s in model.getBoundary([(3, tag)], oriented=False, combined=False)}
            lead_surfaces |= bnd
            owners = [k for i, k in contact_owner if i == owner_of[tag]]
            if owners:
                lateral = {s for s in bnd if model.getType(2, s) != "Plane"}
                contact_surfaces.setdefault(owners[0], set()).update(lateral)
        occ.remove([(3, t) for t in lead_vols], recursive=True)
        occ.synchronize()
        remaining = {s for _, s in model.getEntities(2)}
        lead_surfaces &= remaining
        for k in contact_surfaces:
            contact_surfaces[k] &= remaining
        region_names = tuple(t.value for t in Tissue)
        for name in region_names:
            vols = [t for t, i in owner_of.items() if parts[i][0] == name]
            if vols:
                model.addPhysicalGroup(3, vols, region_names.index(name) + 1, name)
        n_contacts = len(g.contact_ids)
        for k in range(n_contacts):
            surfs = sorted(contact_surfaces.get(k, set()))
            if not surfs:
                raise MeshError(f"contact {g.contact_ids[k]} has no surface after fragmenting")
            model.addPhysicalGroup(2, surfs, 1000 + k)
        ground = _box_faces(model, g.box_half_size)
        model.addPhysicalGroup(2, ground, 999)
        balls = [(np.zeros(3), float(max(a, b, c)), resolution.tissue_size)]
        for lead in g.leads:
            reach = 0.5 * lead.contact_length + 2 * lead.radius
            balls.extend(
                (centre, reach, resolution.contact_size) for centre in lead.contact_centres
            )
        _size_field(balls, resolution)
        return _generate(model, region_names, n_contacts, g.contact_ids, algorithm_2d)


def _box_faces(model: object, half: FloatArray) -> list[int]:
    """Surfaces lying in one of the six faces of the box of half-size ``half``."""
    eps = 1e-3 * float(half.min())
    faces: set[int] = set()
    for axis in range(3):
        for sign in (-1.0, 1.0):
            lo = -half - eps
            hi = half + eps
            lo[axis] = sign * half[axis] - eps
            hi[axis] = sign * half[axis] + eps
            found = model.getEntitiesInBoundingBox(*lo, *hi, dim=2)  # type: ignore[attr-defined]
            faces.update(tag for _, tag in found)
    return sorted(faces)


def _size_field(
    balls: Sequence[tuple[FloatArray, float, float]], resolution: MeshResolution
) -> None:
    """Background size: the minimum of balls (centre [m], radius [m], inner size [m]).

    Each ball holds its inner size inside ``radius`` and grows linearly to ``far_size`` over
    ``growth_distance``. Analytic balls are much cheaper to evaluate than distance fields.
    """
    import gmsh

    f = gmsh.model.mesh.field
    tags = []
    for centre, radius, size in balls:
        ball = f.add("Ball")
        f.setNumber(ball, "XCenter", float(centre[0]))
        f.setNumber(ball, "YCenter", float(centre[1]))
        f.setNumber(ball, "ZCenter", float(centre[2]))
        f.setNumber(ball, "Radius", radius)
        f.setNumber(ball, "Thickness", resolution.growth_distance)
        f.setNumber(ball, "VIn", size)
        f.setNumber(ball, "VOut", resolution.far_size)
        tags.append(ball)
    smallest = f.add("Min")
    f.setNumbers(smallest, "FieldsList", tags)
    f.setAsBackgroundMesh(smallest)
    for option in ("MeshSizeExtendFromBoundary", "MeshSizeFromPoints"):
        gmsh.option.setNumber(f"Mesh.{option}", 0)
    # Thin cylinders (roots, lead) need a few elements around: size from curvature.
    gmsh.option.setNumber("Mesh.MeshSizeFromCurvature", CURVATURE_ELEMENTS)
    gmsh.option.setNumber("Mesh.MeshSizeMax", resolution.far_size)


def _generate(
    model: object,
    region_names: tuple[str, ...],
    n_contacts: int,
    contact_ids: tuple[str, ...],
    algorithm_2d: int = 6,
) -> VolumeMesh:
    import gmsh

    gmsh.option.setNumber("Mesh.Algorithm3D", 1)
    gmsh.option.setNumber("Mesh.Algorithm", algorithm_2d)
    try:
        gmsh.model.mesh.generate(3)
    except Exception as exc:  # gmsh raises bare Exception
        raise MeshError(f"gmsh could not mesh the model: {exc}") from exc
    tags, coords, _ = gmsh.model.mesh.getNodes()
    index = np.full(int(tags.max()) + 1, -1, dtype=np.int64)
    index[tags.astype(np.int64)] = np.arange(tags.size)
    nodes = coords.reshape(-1, 3).astype(np.float64)
    tets_list, region_list = [], []
    for dim, group in gmsh.model.getPhysicalGroups(3):
        name = gmsh.model.getPhysicalName(dim, group)
        for entity in gmsh.model.getEntitiesForPhysicalGroup(dim, group):
            etypes, _, enodes = gmsh.model.mesh.getElements(dim, entity)
            for etype, en in zip(etypes, enodes, strict=True):
                if etype != 4:
                    raise MeshError(f"unexpected volume element type {etype}")
                t = index[en.astype(np.int64)].reshape(-1, 4)
                tets_list.append(t)
                region_list.append(np.full(t.shape[0], region_names.index(name), np.int64))
    facets = []
    for group in [*(1000 + k for k in range(n_contacts)), 999]:
        tris = [np.zeros((0, 3), np.int64)]
        for entity in gmsh.model.getEntitiesForPhysicalGroup(2, group):
            etypes, _, enodes = gmsh.model.mesh.getElements(2, entity)
            for etype, en in zip(etypes, enodes, strict=True):
                if etype == 2:
                    tris.append(index[en.astype(np.int64)].reshape(-1, 3))
        facets.append(np.vstack(tris))
    tets = np.vstack(tets_list)
    used = np.unique(tets)
    if used.size != nodes.shape[0]:  # drop nodes left by removed lead volumes
        remap = np.full(nodes.shape[0], -1, np.int64)
        remap[used] = np.arange(used.size)
        nodes, tets = nodes[used], remap[tets]
        facets = [remap[f] for f in facets]
    mesh = VolumeMesh(
        nodes=np.ascontiguousarray(nodes),
        tets=np.ascontiguousarray(tets),
        region=np.concatenate(region_list),
        region_names=region_names,
        contact_facets=tuple(facets[:-1]),
        ground_facets=facets[-1],
        contact_ids=contact_ids,
    )
    logger.info("meshed %d nodes, %d tetrahedra", mesh.n_nodes, mesh.n_tets)
    return mesh


def mesh_sphere_electrode(
    inner_radius: float, outer_radius: float, resolution: MeshResolution, region: str = "bulk"
) -> VolumeMesh:
    """Mesh a spherical electrode (a cavity) inside a grounded sphere, for validation.

    Parameters
    ----------
    inner_radius
        Electrode radius [m]; its surface is the single contact ``"sphere"``.
    outer_radius
        Radius of the grounded outer sphere [m].
    resolution
        ``contact_size`` at the electrode, growing linearly to ``far_size`` at ``growth_distance``.
    region
        Name of the single region.
    """
    if not 0 < inner_radius < outer_radius:
        raise ConfigurationError(
            field="inner_radius",
            value=f"{inner_radius / u.mm:g} mm",
            allowed=f"0-{outer_radius / u.mm:g} mm",
        )
    with _gmsh_session("drgsim-sphere") as gmsh:
        occ = gmsh.model.occ  # type: ignore[attr-defined]
        outer = occ.addSphere(0, 0, 0, outer_radius)
        inner = occ.addSphere(0, 0, 0, inner_radius)
        out, _ = occ.cut([(3, outer)], [(3, inner)])
        occ.synchronize()
        model = gmsh.model  # type: ignore[attr-defined]
        model.addPhysicalGroup(3, [t for _, t in out], 1, region)
        surfaces = [s for _, s in model.getBoundary(out, oriented=False)]
        inner_s = [
            s
            for s in surfaces
            if max(map(abs, model.getBoundingBox(2, s))) < 0.5 * (inner_radius + outer_radius)
        ]
        outer_s = [s for s in surfaces if s not in inner_s]
        model.addPhysicalGroup(2, inner_s, 1000)
        model.addPhysicalGroup(2, outer_s, 999)
        _size_field([(np.zeros(3), inner_radius, resolution.contact_size)], resolution)
        return _generate(model, (region,), 1, ("sphere",))


__all__ = ["MESHER_VERSION", "MeshResolution", "VolumeMesh", "mesh_level", "mesh_sphere_electrode"]
