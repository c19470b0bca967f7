"""Cable models for a sampled DRG population, plus off-target axons.

:func:`build_cells` turns an :class:`~drgsim.anatomy.populations.Population` into one
:class:`~drgsim.neuron.cable.CableModel` per neuron, placed in the ganglion frame:

- **Aβ** neurons: :func:`~drgsim.neuron.pseudounipolar.abeta_neuron` with the sampled peripheral
  diameter; **Aδ**: :func:`~drgsim.neuron.pseudounipolar.adelta_neuron`; **C**:
  :func:`~drgsim.neuron.c_fibers.sundt_c_neuron` with the sampled soma diameter and stem length.
- Placement: the T-junction where sampled; the stem points at the sampled soma; the peripheral
  axon runs distally (+x) to the DRG's distal pole, where it enters the spinal nerve (halfway to
  the nerve axis), then straight on; the central axon runs medially (-x) the same way into the
  dorsal root. Converging halfway to the root axis is a schematic choice (no fascicle map of a
  human DRG was located; ``docs/assumptions.md`` P1).

Off-target axons (``docs/assumptions.md`` P2, P3):

- **Motor** axons: straight MRG axons along the ventral root, spread uniformly over a disc of
  :attr:`CellOptions.ventral_root_radius` around the root axis. No diameter distribution of
  human lumbar motor axons was located (``reference/anatomy.md`` §4 "not located"); the range is
  a configurable assumption inside the MRG fits' 2-20 um.
- **Axons of passage**: straight MRG axons along the DRG's long axis through its core (inside
  the soma shell), with Aβ diameters (6-20 um, Farooqui et al. 2024, ``reference/anatomy.md`` §4
  [READ], cut at the MRG model's 16 um); Farooqui et al. modelled such axons
  (``reference/validation.md`` D1).

Examples
--------
>>> import numpy as np
>>> from drgsim.anatomy.ganglion import build_ganglion
>>> from drgsim.anatomy.populations import sample_population
>>> g = build_ganglion("L5", "left")
>>> pop = sample_population(g, 3, np.random.default_rng(0))
>>> cells = build_cells(pop, g, np.random.default_rng(1), CellOptions(n_motor=1, n_passage=1))
>>> cells.n_cells, [str(k) for k in cells.kinds()][-2:]
(5, ['motor', 'passage'])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray, Int8Array, IntArray
from drgsim.anatomy.ganglion import Ganglion
from drgsim.anatomy.populations import FiberClass, Population
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import SUNDT_AXON_LENGTH, sundt_c_neuron
from drgsim.neuron.cable import CableModel
from drgsim.neuron.morphology import Placement
from drgsim.neuron.mrg import build_mrg_axon, mrg_geometry
from drgsim.neuron.pseudounipolar import abeta_neuron, adelta_neuron, fiber_geometry


class CellKind(IntEnum):
    """Kind codes of :attr:`CellSet.kind`: the three sensory classes, then off-target axons."""

    A_BETA = int(FiberClass.A_BETA)
    A_DELTA = int(FiberClass.A_DELTA)
    C = int(FiberClass.C)
    MOTOR = 3
    PASSAGE = 4

    def __str__(self) -> str:
        return _KIND_NAMES[self]


_KIND_NAMES = {
    CellKind.A_BETA: "abeta",
    CellKind.A_DELTA: "adelta",
    CellKind.C: "c",
    CellKind.MOTOR: "motor",
    CellKind.PASSAGE: "passage",
}


class CSegmentation(StrEnum):
    """Compartments per section of the C neurons."""

    PUBLISHED = "published"  #: 100 per section (Sundt Figure5d.hoc)
    COARSE = "coarse"  #: about 100 um axon compartments (numerical choice, assumption P6)


#: Each sensory axon reaches at least this far past its DRG pole, so that no sealed end lies in
#: the DRG's field [m] (numerical choice, assumption P1).
C_AXON_MARGIN = 1.0 * u.mm
#: Axon compartment length of the coarse C segmentation [m]: under a quarter of the 0.8 um
#: axon's length constant (about 450 um with Sundt's Rm 10 kohm cm2 and Ra 100 ohm cm).
COARSE_C_SEGMENT = 100.0 * u.um


@dataclass(frozen=True, slots=True, kw_only=True)
class CellOptions:
    """How many off-target axons to add and how detailed the models are.

    Attributes
    ----------
    n_axon_nodes
        Nodes of each myelinated axon of the Aβ and Aδ neurons (>= 4; the published models
        have 21, ``pseudounipolar.N_AXON_NODES``).
    c_axon_length
        Least length of each C axon beyond its T-junction segment [m] (Sundt: 5 mm); longer
        where needed to leave the DRG by :data:`C_AXON_MARGIN`.
    c_segmentation
        Compartments per C section (:class:`CSegmentation`).
    n_motor, n_passage
        Motor axons in the ventral root and axons of passage through the DRG.
    motor_diameter_range
        Motor fibre diameters, uniform [m] (assumption P2; no source located).
    passage_diameter_range
        Axon-of-passage fibre diameters, uniform [m]; the Aβ 6-20 um of Farooqui et al. 2024
        cut at 16 um, the top of the straight MRG model's interpolation range.
    ventral_root_radius
        Radius of the disc the motor axons are spread over [m] (assumption P3).
    off_target_nodes
        Nodes of each motor and passage axon.
    """

    n_axon_nodes: int = 21
    c_axon_length: float = SUNDT_AXON_LENGTH
    c_segmentation: CSegmentation = CSegmentation.PUBLISHED
    n_motor: int = 0
    n_passage: int = 0
    motor_diameter_range: tuple[float, float] = (9.0 * u.um, 16.0 * u.um)
    passage_diameter_range: tuple[float, float] = (6.0 * u.um, 16.0 * u.um)
    ventral_root_radius: float = 1.0 * u.mm
    off_target_nodes: int = 31

    def __post_init__(self) -> None:
        if not 4 <= self.n_axon_nodes <= 200:
            raise ConfigurationError("population.n_axon_nodes", self.n_axon_nodes, "4-200")
        if not 0.5 * u.mm <= self.c_axon_length <= 50 * u.mm:
            raise ConfigurationError(
                "population.c_axon_length_mm", self.c_axon_length / u.mm, "0.5-50 mm"
            )
        object.__setattr__(self, "c_segmentation", CSegmentation(self.c_segmentation))
        for name in ("n_motor", "n_passage"):
            n = getattr(self, name)
            if not 0 <= n <= 100_000:
                raise ConfigurationError(f"population.{name}", n, "0-100000")
        for name in ("motor_diameter_range", "passage_diameter_range"):
            lo, hi = getattr(self, name)
            if not 2 * u.um <= lo <= hi <= 16 * u.um:
                raise ConfigurationError(
                    f"population.{name}_um",
                    (lo / u.um, hi / u.um),
                    "2 <= low <= high <= 16 um (the MRG interpolation range)",
                )
        if not 0.0 < self.ventral_root_radius <= 5 * u.mm:
            raise ConfigurationError(
                "population.ventral_root_radius_mm", self.ventral_root_radius / u.mm, "0-5 mm"
            )
        if not 3 <= self.off_target_nodes <= 200:
            raise ConfigurationError("population.off_target_nodes", self.off_target_nodes, "3-200")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CellSet:
    """The cable models of one DRG's sampled neurons and off-target axons.

    Attributes
    ----------
    models
        One model per cell: the population's neurons in order, then motor, then passage axons.
    kind
        :class:`CellKind` code per cell, (n_cells,) int8.
    population_index
        Index of each cell in the population, -1 for off-target axons, (n_cells,) int64.
    diameter
        Peripheral (sensory) or fibre (off-target) diameter per cell [m], (n_cells,).
    comp_start
        Offset of each cell's first compartment in the concatenated arrays, (n_cells + 1,).
    """

    models: tuple[CableModel, ...]
    kind: Int8Array
    population_index: IntArray
    diameter: FloatArray
    comp_start: IntArray = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.models)
        for name in ("kind", "population_index", "diameter"):
            arr = np.ascontiguousarray(getattr(self, name))
            if arr.shape != (n,):
                raise ValueError(f"{name} has shape {arr.shape}, expected ({n},)")
            arr = arr.copy()
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        start = np.concatenate([[0], np.cumsum([m.n_comp for m in self.models])]).astype(np.int64)
        start.flags.writeable = False
        object.__setattr__(self, "comp_start", start)

    @property
    def n_cells(self) -> int:
        """Number of cells."""
        return len(self.models)

    @property
    def n_comp(self) -> int:
        """Compartments of all cells."""
        return int(self.comp_start[-1])

    def positions(self) -> FloatArray:
        """Compartment centres of all cells, concatenated, (n_comp, 3) [m]."""
        if not self.models:
            return np.zeros((0, 3))
        return np.ascontiguousarray(np.vstack([m.position for m in self.models]))

    def kinds(self) -> tuple[CellKind, ...]:
        """The kind of every cell."""
        return tuple(CellKind(int(k)) for k in self.kind)

    def subset(self, mask: object) -> CellSet:
        """The cells where ``mask`` (n_cells,) bool is true, in order."""
        sel = np.flatnonzero(np.asarray(mask, dtype=bool))
        return CellSet(
            models=tuple(self.models[i] for i in sel),
            kind=self.kind[sel],
            population_index=self.population_index[sel],
            diameter=self.diameter[sel],
        )


def _placement(ganglion: Ganglion, soma: FloatArray, tj: FloatArray) -> Placement:
    a = float(ganglion.semi_axes[0])
    off = 0.5 * tj[1:]  # halfway to the root axis at the poles (assumption P1)
    far = 50 * u.mm
    peripheral = np.array([[a, off[0], off[1]], [a + far, off[0], off[1]]])
    central = np.array([[-a, off[0], off[1]], [-a - far, off[0], off[1]]])
    return Placement.from_soma(
        soma_position=soma.tolist(),
        t_junction=tj.tolist(),
        peripheral_path=peripheral,
        central_path=central,
    )


def _sensory(pop: Population, i: int, ganglion: Ganglion, options: CellOptions) -> CableModel:
    placement = _placement(ganglion, pop.soma_position[i], pop.t_junction_position[i])
    cls = FiberClass(int(pop.fiber_class[i]))
    # both axons leave the DRG by C_AXON_MARGIN (the first three internodes are shortened, so
    # count them as one node spacing in all)
    a = float(ganglion.semi_axes[0])
    reach = a + abs(float(pop.t_junction_position[i, 0])) + C_AXON_MARGIN
    if cls is FiberClass.C:
        return _c_neuron(pop, i, placement, max(options.c_axon_length, reach), options)
    spacing = fiber_geometry(float(pop.central_diameter[i])).node_spacing
    n = max(options.n_axon_nodes, math.ceil(reach / spacing) + 3)
    if cls is FiberClass.A_BETA:
        return abeta_neuron(
            peripheral_fiber_diameter=float(pop.peripheral_diameter[i]),
            central_fiber_diameter=float(pop.central_diameter[i]),
            stem_fiber_diameter=float(pop.stem_diameter[i]),
            placement=placement,
            n_peripheral_nodes=n,
            n_central_nodes=n,
        )
    return adelta_neuron(
        fiber_diameter=float(pop.peripheral_diameter[i]),
        placement=placement,
        n_peripheral_nodes=n,
        n_central_nodes=n,
    )


def _c_neuron(
    pop: Population, i: int, placement: Placement, length: float, options: CellOptions
) -> CableModel:
    if options.c_segmentation is CSegmentation.PUBLISHED:
        n_seg = 100
    else:
        n_seg = max(10, math.ceil(length / COARSE_C_SEGMENT))
    return sundt_c_neuron(
        placement=placement,
        peripheral_diameter=float(pop.peripheral_diameter[i]),
        central_diameter=float(pop.central_diameter[i]),
        stem_diameter=float(pop.stem_diameter[i]),
        stem_length=max(float(pop.stem_length[i]), 1 * u.um),
        soma_diameter=float(pop.soma_diameter[i]),
        axon_length=length,
        n_seg=n_seg,
    )


def _straight(
    diameter: float, centre: FloatArray, direction: FloatArray, n_nodes: int, name: str
) -> CableModel:
    spacing = mrg_geometry(diameter).node_spacing
    origin = centre - direction * spacing * (n_nodes - 1) / 2
    return build_mrg_axon(
        fiber_diameter=diameter, n_nodes=n_nodes, origin=origin, direction=direction, name=name
    )


def build_cells(
    population: Population,
    ganglion: Ganglion,
    rng: np.random.Generator | None = None,
    options: CellOptions | None = None,
) -> CellSet:
    """Cable models of every sampled neuron of ``population`` plus off-target axons.

    Parameters
    ----------
    population
        The sampled neurons (ganglion frame [m]).
    ganglion
        Their DRG.
    rng
        Generator for the off-target axons' diameters and positions (needed when
        ``options`` asks for any).
    options
        Counts and model detail (:class:`CellOptions`).

    Returns
    -------
    CellSet
        Sensory neurons in population order, then motor axons, then axons of passage.
    """
    options = options or CellOptions()
    models = [_sensory(population, i, ganglion, options) for i in range(population.n_cells)]
    kind = [int(k) for k in population.fiber_class]
    index = list(range(population.n_cells))
    diameter = [float(d) for d in population.peripheral_diameter]
    n_off = options.n_motor + options.n_passage
    if n_off and rng is None:
        raise ConfigurationError("rng", None, "a numpy Generator when off-target axons are asked")
    if n_off and rng is not None:
        b, c = float(ganglion.semi_axes[1]), float(ganglion.semi_axes[2])
        root = ganglion.ventral_root
        for _ in range(options.n_motor):
            d = float(rng.uniform(*options.motor_diameter_range))
            r = options.ventral_root_radius * np.sqrt(rng.random())
            t = 2 * np.pi * rng.random()
            # the disc lies below the root axis so the fibres stay outside the DRG
            centre = root.origin + np.array([0.0, r * np.cos(t), -r * (1 + np.sin(t)) / 2])
            models.append(_straight(d, centre, root.direction, options.off_target_nodes, "motor"))
            kind.append(int(CellKind.MOTOR))
            index.append(-1)
            diameter.append(d)
        core = 0.7  # inside the soma shell (outer 27.5 % of the radius, Sperry 2020)
        for _ in range(options.n_passage):
            d = float(rng.uniform(*options.passage_diameter_range))
            r = core * np.sqrt(rng.random())
            t = 2 * np.pi * rng.random()
            centre = np.array([0.0, b * r * np.cos(t), c * r * np.sin(t)])
            direction = np.array([1.0, 0.0, 0.0])
            models.append(_straight(d, centre, direction, options.off_target_nodes, "passage"))
            kind.append(int(CellKind.PASSAGE))
            index.append(-1)
            diameter.append(d)
    return CellSet(
        models=tuple(models),
        kind=np.asarray(kind, dtype=np.int8),
        population_index=np.asarray(index, dtype=np.int64),
        diameter=np.asarray(diameter, dtype=np.float64),
    )


__all__ = [
    "COARSE_C_SEGMENT",
    "C_AXON_MARGIN",
    "CSegmentation",
    "CellKind",
    "CellOptions",
    "CellSet",
    "build_cells",
]
