"""Explicit geometry of the one-level volume-conductor model.

Frame: the ganglion frame of :mod:`drgsim.anatomy.ganglion` (origin at the DRG centre; ``x`` along
the long axis, distal towards the spinal nerve; ``z`` dorsal; ``y = z x x``), so neuron positions
from the anatomy layer can be used as they are. Parts, by meshing priority (a higher one wins where
two overlap):

- lead bodies (insulating, removed from the domain; their contacts are current sources);
- the DRG, a prolate ellipsoid of semi-axes ``drg_semi_axes``;
- the dorsal root (``x < 0``, through the DRG axis), the ventral root (ventral to the DRG,
  ``x < a / 2``) and the spinal nerve (``x > 0``, enclosing the ventral root's end), cylinders
  along ``x`` (``a`` is the DRG's semi-axis along ``x``);
- CSF around both roots inside the dural sleeve (a shell of ``dura_thickness``), for
  ``x < -a / 2``: the sleeve covers the roots and the DRG's medial part only, so a lead over the
  DRG lies in fat against it with no CSF between (reference/device.md §3, qualitative [READ]);
- epidural fat filling the foramen (a cylinder of ``foramen_radius`` along ``x``);
- bone / surrounding tissue filling the box, whose outer faces are the far ground.

The root, sleeve and foramen dimensions are not in the project's reference sheets: they are
configurable assumptions (``docs/assumptions.md``). The DRG size comes from the anatomy layer.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError, GeometryError


class Tissue(StrEnum):
    """Regions of the one-level model, in meshing priority order (highest first)."""

    DRG = "drg"
    DORSAL_ROOT = "dorsal_root"
    VENTRAL_ROOT = "ventral_root"
    SPINAL_NERVE = "spinal_nerve"
    CSF = "csf"
    DURA = "dura"
    FAT = "fat"
    BONE = "bone"


#: Tissues whose conductivity is anisotropic along the root axis (x).
FIBRE_TISSUES = (Tissue.DRG, Tissue.DORSAL_ROOT, Tissue.VENTRAL_ROOT, Tissue.SPINAL_NERVE)
ROOT_AXIS = np.array([1.0, 0.0, 0.0])
MAX_CONDUCTIVITY = 100.0  #: [S/m]; saline is 2 S/m (reference/anatomy.md §5 [READ])


def _vec3(name: str, value: npt.ArrayLike, *, unit: bool = False) -> FloatArray:
    v = np.array(value, dtype=np.float64).reshape(-1)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ConfigurationError(field=name, value=value, allowed="three finite numbers")
    if unit:
        norm = float(np.linalg.norm(v))
        if norm == 0:
            raise ConfigurationError(field=name, value=value, allowed="a non-zero direction")
        v = v / norm
    v.flags.writeable = False
    return v


def _positive(name: str, value: float, upper: float = 1.0) -> float:
    """Check a length [m]; ``upper`` catches mm entered as m."""
    if not np.isfinite(value) or value <= 0 or value > upper:
        raise ConfigurationError(
            field=name,
            value=f"{value / u.mm:g} mm",
            allowed=f"0-{upper / u.mm:g} mm, positive",
            hint="lengths are in metres inside drgsim (use units.mm)",
        )
    return float(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class TissueConductivity:
    """Conductivity of one tissue: along the root axis and across it [S/m].

    Parameters
    ----------
    longitudinal
        Conductivity along the root axis (``x``) [S/m].
    transverse
        Conductivity across it [S/m]; equal to ``longitudinal`` for an isotropic tissue.
    source
        Citation of the values.
    """

    longitudinal: float
    transverse: float
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("longitudinal", "transverse"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0 or value > MAX_CONDUCTIVITY:
                raise ConfigurationError(
                    field=f"conductivity.{name}",
                    value=f"{value} S/m",
                    allowed=f"0-{MAX_CONDUCTIVITY:g} S/m, positive",
                    hint="give S/m (saline is 2 S/m)",
                )

    @classmethod
    def isotropic(cls, sigma: float, source: str = "") -> TissueConductivity:
        """An isotropic tissue of conductivity ``sigma`` [S/m]."""
        return cls(longitudinal=sigma, transverse=sigma, source=source)

    def tensor(self, axis: npt.ArrayLike = ROOT_AXIS) -> FloatArray:
        """Conductivity tensor (3, 3) [S/m], ``longitudinal`` along ``axis``."""
        a = np.asarray(axis, dtype=np.float64)
        a = a / np.linalg.norm(a)
        t: FloatArray = self.transverse * np.eye(3) + (
            self.longitudinal - self.transverse
        ) * np.outer(a, a)
        return t


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FieldLead:
    """A cylindrical lead with band contacts, as the field layer needs it.

    Parameters
    ----------
    name
        Lead name; contacts are named ``"{name}:c{i}"``.
    tip
        Centre of the distal end of the lead, shape (3,) [m].
    direction
        Unit vector from the tip along the lead body (towards the connector), shape (3,).
    diameter
        Lead and contact diameter [m].
    contact_offsets
        Distance of each contact centre from the tip along ``direction``, shape (n_contacts,) [m].
    contact_length
        Length of each band contact [m].
    body_length
        Length of lead modelled, from the tip [m]; must stay inside the model box.
    """

    name: str
    tip: FloatArray
    direction: FloatArray
    diameter: float
    contact_offsets: FloatArray
    contact_length: float
    body_length: float

    def __post_init__(self) -> None:
        if not self.name or ":" in self.name:
            raise ConfigurationError(
                field="lead.name", value=self.name, allowed="a non-empty name without ':'"
            )
        object.__setattr__(self, "tip", _vec3(f"{self.name}.tip", self.tip))
        object.__setattr__(
            self, "direction", _vec3(f"{self.name}.direction", self.direction, unit=True)
        )
        _positive(f"{self.name}.diameter", self.diameter, 5 * u.mm)
        _positive(f"{self.name}.contact_length", self.contact_length, 20 * u.mm)
        _positive(f"{self.name}.body_length", self.body_length, 0.5)
        offsets = np.array(self.contact_offsets, dtype=np.float64).reshape(-1)
        if offsets.size == 0 or not np.all(np.isfinite(offsets)):
            raise ConfigurationError(
                field=f"{self.name}.contact_offsets",
                value=self.contact_offsets,
                allowed="one or more finite distances [m]",
            )
        offsets.flags.writeable = False
        object.__setattr__(self, "contact_offsets", offsets)
        half = 0.5 * self.contact_length
        order = np.argsort(offsets)
        for i, j in itertools.pairwise(order):
            if offsets[j] - offsets[i] < self.contact_length:
                raise GeometryError(
                    part=f"{self.name}.contacts[{j}]",
                    value=f"{offsets[j] / u.mm:g} mm",
                    problem=f"overlaps contact {i} at {offsets[i] / u.mm:g} mm "
                    f"(contacts are {self.contact_length / u.mm:g} mm long)",
                )
        for i, off in enumerate(offsets):
            if off - half < 0 or off + half > self.body_length:
                raise GeometryError(
                    part=f"{self.name}.contacts[{i}]",
                    value=f"{off / u.mm:g} mm",
                    problem=f"lies off the lead body "
                    f"(0-{self.body_length / u.mm:g} mm from the tip)",
                )

    @property
    def radius(self) -> float:
        """Lead radius [m]."""
        return 0.5 * self.diameter

    @property
    def contact_ids(self) -> tuple[str, ...]:
        """Contact names, ``"{lead}:c{i}"``."""
        return tuple(f"{self.name}:c{i}" for i in range(self.contact_offsets.size))

    @property
    def contact_centres(self) -> FloatArray:
        """Contact centres, shape (n_contacts, 3) [m]."""
        c: FloatArray = self.tip + np.outer(self.contact_offsets, self.direction)
        return c

    @property
    def end(self) -> FloatArray:
        """Centre of the proximal end of the modelled body [m]."""
        e: FloatArray = self.tip + self.body_length * self.direction
        return e


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FieldGeometry:
    """Everything the volume-conductor model depends on, in SI units.

    Parameters
    ----------
    drg_semi_axes
        DRG ellipsoid semi-axes along x, y, z, shape (3,) [m] (from the anatomy layer).
    dorsal_root_radius, ventral_root_radius, spinal_nerve_radius
        Radii of the root and nerve cylinders [m]. Assumption.
    ventral_root_gap
        Clearance between the DRG and the ventral root [m]. Assumption.
    csf_thickness
        CSF clearance around the DRG and roots inside the sleeve [m]. Assumption.
    dura_thickness
        Dural sleeve thickness [m]. Assumption.
    foramen_radius
        Radius of the fat-filled foraminal channel [m]. Assumption.
    box_half_size
        Half-size of the model box along x, y, z, shape (3,) [m]; its faces are grounded.
    leads
        Leads in the model.
    conductivities
        One :class:`TissueConductivity` per :class:`Tissue`.
    """

    drg_semi_axes: FloatArray
    dorsal_root_radius: float
    ventral_root_radius: float
    spinal_nerve_radius: float
    ventral_root_gap: float
    csf_thickness: float
    dura_thickness: float
    foramen_radius: float
    box_half_size: FloatArray
    leads: tuple[FieldLead, ...]
    conductivities: Mapping[Tissue, TissueConductivity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        semi = _vec3("drg_semi_axes", self.drg_semi_axes)
        box = _vec3("box_half_size", self.box_half_size)
        for i, s in enumerate(semi):
            _positive(f"drg_semi_axes[{i}]", float(s), 20 * u.mm)
        for i, s in enumerate(box):
            _positive(f"box_half_size[{i}]", float(s), 0.5)
        for name in (
            "dorsal_root_radius",
            "ventral_root_radius",
            "spinal_nerve_radius",
            "ventral_root_gap",
            "csf_thickness",
            "dura_thickness",
            "foramen_radius",
        ):
            _positive(name, getattr(self, name), 50 * u.mm)
        object.__setattr__(self, "drg_semi_axes", semi)
        object.__setattr__(self, "box_half_size", box)
        leads = tuple(self.leads)
        names = [lead.name for lead in leads]
        if len(set(names)) != len(names):
            raise ConfigurationError(field="leads", value=names, allowed="distinct lead names")
        object.__setattr__(self, "leads", leads)
        cond: dict[Tissue, TissueConductivity] = {}
        for key, value in dict(self.conductivities).items():
            try:
                tissue = Tissue(key)
            except ValueError:
                raise ConfigurationError(
                    field="conductivities",
                    value=key,
                    allowed=f"tissues {[t.value for t in Tissue]}",
                ) from None
            cond[tissue] = value
        missing = [t.value for t in Tissue if t not in cond]
        if missing:
            raise ConfigurationError(
                field="conductivities",
                value=f"missing {missing}",
                allowed=f"one value per tissue {[t.value for t in Tissue]}",
            )
        object.__setattr__(self, "conductivities", MappingProxyType(cond))
        self._check_layout()

    # -- derived layout ---------------------------------------------------------------------
    @property
    def ventral_root_z(self) -> float:
        """z of the ventral root axis [m] (ventral to the DRG, clear of it by the gap)."""
        return -(float(self.drg_semi_axes[1]) + self.ventral_root_gap + self.ventral_root_radius)

    @property
    def sleeve_centre_z(self) -> float:
        """z of the root-sleeve and spinal-nerve axis [m], midway across both roots."""
        low = self.ventral_root_z - self.ventral_root_radius
        return 0.5 * (self.dorsal_root_radius + low)

    @property
    def sleeve_end_x(self) -> float:
        """x where the dural sleeve and its CSF end, over the DRG's medial part [m]."""
        return -0.5 * float(self.drg_semi_axes[0])

    @property
    def ventral_root_end_x(self) -> float:
        """x where the ventral root joins the spinal nerve [m]."""
        return 0.5 * float(self.drg_semi_axes[0])

    @property
    def csf_radius(self) -> float:
        """Inner radius of the dural sleeve [m]: both roots plus the CSF layer."""
        span = self.dorsal_root_radius - (self.ventral_root_z - self.ventral_root_radius)
        return 0.5 * span + self.csf_thickness

    @property
    def dura_radius(self) -> float:
        """Outer radius of the dural sleeve [m]."""
        return self.csf_radius + self.dura_thickness

    @property
    def contact_ids(self) -> tuple[str, ...]:
        """All contact names, lead by lead."""
        return tuple(c for lead in self.leads for c in lead.contact_ids)

    def tensor(self, tissue: Tissue) -> FloatArray:
        """Conductivity tensor of a tissue (3, 3) [S/m]; fibre tissues along the root axis."""
        return self.conductivities[tissue].tensor(ROOT_AXIS)

    def is_conducting(self, points: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Which points (n, 3) [m] lie in tissue: inside the box and outside every lead body."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        inside = np.all(np.abs(pts) < self.box_half_size, axis=1)
        for lead in self.leads:
            d = pts - lead.tip
            s = d @ lead.direction
            radial = np.linalg.norm(d - np.outer(s, lead.direction), axis=1)
            inside &= ~((s >= 0) & (s <= lead.body_length) & (radial <= lead.radius))
        result: npt.NDArray[np.bool_] = inside
        return result

    def slice_points(
        self, plane: str = "xz", offset: float = 0.0, n: tuple[int, int] = (60, 120)
    ) -> FloatArray:
        """Grid on a plane through the DRG (``"xz"``: y = offset; ``"xy"``: z = offset) [m].

        Spans twice the DRG's extent and the leads; shape (n[0] * n[1], 3), rows over the
        plane's second axis, columns over ``x``.
        """
        second = {"xz": 2, "xy": 1}.get(plane)
        if second is None:
            raise ConfigurationError(field="plane", value=plane, allowed="'xz' or 'xy'")
        ends = [self.drg_semi_axes * np.array([2.0, 2.0, 2.0])]
        ends += [np.abs(lead.tip) + 2 * lead.radius for lead in self.leads]
        reach = np.minimum(np.max(ends, axis=0), 0.95 * self.box_half_size)
        h = np.linspace(-reach[0], reach[0], n[1])
        v = np.linspace(-reach[second], reach[second], n[0])
        hh, vv = np.meshgrid(h, v)
        pts = np.zeros((hh.size, 3))
        pts[:, 0] = hh.ravel()
        pts[:, second] = vv.ravel()
        pts[:, 3 - second] = offset
        return pts

    def with_leads(self, *leads: FieldLead) -> FieldGeometry:
        """A copy with other leads."""
        return _replace(self, leads=tuple(leads))

    def _check_layout(self) -> None:
        box = self.box_half_size
        vr_reach = abs(self.ventral_root_z - self.sleeve_centre_z) + self.ventral_root_radius
        if vr_reach >= self.spinal_nerve_radius:
            raise GeometryError(
                part="spinal_nerve_radius",
                value=f"{self.spinal_nerve_radius / u.mm:g} mm",
                problem=f"must enclose the ventral root where it joins ({vr_reach / u.mm:.3g} mm)",
            )
        outer = max(self.dura_radius, self.spinal_nerve_radius) + abs(self.sleeve_centre_z)
        if outer >= self.foramen_radius or max(self.drg_semi_axes[1:]) >= self.foramen_radius:
            raise GeometryError(
                part="foramen_radius",
                value=f"{self.foramen_radius / u.mm:g} mm",
                problem=f"must exceed the DRG, nerve and dural sleeve ({outer / u.mm:.3g} mm)",
            )
        if self.foramen_radius >= min(box[1], box[2]) or self.drg_semi_axes[0] >= box[0]:
            raise GeometryError(
                part="box_half_size",
                value=f"{(box / u.mm).round(3).tolist()} mm",
                problem="the box must contain the foramen and the DRG",
            )
        for lead in self.leads:
            self._check_lead(lead)
        for i, first in enumerate(self.leads):
            for second in self.leads[i + 1 :]:
                gap = _segment_distance(first.tip, first.end, second.tip, second.end)
                if gap < first.radius + second.radius:
                    raise GeometryError(
                        part=f"{second.name}",
                        value=f"{gap / u.mm:.3g} mm from {first.name}",
                        problem="leads overlap",
                    )

    def _check_lead(self, lead: FieldLead) -> None:
        box = self.box_half_size
        margin = lead.radius + 0.05 * float(box.min())
        for label, point in (("tip", lead.tip), ("end", lead.end)):
            if np.any(np.abs(point) > box - margin):
                raise GeometryError(
                    part=f"{lead.name}.{label}",
                    value=f"{(point / u.mm).round(3).tolist()} mm",
                    problem=f"lies outside the model domain (box half-size "
                    f"{(box / u.mm).round(3).tolist()} mm, "
                    f"less a margin of {margin / u.mm:.3g} mm)",
                )
        s = np.linspace(0.0, lead.body_length, 400)
        axis_points = lead.tip + np.outer(s, lead.direction)
        scaled = axis_points / (self.drg_semi_axes + lead.radius)
        if np.any(np.sum(scaled**2, axis=1) < 1.0):
            raise GeometryError(
                part=f"{lead.name}",
                value=f"tip at {(lead.tip / u.mm).round(3).tolist()} mm",
                problem="the lead body enters the DRG",
            )
        for name, z0, r, x_lo, x_hi in self._cylinders():
            yz = np.hypot(axis_points[:, 1], axis_points[:, 2] - z0)
            inside = (
                (yz < r + lead.radius) & (axis_points[:, 0] > x_lo) & (axis_points[:, 0] < x_hi)
            )
            if np.any(inside):
                raise GeometryError(
                    part=f"{lead.name}",
                    value=f"tip at {(lead.tip / u.mm).round(3).tolist()} mm",
                    problem=f"the lead body enters the {name}",
                )

    def _cylinders(self) -> list[tuple[str, float, float, float, float]]:
        a, box_x = float(self.drg_semi_axes[0]), float(self.box_half_size[0])
        return [
            ("dorsal root", 0.0, self.dorsal_root_radius, -box_x, 0.0),
            ("ventral root", self.ventral_root_z, self.ventral_root_radius, -box_x, 0.5 * a),
            ("spinal nerve", self.sleeve_centre_z, self.spinal_nerve_radius, 0.0, box_x),
            ("dural sleeve", self.sleeve_centre_z, self.dura_radius, -box_x, -0.5 * a),
        ]

    # -- hashing --------------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """A JSON-ready description of every input (for hashing and metadata)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "leads":
                out["leads"] = [_describe_lead(lead) for lead in value]
            elif f.name == "conductivities":
                out["conductivities"] = {
                    t.value: [c.longitudinal, c.transverse] for t, c in value.items()
                }
            else:
                out[f.name] = np.asarray(value).tolist()
        return out

    def content_hash(self, *, with_conductivity: bool = True) -> str:
        """SHA-256 of :meth:`describe` (without conductivities when only the mesh matters)."""
        desc = self.describe()
        if not with_conductivity:
            desc.pop("conductivities")
        return hash_json(desc)


def _describe_lead(lead: FieldLead) -> dict[str, Any]:
    return {
        "name": lead.name,
        "tip": lead.tip.tolist(),
        "direction": lead.direction.tolist(),
        "diameter": lead.diameter,
        "contact_offsets": lead.contact_offsets.tolist(),
        "contact_length": lead.contact_length,
        "body_length": lead.body_length,
    }


def hash_json(data: Any) -> str:
    """SHA-256 hex digest of a canonical JSON rendering (floats via ``repr``)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def hash_array(array: npt.ArrayLike) -> str:
    """SHA-256 hex digest of an array's float64 bytes and shape."""
    a = np.ascontiguousarray(array, dtype=np.float64)
    h = hashlib.sha256(str(a.shape).encode())
    h.update(a.tobytes())
    return h.hexdigest()


def _segment_distance(p0: FloatArray, p1: FloatArray, q0: FloatArray, q1: FloatArray) -> float:
    """Smallest distance between two segments [m] (sampled; leads are straight)."""
    s = np.linspace(0.0, 1.0, 201)
    a = p0 + np.outer(s, p1 - p0)
    b = q0 + np.outer(s, q1 - q0)
    d = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2)
    return float(d.min())


def _replace(geometry: FieldGeometry, **changes: Any) -> FieldGeometry:
    kwargs = {f.name: getattr(geometry, f.name) for f in fields(geometry)}
    kwargs.update(changes)
    return FieldGeometry(**kwargs)


__all__ = [
    "FIBRE_TISSUES",
    "FieldGeometry",
    "FieldLead",
    "Tissue",
    "TissueConductivity",
    "hash_array",
    "hash_json",
]
