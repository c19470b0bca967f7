"""Aβ, Aδ and C neuron populations of a DRG: shares, diameters and seeded soma positions.

Sources (``reference/anatomy.md`` §2-4 and ``reference/neuron-models.md`` §3, §6):

- **Shares.** Human L5 DRG cell-body counts, Kawamura & Dyck, J Neuropathol Exp Neurol
  1978;37:269 [READ]: large 11,429, intermediate 31,675, small 25,389. drgsim maps
  large -> Aβ, intermediate -> Aδ, small -> C. That mapping is an **assumption**
  (``docs/assumptions.md``): soma size tracks fibre type (Kudo 2021 [READ]) but Kawamura & Dyck
  count size classes, not fibre types. The size classes agree with Todorovic &
  Jevtovic-Todorovic 2011 Table 1 (small C 15-31 µm, medium Aδ and D-hair 32-45 µm, large Aα/β
  > 45 µm [READ]): the Aβ somata below (57-96 µm) are all large, the Aδ ones medium, the C ones
  small. Classes are drawn **stratified** (:func:`class_counts`): a sample of n neurons holds
  the shares up to rounding, in random order, instead of n independent draws, so a small sample
  keeps its Aβ neurons (``docs/assumptions.md`` A19).
- **Aβ.** Peripheral fibre diameter continuous 6-20 µm; central = 0.87 D - 0.67 µm; stem = D;
  soma = 2.78088956 D + 40.55727893 µm (ModelDB 2018004 readme, Farooqui 2024, after Lee 1986
  [READ]). Stem = 200 µm initial segment + internodes 201, 168, 130, 85 µm (Graham 2021
  ``ABetaFiber.hoc``, neuron-models.md §3.1 [READ]).
- **Aδ.** Fibre 3.0 µm (Graham ``ADeltaFiber_LTMR.hoc`` line 38 [READ]) for peripheral, stem and
  central axons; stem = internodes 260, 241, 185, 123 µm + 29 µm stem-soma spacing (same file
  [READ]). Soma 32-45 µm (Todorovic & Jevtovic-Todorovic 2011, rat, Table 1 [READ]).
- **C.** Peripheral 0.8 µm, central 0.4 µm, stem 1.4 µm x 75 µm (Sundt 2015 Fig 5d,
  neuron-models.md §6 [READ]); soma 15-31 µm (Todorovic 2011, "classic" + "T-rich" [READ]).
- **Soma placement.** Human L4/L5 (Sperry et al., J Comp Neurol 2020;528:1644 [READ]): somata
  densest in the inner 85 % of DRG length, the outer 25-30 % radially and the dorsal 69-76 %.
  drgsim samples somata uniformly inside that zone (mid values 27.5 % and 72.5 %); uniform density
  within the zone and the reading of "dorsal 69-76 %" as a fraction of the dorsoventral height are
  assumptions.
- **Stems.** Each stem runs straight and radially inward from the soma (an assumption; real stems
  coil), ending at the T-junction, from which the central axon runs towards the dorsal root (-x)
  and the peripheral axon towards the spinal nerve (+x). The stem keeps its published length,
  shortened only where it would cross the DRG's long axis.
- Uniform sampling of diameters within each range is an assumption.

Examples
--------
>>> import numpy as np
>>> from drgsim.anatomy.ganglion import build_ganglion
>>> from drgsim.anatomy.populations import sample_population
>>> pop = sample_population(build_ganglion("L5", "left"), 100, np.random.default_rng(1))
>>> pop.soma_position.shape
(100, 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray, Int8Array, IntArray
from drgsim.anatomy.dermatomes import DEFAULT_SECONDARY_WEIGHT, BodyRegion, regions_served_by
from drgsim.anatomy.ganglion import Ganglion
from drgsim.errors import ConfigurationError


class FiberClass(IntEnum):
    """Neuron class codes stored in ``fiber_class`` arrays (int8)."""

    A_BETA = 0
    A_DELTA = 1
    C = 2


# Kawamura & Dyck 1978, human L5 cell bodies (reference/anatomy.md §2) [READ];
# large/intermediate/small -> Aβ/Aδ/C is an assumption.
KAWAMURA_DYCK_L5_COUNTS: dict[FiberClass, int] = {
    FiberClass.A_BETA: 11_429,
    FiberClass.A_DELTA: 31_675,
    FiberClass.C: 25_389,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacementRule:
    """Where somata sit inside the DRG, as fractions of the ellipsoid (Sperry 2020).

    Attributes
    ----------
    axial_fraction
        Somata lie within this central fraction of the DRG length [1] (Sperry: 0.85).
    shell_fraction
        Somata lie in this outer fraction of the local radius [1] (Sperry: 0.25-0.30).
    dorsal_fraction
        Somata lie in this dorsal fraction of the dorsoventral height [1] (Sperry: 0.69-0.76).
    """

    axial_fraction: float = 0.85
    shell_fraction: float = 0.275
    dorsal_fraction: float = 0.725

    def __post_init__(self) -> None:
        for name in ("axial_fraction", "shell_fraction", "dorsal_fraction"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigurationError(f"anatomy.{name}", value, "0-1 (exclusive of 0)")


def _frozen(a: FloatArray) -> FloatArray:
    out = np.ascontiguousarray(a, dtype=np.float64)
    out.flags.writeable = False
    return out


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Population:
    """Sampled neurons of one DRG, in the ganglion frame. Lengths in [m].

    Attributes
    ----------
    soma_position
        Soma centres, shape (n_cells, 3).
    fiber_class
        :class:`FiberClass` codes, shape (n_cells,), int8.
    soma_diameter
        Shape (n_cells,).
    peripheral_diameter, central_diameter, stem_diameter
        Fibre diameters of the peripheral axon, central axon and stem, each (n_cells,).
    stem_length
        Straight stem length from soma to T-junction, (n_cells,).
    stem_direction
        Unit vectors from soma towards the T-junction, (n_cells, 3).
    t_junction_position
        T-junction positions, (n_cells, 3).
    central_direction, peripheral_direction
        Unit vectors of the central (to the dorsal root) and peripheral (to the spinal nerve)
        axons, (3,), shared by all cells.
    receptive_region
        Index into ``region_names`` of the body region each cell serves, (n_cells,) int64.
    region_names
        The body regions indexed by ``receptive_region``.
    """

    soma_position: FloatArray = field(repr=False)
    fiber_class: Int8Array = field(repr=False)
    soma_diameter: FloatArray = field(repr=False)
    peripheral_diameter: FloatArray = field(repr=False)
    central_diameter: FloatArray = field(repr=False)
    stem_diameter: FloatArray = field(repr=False)
    stem_length: FloatArray = field(repr=False)
    stem_direction: FloatArray = field(repr=False)
    t_junction_position: FloatArray = field(repr=False)
    central_direction: FloatArray = field(repr=False)
    peripheral_direction: FloatArray = field(repr=False)
    receptive_region: IntArray = field(repr=False)
    region_names: tuple[BodyRegion, ...]

    def __post_init__(self) -> None:
        n = self.fiber_class.shape[0]
        for name in (
            "soma_position",
            "soma_diameter",
            "peripheral_diameter",
            "central_diameter",
            "stem_diameter",
            "stem_length",
            "stem_direction",
            "t_junction_position",
            "central_direction",
            "peripheral_direction",
        ):
            arr = _frozen(getattr(self, name))
            if name not in ("central_direction", "peripheral_direction") and arr.shape[0] != n:
                raise ValueError(f"{name} has {arr.shape[0]} rows, expected {n}")
            object.__setattr__(self, name, arr)
        for name in ("fiber_class", "receptive_region"):
            arr = np.ascontiguousarray(getattr(self, name))
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    @property
    def n_cells(self) -> int:
        """Number of sampled neurons."""
        return int(self.fiber_class.shape[0])


def class_shares() -> dict[FiberClass, float]:
    """Return the Aβ/Aδ/C shares [1] from the Kawamura & Dyck human L5 counts."""
    total = sum(KAWAMURA_DYCK_L5_COUNTS.values())
    return {k: v / total for k, v in KAWAMURA_DYCK_L5_COUNTS.items()}


def class_counts(n_cells: int, shares: dict[FiberClass, float]) -> dict[FiberClass, int]:
    """Split ``n_cells`` into per-class counts that keep ``shares`` as closely as integers can.

    Largest-remainder (Hamilton) apportionment: each class gets the floor of its quota
    ``n_cells * share``, and the cells left over go to the largest remainders (ties to the
    earlier class). When ``n_cells`` is at least the number of classes with a positive share,
    each of them gets at least one cell (taken from the class with the most cells), so a small
    sample still holds every class (``docs/assumptions.md`` A19).

    Parameters
    ----------
    n_cells
        Sample size, >= 0.
    shares
        Class shares [1], non-negative, summing to 1.

    Returns
    -------
    dict
        Count per class of :class:`FiberClass`, summing to ``n_cells``.

    Examples
    --------
    >>> counts = class_counts(12, class_shares())
    >>> [counts[k] for k in FiberClass]
    [2, 6, 4]
    """
    classes = list(FiberClass)
    p = np.array([shares.get(k, 0.0) for k in classes], dtype=np.float64)
    quota = n_cells * p
    counts = np.floor(quota).astype(np.int64)
    left = n_cells - int(counts.sum())
    order = sorted(range(len(classes)), key=lambda i: (-(quota[i] - counts[i]), i))
    for i in order[:left]:
        counts[i] += 1
    positive = [int(i) for i in np.flatnonzero(p > 0.0)]
    if n_cells >= len(positive):
        for i in positive:
            if counts[i] == 0:
                counts[int(np.argmax(counts))] -= 1
                counts[i] = 1
    return {k: int(c) for k, c in zip(classes, counts, strict=True)}


def _sample_positions(
    ganglion: Ganglion, radius: FloatArray, rule: PlacementRule, rng: np.random.Generator
) -> FloatArray:
    """Rejection-sample one soma centre per radius, uniformly in the soma zone."""
    n = radius.shape[0]
    out = np.empty((n, 3))
    todo = np.arange(n)
    for _ in range(1000):
        if todo.size == 0:
            return out
        m = todo.size
        direction = rng.standard_normal((m, 3))
        direction /= np.linalg.norm(direction, axis=1, keepdims=True)
        unit = direction * rng.random((m, 1)) ** (1.0 / 3.0)  # uniform in the unit ball
        semi = ganglion.semi_axes[None, :] - radius[todo, None]  # keep the whole soma inside
        ux, uy, uz = unit[:, 0], unit[:, 1], unit[:, 2]
        local_r = np.sqrt(np.maximum(1.0 - ux**2, 1e-300))
        rho = np.sqrt(uy**2 + uz**2) / local_r
        ok = (
            (np.abs(ux) <= rule.axial_fraction)
            & (rho >= 1.0 - rule.shell_fraction)
            & (uz / local_r >= 1.0 - 2.0 * rule.dorsal_fraction)
            & np.all(semi > 0.0, axis=1)
        )
        out[todo[ok]] = unit[ok] * semi[ok]
        todo = todo[~ok]
    raise ConfigurationError(
        "anatomy.placement", rule, "a soma zone that holds somata", hint="widen the fractions"
    )


def sample_population(
    ganglion: Ganglion,
    n_cells: int,
    rng: np.random.Generator,
    *,
    shares: dict[FiberClass, float] | None = None,
    placement: PlacementRule | None = None,
    secondary_root_weight: float = DEFAULT_SECONDARY_WEIGHT,
) -> Population:
    """Sample ``n_cells`` neurons of ``ganglion``: class, diameters, soma, stem and T-junction.

    Parameters
    ----------
    ganglion
        The DRG (semi-axes [m], local frame).
    n_cells
        Number of neurons, 1 to 1,000,000.
    rng
        Random generator; the same seed gives the same population.
    shares
        Class shares [1]; default :func:`class_shares` (Kawamura & Dyck 1978).
    placement
        Soma zone; default :class:`PlacementRule` (Sperry 2020).
    secondary_root_weight
        Overlap weight of non-primary roots when drawing each cell's receptive region.

    Returns
    -------
    Population
        Arrays in [m] in the ganglion frame (see :class:`Population`).
    """
    if isinstance(n_cells, bool) or not isinstance(n_cells, int | np.integer):
        raise ConfigurationError("population.n_cells", n_cells, "an integer 1-1000000")
    if not 1 <= n_cells <= 1_000_000:
        raise ConfigurationError("population.n_cells", n_cells, "1-1000000")
    rule = placement or PlacementRule()
    share = shares or class_shares()
    p = np.array([share.get(k, 0.0) for k in FiberClass], dtype=np.float64)
    if np.any(p < 0.0) or not np.isclose(p.sum(), 1.0):
        raise ConfigurationError("population.shares", share, "non-negative shares summing to 1")

    # stratified: the published shares exactly (up to rounding), in random order (A19)
    counts = class_counts(n_cells, {k: float(v) for k, v in zip(FiberClass, p, strict=True)})
    cls = rng.permutation(np.repeat([int(k) for k in FiberClass], list(counts.values())))
    cls = cls.astype(np.int8)
    is_ab, is_ad, is_c = (cls == k for k in FiberClass)
    r = rng.random(n_cells)

    peripheral = np.empty(n_cells)
    central = np.empty(n_cells)
    stem_d = np.empty(n_cells)
    soma = np.empty(n_cells)
    stem_len = np.empty(n_cells)
    # Aβ (Farooqui 2024 rules, diameters in µm)
    d_ab = 6.0 + 14.0 * r[is_ab]
    peripheral[is_ab] = d_ab * u.um
    central[is_ab] = (0.87 * d_ab - 0.67) * u.um
    stem_d[is_ab] = d_ab * u.um
    soma[is_ab] = (2.78088956 * d_ab + 40.55727893) * u.um
    stem_len[is_ab] = (200.0 + 201.0 + 168.0 + 130.0 + 85.0) * u.um  # Graham ABetaFiber.hoc
    # Aδ (Graham ADeltaFiber_LTMR.hoc; Todorovic 2011 soma)
    peripheral[is_ad] = central[is_ad] = stem_d[is_ad] = 3.0 * u.um
    soma[is_ad] = (32.0 + 13.0 * r[is_ad]) * u.um
    stem_len[is_ad] = (260.0 + 241.0 + 185.0 + 123.0 + 29.0) * u.um
    # C (Sundt 2015 Fig 5d; Todorovic 2011 soma)
    peripheral[is_c] = 0.8 * u.um
    central[is_c] = 0.4 * u.um
    stem_d[is_c] = 1.4 * u.um
    soma[is_c] = (15.0 + 16.0 * r[is_c]) * u.um
    stem_len[is_c] = 75.0 * u.um

    pos = _sample_positions(ganglion, soma / 2.0, rule, rng)
    # Stem: straight and radially inward in the cross-section, never past the long axis.
    radial = pos.copy()
    radial[:, 0] = 0.0
    rho = np.linalg.norm(radial, axis=1)
    inward = -radial / np.maximum(rho, 1e-300)[:, None]
    length = np.minimum(stem_len, rho)
    tj = pos + inward * length[:, None]

    regions_weights = regions_served_by(ganglion.level, secondary_root_weight)
    names = tuple(regions_weights)
    if names:
        w = np.array([regions_weights[k] for k in names])
        receptive = rng.choice(len(names), size=n_cells, p=w / w.sum()).astype(np.int64)
    else:  # pragma: no cover - every modelled level serves a region
        receptive = np.full(n_cells, -1, dtype=np.int64)

    return Population(
        soma_position=pos,
        fiber_class=cls,
        soma_diameter=soma,
        peripheral_diameter=peripheral,
        central_diameter=central,
        stem_diameter=stem_d,
        stem_length=length,
        stem_direction=inward,
        t_junction_position=tj,
        central_direction=-ganglion.spinal_nerve.direction,
        peripheral_direction=ganglion.spinal_nerve.direction,
        receptive_region=receptive,
        region_names=names,
    )


__all__ = [
    "KAWAMURA_DYCK_L5_COUNTS",
    "FiberClass",
    "PlacementRule",
    "Population",
    "class_counts",
    "class_shares",
    "sample_population",
]
