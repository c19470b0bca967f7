"""Where a pseudounipolar neuron lies, and how its compartments are assembled.

A DRG neuron has a soma, a stem axon from the soma to the T-junction, and two axons leaving the
T-junction: the peripheral axon (toward the limb) and the central axon (toward the spinal cord,
through the dorsal root). :class:`Placement` fixes these in space: the T-junction point, the
stem direction (T-junction toward soma) and a polyline for each axon, starting at the
T-junction. Compartment centres are placed at their arc length along their branch; a polyline
shorter than its axon is continued straight along its last segment.

The model builders (:mod:`drgsim.neuron.c_fibers`, :mod:`drgsim.neuron.pseudounipolar`) assemble
compartments with :class:`CableAssembler` into a :class:`~drgsim.neuron.cable.CableModel`, and
:func:`balance_leak` sets leak reversals for zero net current at rest where a published model
does so (Sundt 2015, ``Figure5d.hoc:87-94``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError, GeometryError
from drgsim.neuron.cable import CableModel, Kind, Mechanism, Region
from drgsim.neuron.channels.base import ChannelFamily


def _vector(name: str, value: object) -> FloatArray:
    arr = np.ascontiguousarray(value, dtype=np.float64).copy()
    if arr.shape != (3,) or not np.all(np.isfinite(arr)):
        raise ConfigurationError(name, value, "three finite coordinates [m]")
    arr.setflags(write=False)
    return arr


def _direction(name: str, value: object) -> FloatArray:
    arr = np.array(_vector(name, value))
    norm = float(np.linalg.norm(arr))
    if norm == 0.0:
        raise ConfigurationError(name, value, "a non-zero direction vector")
    arr = arr / norm
    arr.setflags(write=False)
    return arr


def _path(name: str, value: object) -> FloatArray:
    arr = np.ascontiguousarray(value, dtype=np.float64).copy()
    if arr.ndim != 2 or arr.shape[1] != 3 or arr.shape[0] < 1 or not np.all(np.isfinite(arr)):
        raise ConfigurationError(
            name, f"shape {arr.shape}", "(k, 3) finite points [m], k >= 1, after the T-junction"
        )
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Placement:
    """Position of a pseudounipolar neuron in space [m].

    Parameters
    ----------
    t_junction
        The T-junction point, shape ``(3,)`` [m].
    stem_direction
        Direction from the T-junction toward the soma, shape ``(3,)`` (normalised here).
    peripheral_path, central_path
        Points the peripheral and central axons pass through after the T-junction, shape
        ``(k, 3)`` [m]; the axon continues straight past the last point.

    Examples
    --------
    >>> p = Placement.straight()
    >>> [float(x) for x in p.stem_direction]
    [0.0, 1.0, 0.0]
    """

    t_junction: FloatArray
    stem_direction: FloatArray
    peripheral_path: FloatArray
    central_path: FloatArray

    def __post_init__(self) -> None:
        object.__setattr__(self, "t_junction", _vector("t_junction", self.t_junction))
        object.__setattr__(
            self, "stem_direction", _direction("stem_direction", self.stem_direction)
        )
        for name in ("peripheral_path", "central_path"):
            path = _path(name, getattr(self, name))
            first = path[0] - self.t_junction
            if float(np.linalg.norm(first)) == 0.0:
                raise GeometryError(
                    name, path[0].tolist(), "starts at the T-junction; give points beyond it"
                )
            object.__setattr__(self, name, path)

    @classmethod
    def straight(
        cls,
        *,
        t_junction: Sequence[float] = (0.0, 0.0, 0.0),
        stem_direction: Sequence[float] = (0.0, 1.0, 0.0),
        peripheral_direction: Sequence[float] = (-1.0, 0.0, 0.0),
        central_direction: Sequence[float] = (1.0, 0.0, 0.0),
    ) -> Placement:
        """A neuron with straight axons leaving the T-junction in the given directions."""
        tj = _vector("t_junction", t_junction)
        return cls(
            t_junction=tj,
            stem_direction=np.asarray(stem_direction, dtype=np.float64),
            peripheral_path=(tj + _direction("peripheral_direction", peripheral_direction))[None],
            central_path=(tj + _direction("central_direction", central_direction))[None],
        )

    @classmethod
    def from_soma(
        cls,
        *,
        soma_position: Sequence[float],
        t_junction: Sequence[float],
        peripheral_path: object,
        central_path: object,
    ) -> Placement:
        """A neuron whose stem points from the T-junction toward a given soma position.

        The soma centre lies on that line at the model's own stem length, which is fixed by the
        published geometry, not by the distance between the two points.
        """
        soma = _vector("soma_position", soma_position)
        tj = _vector("t_junction", t_junction)
        return cls(
            t_junction=tj,
            stem_direction=soma - tj,
            peripheral_path=np.asarray(peripheral_path, dtype=np.float64),
            central_path=np.asarray(central_path, dtype=np.float64),
        )

    def stem_points(self, arc: FloatArray) -> FloatArray:
        """Points at arc lengths ``arc`` [m] from the T-junction along the stem, ``(n, 3)``."""
        a = np.asarray(arc, dtype=np.float64)
        points: FloatArray = self.t_junction + a[:, None] * self.stem_direction
        return points

    def peripheral_points(self, arc: FloatArray) -> FloatArray:
        """Points along the peripheral axon at arc lengths ``arc`` [m], ``(n, 3)``."""
        return along_polyline(np.vstack([self.t_junction, self.peripheral_path]), arc)

    def central_points(self, arc: FloatArray) -> FloatArray:
        """Points along the central axon at arc lengths ``arc`` [m], ``(n, 3)``."""
        return along_polyline(np.vstack([self.t_junction, self.central_path]), arc)


def along_polyline(vertices: FloatArray, arc: FloatArray) -> FloatArray:
    """Points at arc lengths along a polyline, continued straight past its last vertex.

    Parameters
    ----------
    vertices
        Polyline vertices, shape ``(k, 3)`` [m], ``k >= 2``; zero-length pieces are dropped.
    arc
        Arc lengths from the first vertex [m], shape ``(n,)``, non-negative.

    Returns
    -------
    numpy.ndarray
        Points, shape ``(n, 3)`` [m].

    Examples
    --------
    >>> pts = along_polyline(np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0]], float), np.array([1.5, 3]))
    >>> pts.tolist()
    [[1.0, 0.5, 0.0], [1.0, 2.0, 0.0]]
    """
    v = np.asarray(vertices, dtype=np.float64)
    a = np.asarray(arc, dtype=np.float64)
    steps = np.diff(v, axis=0)
    lengths = np.linalg.norm(steps, axis=1)
    keep = lengths > 0
    steps, lengths = steps[keep], lengths[keep]
    if lengths.size == 0:
        raise GeometryError("polyline", v.tolist(), "has no length; give distinct points")
    starts = np.concatenate([[0.0], np.cumsum(lengths)[:-1]])
    piece = np.clip(np.searchsorted(starts, a, side="right") - 1, 0, lengths.size - 1)
    origin = v[:1] + np.vstack([np.zeros((1, 3)), np.cumsum(steps, axis=0)])[:-1]
    unit = steps / lengths[:, None]
    points: FloatArray = origin[piece] + (a - starts[piece])[:, None] * unit[piece]
    return np.ascontiguousarray(points)


@dataclass(slots=True)
class CableAssembler:
    """Collects compartments in Hines order and produces a :class:`CableModel`.

    Each :meth:`add` appends one compartment whose parent was added before it; densities are
    given per channel family by registry name. Double-cable models give ``periaxonal`` for every
    compartment, single cables for none.
    """

    columns: dict[str, list[float]] = field(default_factory=dict)
    positions: list[FloatArray] = field(default_factory=list)
    densities: dict[str, dict[int, float]] = field(default_factory=dict)
    periaxonal: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def n_comp(self) -> int:
        """Compartments added so far."""
        return len(self.positions)

    def add(
        self,
        *,
        parent: int,
        length: float,
        diameter: float,
        position: FloatArray,
        region: Region,
        kind: Kind,
        cm: float,
        ra: float,
        g_leak: float,
        e_leak: float,
        v_init: float,
        densities: Mapping[str, float] | None = None,
        periaxonal: tuple[float, float, float] | None = None,
    ) -> int:
        """Append a compartment (SI values, see :class:`CableModel`) and return its index."""
        index = self.n_comp
        if not -1 <= parent < index:
            raise ConfigurationError("parent", parent, f"-1..{index - 1}")
        values = {
            "parent": float(parent),
            "length": length,
            "diameter": diameter,
            "region": float(region),
            "kind": float(kind),
            "cm": cm,
            "ra": ra,
            "g_leak": g_leak,
            "e_leak": e_leak,
            "v_init": v_init,
        }
        for key, value in values.items():
            self.columns.setdefault(key, []).append(value)
        self.positions.append(np.asarray(position, dtype=np.float64))
        for family, density in (densities or {}).items():
            if density:
                self.densities.setdefault(family, {})[index] = density
        if periaxonal is not None:
            self.periaxonal.append(periaxonal)
        return index

    def build(
        self,
        *,
        name: str,
        temperature: float,
        params: Mapping[str, Mapping[str, float]] | None = None,
        source: str = "",
    ) -> CableModel:
        """Freeze the collected compartments into a :class:`CableModel`."""
        n = self.n_comp
        if self.periaxonal and len(self.periaxonal) != n:
            raise ConfigurationError("periaxonal", "given for some compartments", "all or none")
        mechanisms = []
        for family, entries in self.densities.items():
            density = np.zeros(n)
            density[list(entries)] = list(entries.values())
            mechanisms.append(
                Mechanism(family=family, density=density, params=(params or {}).get(family, {}))
            )
        col = {k: np.asarray(v) for k, v in self.columns.items()}
        layers = np.asarray(self.periaxonal).T if self.periaxonal else (None, None, None)
        return CableModel(
            name=name,
            parent=col["parent"].astype(np.int64),
            length=col["length"],
            diameter=col["diameter"],
            position=np.vstack(self.positions),
            region=col["region"].astype(np.int8),
            kind=col["kind"].astype(np.int8),
            cm=col["cm"],
            ra=col["ra"],
            g_leak=col["g_leak"],
            e_leak=col["e_leak"],
            v_init=col["v_init"],
            temperature=temperature,
            mechanisms=tuple(mechanisms),
            periaxonal_xraxial=layers[0],
            periaxonal_xg=layers[1],
            periaxonal_xc=layers[2],
            source=source,
        )


def balance_leak(
    model: CableModel,
    families: Mapping[str, ChannelFamily],
    v_rest: float,
    *,
    ignore: Sequence[str] = (),
) -> FloatArray:
    """Leak reversals [V] that make each compartment's net current zero at ``v_rest`` [V].

    Every gate sits at its steady state at ``v_rest``; then ``e_leak = v_rest + i_ion / g_leak``,
    as in Sundt 2015 (``Figure5d.hoc:87-94``). Compartments without leak keep their value. Where
    the model's ions accumulate, families read the compartment's initial Nernst potentials, as
    the solver will. Families named in ``ignore`` are left out of the balance (Sundt's
    ``Figure8c.hoc:106-110`` balances Na+ and K+ currents only, not the soma's Ca2+ current).
    """
    from drgsim.neuron.cable import DEFAULT_CONCENTRATIONS
    from drgsim.neuron.ions import ion_rows

    acc = model.accumulation
    if acc is None:
        rows = ion_rows(np.tile(DEFAULT_CONCENTRATIONS, (model.n_comp, 1)), model.temperature)
        active = np.zeros(model.n_comp, dtype=bool)
    else:
        rows = ion_rows(acc.concentrations, model.temperature)
        active = np.asarray(acc.is_active)
    i_ion = np.zeros(model.n_comp)
    for mech in model.mechanisms:
        if mech.family in ignore:
            continue
        fam = families[mech.family]
        p = dict(zip(fam.param_names, fam.default_params, strict=True))
        p.update(mech.params)
        pv = np.array([p[k] for k in fam.param_names], dtype=np.float64)
        rev = fam.param_names.index(fam.reversal) if fam.reversal else -1
        for i in np.flatnonzero(mech.density > 0):
            pi = pv.copy()
            if rev >= 0 and active[i]:
                pi[rev] = rows[i, fam.reversal_ion]
            s = np.zeros(fam.n_states)
            extra = (rows[i],) if fam.reads_ions else ()
            fam.steady_state(v_rest, model.temperature, pi, s, *extra)
            g = float(mech.density[i])
            i_ion[i] += fam.current(v_rest, model.temperature, s, g, pi, *extra)
    e_leak = np.array(model.e_leak)
    has_leak = model.g_leak > 0
    e_leak[has_leak] = v_rest + i_ion[has_leak] / model.g_leak[has_leak]
    return e_leak


__all__ = ["CableAssembler", "Placement", "along_polyline", "balance_leak"]
