"""Closed-form potentials of current sources in a homogeneous, possibly anisotropic medium.

Sources: a point, a finite line segment, a thin ring and a cylindrical band (a ring integrated
along the contact). An insulating plane (bone surface, lead paddle) is handled with the image
method. All inputs and outputs are SI: positions [m], currents [A], conductivity [S/m],
potentials [V].

Point source in a medium of conductivity tensor ``sigma`` (Plonsey & Barr, *Bioelectricity: A
Quantitative Approach*, 3rd ed., 2007, ch. 8; anisotropic form by the coordinate scaling
``x' = sigma^(-1/2) x``)::

    phi(r) = I / (4 pi sqrt(det sigma) sqrt(r^T sigma^-1 r))

which is ``I / (4 pi sigma r)`` when ``sigma`` is a scalar. A uniform line source of length ``L``
integrates it in closed form (``ln((r1 + r2 + L) / (r1 + r2 - L)) / L``); a ring of radius ``a``
gives ``2 K(m) / (pi sqrt((rho + a)^2 + z^2))`` with ``m = 4 rho a / ((rho + a)^2 + z^2)``
(complete elliptic integral of the first kind).

Examples
--------
>>> import numpy as np
>>> from drgsim.field.analytic import Medium, point_source_potential
>>> phi = point_source_potential(np.array([[0.01, 0, 0]]), np.zeros(3), Medium.isotropic(0.2))
>>> round(float(phi[0]), 3)  # 1 A at 1 cm in 0.2 S/m: 1 / (4 pi 0.2 0.01)
39.789
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import ellipk

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError

#: Largest conductivity accepted [S/m]; saline is 2 S/m (reference/anatomy.md §5 [READ]), so
#: anything far above is a unit mistake (S/cm, mS/m...).
MAX_CONDUCTIVITY = 100.0


def _vector(name: str, value: npt.ArrayLike) -> FloatArray:
    v = np.array(value, dtype=np.float64).reshape(-1)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ConfigurationError(field=name, value=value, allowed="three finite numbers [m]")
    return v


def _unit(name: str, value: npt.ArrayLike) -> FloatArray:
    v = _vector(name, value)
    norm = float(np.linalg.norm(v))
    if norm == 0.0:
        raise ConfigurationError(field=name, value=value, allowed="a non-zero direction")
    return v / norm


def _points(points: npt.ArrayLike) -> FloatArray:
    p = np.ascontiguousarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 3:
        raise ConfigurationError(
            field="points", value=f"shape {p.shape}", allowed="shape (n_points, 3) [m]"
        )
    return p


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Medium:
    """A homogeneous conductor.

    Parameters
    ----------
    conductivity
        Conductivity tensor, shape (3, 3) [S/m], symmetric positive definite.

    Examples
    --------
    >>> m = Medium.anisotropic(longitudinal=0.6, transverse=0.083, axis=(1, 0, 0))
    >>> [round(float(x), 3) for x in np.diag(m.conductivity)]
    [0.6, 0.083, 0.083]
    """

    conductivity: FloatArray

    def __post_init__(self) -> None:
        s = np.array(self.conductivity, dtype=np.float64, order="C")
        if s.shape == ():
            s = np.eye(3) * float(s)
        if s.shape != (3, 3) or not np.all(np.isfinite(s)):
            raise ConfigurationError(
                field="conductivity", value=self.conductivity, allowed="a (3, 3) tensor [S/m]"
            )
        if not np.allclose(s, s.T, rtol=1e-9, atol=1e-12):
            raise ConfigurationError(
                field="conductivity", value=s.tolist(), allowed="a symmetric tensor [S/m]"
            )
        eig = np.linalg.eigvalsh(s)
        if eig[0] <= 0.0 or eig[-1] > MAX_CONDUCTIVITY:
            raise ConfigurationError(
                field="conductivity",
                value=f"principal values {eig.tolist()} S/m",
                allowed=f"positive and at most {MAX_CONDUCTIVITY} S/m",
                hint="give S/m (saline is 2 S/m)",
            )
        s.flags.writeable = False
        object.__setattr__(self, "conductivity", s)

    @classmethod
    def isotropic(cls, sigma: float) -> Medium:
        """An isotropic medium of conductivity ``sigma`` [S/m]."""
        if not np.isfinite(sigma) or sigma <= 0 or sigma > MAX_CONDUCTIVITY:
            raise ConfigurationError(
                field="conductivity",
                value=f"{sigma} S/m",
                allowed=f"0-{MAX_CONDUCTIVITY} S/m, positive",
            )
        return cls(conductivity=np.eye(3) * float(sigma))

    @classmethod
    def anisotropic(cls, *, longitudinal: float, transverse: float, axis: npt.ArrayLike) -> Medium:
        """A uniaxial medium: ``longitudinal`` [S/m] along ``axis``, ``transverse`` across."""
        for name, value in (("longitudinal", longitudinal), ("transverse", transverse)):
            if not np.isfinite(value) or value <= 0 or value > MAX_CONDUCTIVITY:
                raise ConfigurationError(
                    field=f"conductivity.{name}",
                    value=f"{value} S/m",
                    allowed=f"0-{MAX_CONDUCTIVITY} S/m, positive",
                )
        a = _unit("axis", axis)
        tensor = transverse * np.eye(3) + (longitudinal - transverse) * np.outer(a, a)
        return cls(conductivity=tensor)

    @property
    def is_isotropic(self) -> bool:
        """Whether the tensor is a multiple of the identity."""
        s = self.conductivity
        return bool(np.allclose(s, np.eye(3) * s[0, 0], rtol=1e-12, atol=0.0))

    def _scaling(self) -> tuple[FloatArray, float]:
        """Return (sigma^-1/2, sqrt(det sigma)) for the coordinate scaling."""
        eig, vec = np.linalg.eigh(self.conductivity)
        inv_sqrt: FloatArray = (vec / np.sqrt(eig)) @ vec.T
        return inv_sqrt, float(np.sqrt(np.prod(eig)))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class InsulatingPlane:
    """An insulating plane bounding the medium (image method).

    Parameters
    ----------
    point
        Any point of the plane, shape (3,) [m].
    normal
        Plane normal, shape (3,) [1]; normalised on construction.
    """

    point: FloatArray
    normal: FloatArray

    def __post_init__(self) -> None:
        p = _vector("plane.point", self.point)
        n = _unit("plane.normal", self.normal)
        p.flags.writeable = False
        n.flags.writeable = False
        object.__setattr__(self, "point", p)
        object.__setattr__(self, "normal", n)

    def mirror_point(self, x: FloatArray) -> FloatArray:
        """Reflect a position [m] through the plane."""
        result: FloatArray = x - 2.0 * float(np.dot(x - self.point, self.normal)) * self.normal
        return result

    def mirror_direction(self, d: FloatArray) -> FloatArray:
        """Reflect a direction through the plane."""
        result: FloatArray = d - 2.0 * float(np.dot(d, self.normal)) * self.normal
        return result

    def check_medium(self, medium: Medium) -> None:
        """Raise unless the medium is symmetric about the plane (needed by the image method)."""
        r = np.eye(3) - 2.0 * np.outer(self.normal, self.normal)
        s = medium.conductivity
        if not np.allclose(r @ s @ r, s, rtol=1e-9, atol=1e-12):
            raise ConfigurationError(
                field="plane.normal",
                value=self.normal.tolist(),
                allowed="a principal axis of the conductivity tensor",
                hint="the image method needs a medium symmetric about the plane",
            )


def _point_unit(p: FloatArray, source: FloatArray, medium: Medium) -> FloatArray:
    inv_sqrt, sqrt_det = medium._scaling()
    d = (p - source) @ inv_sqrt.T
    result: FloatArray = 1.0 / (4.0 * np.pi * sqrt_det * np.linalg.norm(d, axis=1))
    return result


def point_source_potential(
    points: npt.ArrayLike,
    source: npt.ArrayLike,
    medium: Medium,
    current: float = 1.0,
    plane: InsulatingPlane | None = None,
) -> FloatArray:
    """Potential of a point current source.

    Parameters
    ----------
    points
        Evaluation points, shape (n_points, 3) [m].
    source
        Source position, shape (3,) [m].
    medium
        The homogeneous medium.
    current
        Source current [A]; positive leaves the source.
    plane
        Optional insulating plane; the medium fills the side holding the source.

    Returns
    -------
    numpy.ndarray
        Potential, shape (n_points,) [V]; infinite at the source.
    """
    p = _points(points)
    s = _vector("source", source)
    with np.errstate(divide="ignore"):
        phi = _point_unit(p, s, medium)
        if plane is not None:
            plane.check_medium(medium)
            phi = phi + _point_unit(p, plane.mirror_point(s), medium)
    result: FloatArray = phi * current
    return result


def _line_unit(p: FloatArray, a: FloatArray, b: FloatArray, medium: Medium) -> FloatArray:
    inv_sqrt, sqrt_det = medium._scaling()
    pa = (p - a) @ inv_sqrt.T
    pb = (p - b) @ inv_sqrt.T
    length = float(np.linalg.norm(inv_sqrt @ (b - a)))
    r1 = np.linalg.norm(pa, axis=1)
    r2 = np.linalg.norm(pb, axis=1)
    total = r1 + r2
    # r1 + r2 - L without cancellation off the segment: 2 (r1 r2 + pa.pb) / (r1 + r2 + L)
    gap = 2.0 * (r1 * r2 + np.einsum("ij,ij->i", pa, pb)) / (total + length)
    result: FloatArray = np.log((total + length) / gap) / (4.0 * np.pi * sqrt_det * length)
    return result


def line_source_potential(
    points: npt.ArrayLike,
    start: npt.ArrayLike,
    end: npt.ArrayLike,
    medium: Medium,
    current: float = 1.0,
    plane: InsulatingPlane | None = None,
) -> FloatArray:
    """Potential of a current spread uniformly along a straight segment.

    Parameters
    ----------
    points
        Evaluation points, shape (n_points, 3) [m].
    start, end
        Segment ends, shape (3,) [m].
    medium
        The homogeneous medium.
    current
        Total current of the segment [A].
    plane
        Optional insulating plane (image method).

    Returns
    -------
    numpy.ndarray
        Potential, shape (n_points,) [V].
    """
    p = _points(points)
    a = _vector("start", start)
    b = _vector("end", end)
    if np.allclose(a, b, rtol=0.0, atol=1e-15):
        return point_source_potential(p, a, medium, current, plane)
    with np.errstate(divide="ignore"):
        phi = _line_unit(p, a, b, medium)
        if plane is not None:
            plane.check_medium(medium)
            phi = phi + _line_unit(p, plane.mirror_point(a), plane.mirror_point(b), medium)
    result: FloatArray = phi * current
    return result


def _ring_unit(
    p: FloatArray, centre: FloatArray, axis: FloatArray, radius: float, sigma: float
) -> FloatArray:
    d = p - centre
    z = d @ axis
    rho = np.linalg.norm(d - np.outer(z, axis), axis=1)
    denom = (rho + radius) ** 2 + z**2
    m = np.clip(4.0 * rho * radius / denom, 0.0, 1.0)
    result: FloatArray = 2.0 * ellipk(m) / (np.pi * np.sqrt(denom)) / (4.0 * np.pi * sigma)
    return result


def ring_source_potential(
    points: npt.ArrayLike,
    centre: npt.ArrayLike,
    axis: npt.ArrayLike,
    radius: float,
    medium: Medium,
    current: float = 1.0,
    plane: InsulatingPlane | None = None,
) -> FloatArray:
    """Potential of a current spread uniformly around a thin ring (isotropic medium only).

    Parameters
    ----------
    points
        Evaluation points, shape (n_points, 3) [m].
    centre, axis
        Ring centre [m] and axis direction [1], shape (3,).
    radius
        Ring radius [m].
    medium
        The medium; must be isotropic (use :func:`band_source_potential` otherwise).
    current
        Total current [A].
    plane
        Optional insulating plane (image method).

    Returns
    -------
    numpy.ndarray
        Potential, shape (n_points,) [V]; infinite on the ring.
    """
    p = _points(points)
    c = _vector("centre", centre)
    n = _unit("axis", axis)
    if not np.isfinite(radius) or radius <= 0:
        raise ConfigurationError(field="radius", value=radius, allowed="a positive length [m]")
    if not medium.is_isotropic:
        raise ConfigurationError(
            field="medium",
            value="anisotropic",
            allowed="an isotropic medium",
            hint="use band_source_potential, which integrates point sources",
        )
    sigma = float(medium.conductivity[0, 0])
    phi = _ring_unit(p, c, n, radius, sigma)
    if plane is not None:
        phi = phi + _ring_unit(p, plane.mirror_point(c), plane.mirror_direction(n), radius, sigma)
    result: FloatArray = phi * current
    return result


def band_source_potential(
    points: npt.ArrayLike,
    centre: npt.ArrayLike,
    axis: npt.ArrayLike,
    radius: float,
    length: float,
    medium: Medium,
    current: float = 1.0,
    plane: InsulatingPlane | None = None,
    n_axial: int = 12,
    n_angle: int = 24,
) -> FloatArray:
    """Potential of a cylindrical band contact with uniform current density.

    The band is integrated numerically: Gauss-Legendre in ``n_axial`` rings along the axis, each
    ring in closed form when the medium is isotropic, else ``n_angle`` point sources per ring.
    The lead body is not modelled (it is transparent here; the finite-element model excludes it).

    Parameters
    ----------
    points
        Evaluation points, shape (n_points, 3) [m].
    centre, axis
        Band centre [m] and lead direction [1], shape (3,).
    radius
        Contact radius [m].
    length
        Contact length along the axis [m].
    medium
        The homogeneous medium.
    current
        Total contact current [A].
    plane
        Optional insulating plane (image method).
    n_axial, n_angle
        Quadrature orders.

    Returns
    -------
    numpy.ndarray
        Potential, shape (n_points,) [V].
    """
    p = _points(points)
    c = _vector("centre", centre)
    n = _unit("axis", axis)
    if not np.isfinite(length) or length <= 0:
        raise ConfigurationError(field="length", value=length, allowed="a positive length [m]")
    if not np.isfinite(radius) or radius <= 0:
        raise ConfigurationError(field="radius", value=radius, allowed="a positive length [m]")
    nodes, weights = np.polynomial.legendre.leggauss(n_axial)
    offsets = 0.5 * length * nodes
    weights = 0.5 * weights
    phi = np.zeros(p.shape[0])
    if medium.is_isotropic:
        for z, w in zip(offsets, weights, strict=True):
            phi += w * ring_source_potential(p, c + z * n, n, radius, medium, 1.0, plane)
    else:
        helper = np.array([1.0, 0.0, 0.0]) if abs(n[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
        e1 = np.cross(n, helper)
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(n, e1)
        angles = 2.0 * np.pi * (np.arange(n_angle) + 0.5) / n_angle
        for z, w in zip(offsets, weights, strict=True):
            for t in angles:
                src = c + z * n + radius * (np.cos(t) * e1 + np.sin(t) * e2)
                phi += (w / n_angle) * point_source_potential(p, src, medium, 1.0, plane)
    result: FloatArray = phi * current
    return result


__all__ = [
    "InsulatingPlane",
    "Medium",
    "band_source_potential",
    "line_source_potential",
    "point_source_potential",
    "ring_source_potential",
]
