"""Geometry of one dorsal root ganglion and its roots.

The DRG is a prolate ellipsoid whose long axis is the DRG length and whose two short axes are the
DRG width (the same shape ``reference/anatomy.md`` §1.2 uses for its derived volumes:
V = pi/6 * L * W^2). The cadaver series give no dorsoventral thickness, so the two short
semi-axes are equal: an assumption listed in ``docs/assumptions.md``.

Local frame of a ganglion (all positions in [m], centre of the DRG at the origin):

- ``x``: long axis, pointing distally (laterally), from the dorsal root towards the spinal nerve;
- ``z``: dorsal;
- ``y = z x x``: completes the right-handed frame (caudal for a left DRG, rostral for a right one).

The dorsal root enters at the proximal pole (``-x``); the spinal nerve leaves at the distal pole
(``+x``). The ventral root runs beside the ganglion, ventral to it, and joins the spinal nerve
distal to the DRG; drgsim draws its axis along the ventral surface (``z = -c``), a schematic
placement for which no published offset was located.

Examples
--------
>>> from drgsim.anatomy.ganglion import build_ganglion
>>> g = build_ganglion("L5", "left", series="silav2016")
>>> [round(float(s) * 1e3, 3) for s in g.semi_axes]
[5.415, 2.91, 2.91]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from drgsim._typing import BoolArray, FloatArray
from drgsim.anatomy.levels import (
    DimensionSeries,
    DrgDimensions,
    SpinalLevel,
    UnmeasuredLevelPolicy,
    drg_dimensions,
    parse_choice,
    parse_level,
)
from drgsim.errors import ConfigurationError


class Side(StrEnum):
    """Body side of a DRG, lead or body region."""

    LEFT = "left"
    RIGHT = "right"


def parse_side(value: object, field: str = "side") -> Side:
    """Return ``value`` as a :class:`Side`, or raise naming ``field``."""
    if isinstance(value, str):
        try:
            return Side(value.strip().lower())
        except ValueError:
            pass
    raise ConfigurationError(field, value, "left or right")


def _frozen(values: object, shape: tuple[int, ...]) -> FloatArray:
    arr = np.ascontiguousarray(np.asarray(values, dtype=np.float64))
    if arr.shape != shape:
        raise ValueError(f"expected shape {shape}, got {arr.shape}")
    arr = arr.copy()
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    """A nerve root or the spinal nerve, as a straight axis in the ganglion frame.

    Attributes
    ----------
    name
        ``"dorsal_root"``, ``"ventral_root"`` or ``"spinal_nerve"``.
    origin
        A point on the axis [m], shape (3,).
    direction
        Unit vector pointing away from the ganglion, shape (3,) [1].
    """

    name: str
    origin: FloatArray = field(compare=False)
    direction: FloatArray = field(compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", _frozen(self.origin, (3,)))
        direction = np.asarray(self.direction, dtype=np.float64)
        norm = float(np.linalg.norm(direction))
        if not norm > 0.0:
            raise ValueError("root direction must be non-zero")
        object.__setattr__(self, "direction", _frozen(direction / norm, (3,)))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Ganglion:
    """One DRG as an ellipsoid in its local frame (see the module docstring).

    Attributes
    ----------
    level, side
        Spinal level and body side.
    dimensions
        The size record the semi-axes come from (series, source, measured or borrowed).
    semi_axes
        Semi-axes along x (length / 2), y and z (width / 2) [m], shape (3,).
    dorsal_root, ventral_root, spinal_nerve
        Root axes in the ganglion frame.
    """

    level: SpinalLevel
    side: Side
    dimensions: DrgDimensions
    semi_axes: FloatArray
    dorsal_root: Root
    ventral_root: Root
    spinal_nerve: Root

    def __post_init__(self) -> None:
        semi = _frozen(self.semi_axes, (3,))
        if not np.all(semi > 0.0):
            raise ConfigurationError("semi_axes_mm", (semi * 1e3).tolist(), "> 0 mm")
        object.__setattr__(self, "semi_axes", semi)

    @property
    def volume(self) -> float:
        """Ellipsoid volume 4/3 pi a b c [m^3]."""
        a, b, c = self.semi_axes
        return float(4.0 / 3.0 * np.pi * a * b * c)

    def contains(self, points: FloatArray) -> BoolArray:
        """Return which ``points`` (n, 3) [m] lie inside the ellipsoid, shape (n,)."""
        pts = np.atleast_2d(np.asarray(points, dtype=np.float64))
        return np.asarray(np.sum((pts / self.semi_axes) ** 2, axis=1) <= 1.0, dtype=np.bool_)

    def surface_distance_along(self, direction: FloatArray) -> float:
        """Distance from the centre to the surface along ``direction`` (3,) [m]."""
        d = np.asarray(direction, dtype=np.float64)
        d = d / np.linalg.norm(d)
        return float(1.0 / np.sqrt(np.sum((d / self.semi_axes) ** 2)))


def build_ganglion(
    level: SpinalLevel | str,
    side: Side | str,
    *,
    series: DimensionSeries | str = DimensionSeries.SILAV_2016,
    unmeasured: UnmeasuredLevelPolicy | str = UnmeasuredLevelPolicy.NEAREST,
) -> Ganglion:
    """Build the DRG of ``level`` on ``side`` from the chosen cadaver series.

    Parameters
    ----------
    level
        Spinal level, T10 to S2.
    side
        ``"left"`` or ``"right"``.
    series
        ``"silav2016"`` or ``"rohini2022"`` (``reference/anatomy.md`` §1.1).
    unmeasured
        Policy for levels neither series measured (see :func:`drg_dimensions`).

    Returns
    -------
    Ganglion
        Semi-axes (length/2, width/2, width/2) [m] and the root axes.
    """
    lvl = parse_level(level)
    sd = parse_side(side)
    series = parse_choice(DimensionSeries, series, "anatomy.dimension_series")
    dims = drg_dimensions(lvl, series, unmeasured)
    a, b = dims.length / 2.0, dims.width / 2.0
    c = b  # no dorsoventral thickness published: circular cross-section (assumption)
    ex = np.array([1.0, 0.0, 0.0])
    return Ganglion(
        level=lvl,
        side=sd,
        dimensions=dims,
        semi_axes=np.array([a, b, c]),
        dorsal_root=Root(name="dorsal_root", origin=np.array([-a, 0.0, 0.0]), direction=-ex),
        # Schematic: along the ventral surface, joining the spinal nerve distally.
        ventral_root=Root(name="ventral_root", origin=np.array([0.0, 0.0, -c]), direction=-ex),
        spinal_nerve=Root(name="spinal_nerve", origin=np.array([a, 0.0, 0.0]), direction=ex),
    )


__all__ = ["Ganglion", "Root", "Side", "build_ganglion", "parse_side"]
