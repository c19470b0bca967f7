"""Myelinated pseudounipolar DRG neurons (Aβ and Aδ-LTMR) after the Lempka-lab models.

Graham et al., Neuromodulation 24:655-671 (2021), doi:10.1111/ner.13300; geometry read in
``neuromodulation-um/Cell_models`` ``ABetaFiber.hoc``, ``ADeltaFiber_LTMR.hoc``,
``find_node_coordinates.py`` (``reference/neuron-models.md`` section 3). Each neuron is a soma,
(Aβ only) an initial segment, a myelinated stem of five nodes whose first node ``nodeT[0]`` is
the T-junction, and MRG double-cable peripheral and central axons leaving the T-junction; the
first three internodes after the T-junction are shortened after Amir & Devor 2003 / Ito &
Takahashi 1960. Internodes are passive MRG compartments (McIntyre et al. 2002), built section
for section like the hoc files (``diam`` = fibre diameter; ``cm``, ``g_pas``, ``Ra`` scaled by
the inner-to-fibre diameter ratio).

Stand-ins (the published mechanism files are not public, ``neuron-models.md`` section 3.3):

- Aβ ``sensoryAxnode`` -> the Gaines 2018 sensory node (``gaines_naf``, ``gaines_nap``,
  ``gaines_ks``, ``gaines_kf`` and its leak 0.006005 S/cm2, -90 mV; ModelDB 243841
  ``node_sensory.mod``). The soma and initial-segment scalings of the hoc file are applied to it.
- Aδ ``nav1p6``, ``kdr``, ``ka`` -> the same Gaines sensory node. Its fast Na density 3.0 S/cm2
  equals the published ``nav1p6`` node density (``ADeltaFiber_LTMR.hoc:131``), and the soma gets
  the published soma/node ratio 1.0/3.0 (``:358``). Rest and internode leak reversal are
  -80 mV (the MRG rest) instead of the published -55 mV, which belongs to the missing kinetics.

Central-axon diameter: ``0.87 D_peripheral - 0.67 um`` and stem diameter ``= D_peripheral``
(Farooqui et al. 2024 after Lee et al. 1986; ``reference/anatomy.md`` section 4) unless given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Region
from drgsim.neuron.channels import gaines_kf, gaines_ks, gaines_naf, gaines_nap
from drgsim.neuron.morphology import CableAssembler, Placement

# ABetaFiber.hoc model_globels() (line numbers); the Aδ file repeats them.
TEMPERATURE = u.celsius(37.0)  #: :9
V_REST = -80.0 * u.mV  #: :10 (v_init; internode e_pas)
NODE_LENGTH = 1.0 * u.um  #: :18
MYSA_LENGTH = 3.0 * u.um  #: :17 (paralength1)
SPACE_MYSA = 0.002 * u.um  #: :19 (space_p1, also node, soma, initial segment)
SPACE_FLUT = 0.004 * u.um  #: :20
SPACE_STIN = 0.004 * u.um  #: :21
RHO_AXIAL = 0.7e6 * u.ohm * u.um  #: :27 (rhoa)
MYELIN_CM = 0.1 * u.uF_per_cm2  #: :28 per lamella membrane
MYELIN_GM = 0.001 * u.S_per_cm2  #: :29 per lamella membrane
NODE_CM = 2.0 * u.uF_per_cm2  #: :131
NODE_XG = 1e10 * u.S_per_cm2  #: :133 (periaxonal short circuit)
MYSA_G = 0.001 * u.S_per_cm2  #: :179 (before the d/fiberD scaling)
INTERNODE_G = 0.0001 * u.S_per_cm2  #: :223, :274
# Gaines 2018 node leak (node_sensory.mod:56, :62), part of the sensoryAxnode stand-in
NODE_G_LEAK = 0.006005 * u.S_per_cm2
NODE_E_LEAK = -90.0 * u.mV
# first three internodes after the T-junction, as fractions of the axon's node spacing
# (find_node_coordinates.py:24-29, after Amir & Devor 2003)
CENTRAL_FIRST_INTERNODES = (358 / 1450, 780 / 1450, 1170 / 1450)
PERIPHERAL_FIRST_INTERNODES = (461 / 1567, 670 / 1567, 1119 / 1567)
STEM_LAMELLA_RATIOS = (1.0, 0.66197, 0.48592, 0.07747)  #: ABetaFiber.hoc:199-202
N_AXON_NODES = 21  #: MRGaxon.hoc default node count (reference/neuron-models.md section 1)

# fibre D, axon D, node D, node spacing, FLUT length [um], lamellae; ABetaFiber.hoc:36-45 and
# ADeltaFiber_LTMR.hoc:38 (3.0 um row); paranode 1 D = node D, paranode 2 D = axon D.
_TABLE = (
    (2.0, 1.6, 1.4, 117.0, 10.0, 30.0),
    (3.0, 2.3, 1.6, 309.0, 21.0, 56.0),
    (5.7, 3.4, 1.9, 500.0, 35.0, 80.0),
    (7.3, 4.6, 2.4, 750.0, 38.0, 100.0),
    (8.7, 5.8, 2.8, 1000.0, 40.0, 110.0),
    (10.0, 6.9, 3.3, 1150.0, 46.0, 120.0),
    (11.5, 8.1, 3.7, 1250.0, 50.0, 130.0),
    (12.8, 9.2, 4.2, 1350.0, 54.0, 135.0),
    (14.0, 10.4, 4.7, 1400.0, 56.0, 140.0),
    (15.0, 11.5, 5.0, 1450.0, 58.0, 145.0),
    (16.0, 12.7, 5.5, 1500.0, 60.0, 150.0),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FiberGeometry:
    """MRG geometry of one fibre diameter (SI)."""

    fiber_diameter: float  #: [m]
    axon_diameter: float  #: [m] FLUT and STIN inner diameter
    node_diameter: float  #: [m] node and MYSA inner diameter
    node_spacing: float  #: [m] node centre to node centre
    flut_length: float  #: [m]
    n_lamellae: float


def fiber_geometry(fiber_diameter: float) -> FiberGeometry:
    """MRG geometry for ``fiber_diameter`` [m]: the published table row, else the Gaines fits.

    Between table diameters the linear/logarithmic fits of Gaines et al. 2018
    (``sensory_final.hoc:124-131``, fitted to the MRG table for 5.7-16 um) are used; they are
    applied over 2-20 um here (an extrapolation below 5.7 and above 16 um, listed in
    ``docs/assumptions.md``).

    Examples
    --------
    >>> g = fiber_geometry(10 * u.um)
    >>> round(g.node_spacing / u.um), g.n_lamellae
    (1150, 120.0)
    """
    d_um = fiber_diameter / u.um
    row = next((r for r in _TABLE if abs(r[0] - d_um) < 1e-6), None)
    if row is not None:
        _, axon, node, spacing, flut, nl = row
    elif 2.0 <= d_um <= 20.0:
        axon = 0.889 * d_um - 1.9104  # sensory_final.hoc:125
        node = 0.3449 * d_um - 0.1484  # :126
        spacing = 969.3 * np.log(d_um) - 1144.6  # :129
        flut = 2.5811 * d_um + 19.59  # :130
        nl = 65.897 * np.log(d_um) - 32.666  # :131
    else:
        raise ConfigurationError("fiber_diameter_um", d_um, "2-20 um", "use a myelinated diameter")
    return FiberGeometry(
        fiber_diameter=fiber_diameter,
        axon_diameter=float(axon) * u.um,
        node_diameter=float(node) * u.um,
        node_spacing=float(spacing) * u.um,
        flut_length=float(flut) * u.um,
        n_lamellae=float(nl),
    )


def central_fiber_diameter(peripheral_fiber_diameter: float) -> float:
    """Central (dorsal-root) fibre diameter [m] from the peripheral one (Lee et al. 1986 rule).

    ``D_c = 0.87 D_p - 0.67 um`` (Farooqui et al. 2024, ModelDB 2018004 readme;
    ``reference/anatomy.md`` section 4).

    >>> round(central_fiber_diameter(10 * u.um) / u.um, 2)
    8.03
    """
    return 0.87 * peripheral_fiber_diameter - 0.67 * u.um


def _annulus_resistance(diameter: float, gap: float) -> float:
    """Periaxonal resistance per length [ohm/m] (hoc ``Rpn*``/``Rpx``, ABetaFiber.hoc:46-49)."""
    return float(RHO_AXIAL / (np.pi * ((diameter / 2 + gap) ** 2 - (diameter / 2) ** 2)))


@dataclass(frozen=True, slots=True)
class _Membrane:
    densities: Mapping[str, float]
    g_leak: float
    e_leak: float


def _node_membrane(na_scale: float = 1.0, k_scale: float = 1.0) -> _Membrane:
    return _Membrane(
        densities={
            "gaines_naf": gaines_naf.DENSITY * na_scale,
            "gaines_nap": gaines_nap.DENSITY * na_scale,
            "gaines_ks": gaines_ks.DENSITY * k_scale,
            "gaines_kf": gaines_kf.DENSITY * k_scale,
        },
        g_leak=NODE_G_LEAK,
        e_leak=NODE_E_LEAK,
    )


Points = Callable[[FloatArray], FloatArray]


class _Branch:
    """MRG compartments along one branch, listed from the T-junction outward.

    Compartments are collected first (with their arc length from the T-junction, hence their
    position) and added to the assembler by :meth:`emit`, either outward from a parent or inward
    from a free end (so that end can be the tree's root).
    """

    def __init__(self, points: Points, region: Region) -> None:
        self.points, self.region = points, region
        self.arc = 0.0
        self.items: list[dict[str, Any]] = []

    def _add(self, length: float, diameter: float, **kw: Any) -> None:
        kw.setdefault("region", self.region)
        self.items.append(
            dict(length=length, diameter=diameter, arc=self.arc + length / 2, v_init=V_REST, **kw)
        )
        self.arc += length

    def active(
        self,
        length: float,
        diameter: float,
        membrane: _Membrane,
        kind: Kind,
        region: Region | None = None,
    ) -> None:
        """A node-like compartment: active membrane, periaxonal layer shorted."""
        self._add(
            length,
            diameter,
            kind=kind,
            region=region or self.region,
            cm=NODE_CM,
            ra=RHO_AXIAL,
            g_leak=membrane.g_leak,
            e_leak=membrane.e_leak,
            densities=membrane.densities,
            periaxonal=(_annulus_resistance(diameter, SPACE_MYSA), NODE_XG, 0.0),
        )

    def _passive(
        self,
        length: float,
        geo: FiberGeometry,
        inner: float,
        gap: float,
        g: float,
        n_lamellae: float,
        kind: Kind,
    ) -> None:
        ratio = inner / geo.fiber_diameter
        self._add(
            length,
            geo.fiber_diameter,
            kind=kind,
            cm=NODE_CM * ratio,
            ra=RHO_AXIAL / ratio**2,
            g_leak=g * ratio,
            e_leak=V_REST,
            periaxonal=(
                _annulus_resistance(inner, gap),
                MYELIN_GM / (2 * n_lamellae),
                MYELIN_CM / (2 * n_lamellae),
            ),
        )

    def internode(
        self,
        geo: FiberGeometry,
        spacing: float,
        flut_length: float | None = None,
        lamella_ratio: float = 1.0,
    ) -> None:
        """MYSA, FLUT, six STIN, FLUT, MYSA spanning ``spacing - node length``."""
        flut = geo.flut_length if flut_length is None else flut_length
        stin = (spacing - NODE_LENGTH - 2 * MYSA_LENGTH - 2 * flut) / 6
        if stin <= 0:
            raise ConfigurationError("internode_um", spacing / u.um, "longer than its paranodes")
        nl = geo.n_lamellae * lamella_ratio
        mysa = (MYSA_LENGTH, geo.node_diameter, SPACE_MYSA, MYSA_G, Kind.MYSA)
        fl = (flut, geo.axon_diameter, SPACE_FLUT, INTERNODE_G, Kind.FLUT)
        st = (stin, geo.axon_diameter, SPACE_STIN, INTERNODE_G, Kind.STIN)
        for length, inner, gap, g, kind in (mysa, fl, *[st] * 6, fl, mysa):
            self._passive(length, geo, inner, gap, g, nl, kind)

    def emit(self, asm: CableAssembler, parent: int, *, inward: bool = False) -> int:
        """Add the compartments; ``inward`` starts at the free end as a root (``parent = -1``).

        Returns the index of the last compartment added.
        """
        items = self.items[::-1] if inward else self.items
        positions = self.points(np.array([it["arc"] for it in items]))
        last = -1 if inward else parent
        for item, pos in zip(items, positions, strict=True):
            kw = {k: v for k, v in item.items() if k != "arc"}
            last = asm.add(parent=last, position=pos, **kw)
        return last


def _axon(
    points: Points, region: Region, geo: FiberGeometry, n_nodes: int, first: Sequence[float]
) -> _Branch:
    b = _Branch(points, region)
    node = _node_membrane()
    b.active(NODE_LENGTH, geo.node_diameter, node, Kind.NODE)
    for i in range(n_nodes - 1):
        b.internode(geo, geo.node_spacing * (first[i] if i < len(first) else 1.0))
        b.active(NODE_LENGTH, geo.node_diameter, node, Kind.NODE)
    return b


@dataclass(frozen=True, slots=True, kw_only=True)
class _StemSpec:
    internodes: tuple[float, ...]  #: node-to-node spacings from the T-junction toward the soma
    flut_length: float
    soma_diameter: float
    soma_length: float
    initial_segment: tuple[float, float] | None  #: (length, diameter)
    soma_membrane: _Membrane
    initial_segment_membrane: _Membrane | None


def _pseudounipolar(
    *,
    name: str,
    source: str,
    placement: Placement,
    peripheral: FiberGeometry,
    central: FiberGeometry,
    stem: FiberGeometry,
    spec: _StemSpec,
    n_peripheral_nodes: int,
    n_central_nodes: int,
    temperature: float,
) -> CableModel:
    """Peripheral axon (distal end = root) -> junction -> stem, soma; junction -> central axon.

    In the hoc files ``nodeP[0]``, ``nodeC[0]`` and ``nodeT[0]`` all attach to the zero-area node
    at ``nodeT[0](0)``; here that node is the junction compartment hanging off ``nodeP[0]``,
    which is the same circuit.
    """
    for field_name, n in (
        ("n_peripheral_nodes", n_peripheral_nodes),
        ("n_central_nodes", n_central_nodes),
    ):
        if not 4 <= n <= 1000:
            raise ConfigurationError(field_name, n, "4-1000", "the first three internodes vary")
    asm = CableAssembler()
    first_peripheral = _axon(
        placement.peripheral_points,
        Region.PERIPHERAL_AXON,
        peripheral,
        n_peripheral_nodes,
        PERIPHERAL_FIRST_INTERNODES,
    ).emit(asm, -1, inward=True)
    junction = asm.add(
        parent=first_peripheral,
        length=0.0,
        diameter=stem.node_diameter,
        position=placement.t_junction,
        region=Region.T_JUNCTION,
        kind=Kind.JUNCTION,
        cm=NODE_CM,
        ra=RHO_AXIAL,
        g_leak=0.0,
        e_leak=V_REST,
        v_init=V_REST,
        periaxonal=(_annulus_resistance(stem.node_diameter, SPACE_MYSA), NODE_XG, 0.0),
    )
    b = _Branch(placement.stem_points, Region.STEM)
    node = _node_membrane()
    b.active(NODE_LENGTH, stem.node_diameter, node, Kind.NODE, region=Region.T_JUNCTION)
    for spacing, ratio in zip(spec.internodes, STEM_LAMELLA_RATIOS, strict=True):
        b.internode(stem, spacing, spec.flut_length, ratio)
        b.active(NODE_LENGTH, stem.node_diameter, node, Kind.NODE)
    if spec.initial_segment is not None and spec.initial_segment_membrane is not None:
        length, diameter = spec.initial_segment
        b.active(
            length,
            diameter,
            spec.initial_segment_membrane,
            Kind.NODE,
            region=Region.INITIAL_SEGMENT,
        )
    b.active(
        spec.soma_length,
        spec.soma_diameter,
        spec.soma_membrane,
        Kind.SOMA,
        region=Region.SOMA,
    )
    b.emit(asm, junction)
    _axon(
        placement.central_points,
        Region.CENTRAL_AXON,
        central,
        n_central_nodes,
        CENTRAL_FIRST_INTERNODES,
    ).emit(asm, junction)
    return asm.build(name=name, temperature=temperature, source=source)


def _diameters(
    peripheral: float,
    central: float | None,
    stem: float | None,
) -> tuple[FiberGeometry, FiberGeometry, FiberGeometry]:
    return (
        fiber_geometry(peripheral),
        fiber_geometry(central_fiber_diameter(peripheral) if central is None else central),
        fiber_geometry(peripheral if stem is None else stem),
    )


# ABetaFiber.hoc (line numbers)
ABETA_STEM_INTERNODES = (201 * u.um, 168 * u.um, 130 * u.um, 85 * u.um)  #: :302-306
ABETA_STEM_FLUT_LENGTH = 35.0 * u.um  #: :250
ABETA_SOMA_DIAMETER = 80.0 * u.um  #: :86
ABETA_SOMA_LENGTH = 80.0 * u.um  #: :87
ABETA_INITIAL_SEGMENT = (200.0 * u.um, 5.0 * u.um)  #: :88-89 (length, diameter)
ABETA_SOMA_NA_SCALE = 300 / 2000  #: :337-338 (Rosenbluth & Matsumoto 1985)
ABETA_PAIN_SOMA_NA_SCALE = 550 / 2000  #: :331-332
ABETA_PAIN_SOMA_K_SCALE = 0.8  #: :333-334 (-20 %)
ABETA_INITIAL_SEGMENT_NA_SCALE = 500 / 2000  #: :352-358


def abeta_neuron(
    *,
    peripheral_fiber_diameter: float,
    central_fiber_diameter: float | None = None,
    stem_fiber_diameter: float | None = None,
    placement: Placement | None = None,
    n_peripheral_nodes: int = N_AXON_NODES,
    n_central_nodes: int = N_AXON_NODES,
    pain: bool = False,
    temperature: float = TEMPERATURE,
) -> CableModel:
    """Build the Aβ pseudounipolar neuron of Graham et al. 2021 (``ABetaFiber.hoc``).

    Soma 80 x 80 um and initial segment 200 x 5 um with node membrane at reduced Na density;
    stem of five nodes with internodes 201, 168, 130, 85 um from the T-junction toward the soma
    (Amir & Devor 2003 lengths and myelin ratios); MRG axons. Node membrane: the Gaines 2018
    sensory node, standing in for the unpublished ``sensoryAxnode`` (module docstring).

    Parameters
    ----------
    peripheral_fiber_diameter
        Peripheral fibre diameter [m] (2-20 um).
    central_fiber_diameter, stem_fiber_diameter
        [m]; default: the Lee et al. rule for the central axon and the peripheral diameter for
        the stem (Farooqui et al. 2024).
    placement
        Where the neuron lies; default :meth:`Placement.straight`.
    n_peripheral_nodes, n_central_nodes
        Nodes of each axon, counting its first node at the T-junction.
    pain
        The hoc file's "pain" variant (more soma Na, 20 % less soma K).
    temperature
        [K]; 37 degC as published.

    Examples
    --------
    >>> cell = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    >>> int((cell.kind == Kind.NODE).sum()), int((cell.region == Region.SOMA).sum())
    (48, 1)
    """
    peripheral, central, stem = _diameters(
        peripheral_fiber_diameter, central_fiber_diameter, stem_fiber_diameter
    )
    soma = (
        _node_membrane(ABETA_PAIN_SOMA_NA_SCALE, ABETA_PAIN_SOMA_K_SCALE)
        if pain
        else _node_membrane(ABETA_SOMA_NA_SCALE)
    )
    soma = _Membrane(densities=soma.densities, g_leak=soma.g_leak, e_leak=V_REST)  # :327
    iseg = _node_membrane(ABETA_INITIAL_SEGMENT_NA_SCALE)
    iseg = _Membrane(densities=iseg.densities, g_leak=iseg.g_leak, e_leak=V_REST)  # :349
    spec = _StemSpec(
        internodes=ABETA_STEM_INTERNODES,
        flut_length=ABETA_STEM_FLUT_LENGTH,
        soma_diameter=ABETA_SOMA_DIAMETER,
        soma_length=ABETA_SOMA_LENGTH,
        initial_segment=ABETA_INITIAL_SEGMENT,
        soma_membrane=soma,
        initial_segment_membrane=iseg,
    )
    return _pseudounipolar(
        name="graham2021_abeta",
        source="Graham et al. 2021, doi:10.1111/ner.13300; Cell_models ABetaFiber.hoc; "
        "node membrane: Gaines et al. 2018 stand-in",
        placement=placement or Placement.straight(),
        peripheral=peripheral,
        central=central,
        stem=stem,
        spec=spec,
        n_peripheral_nodes=n_peripheral_nodes,
        n_central_nodes=n_central_nodes,
        temperature=temperature,
    )


# ADeltaFiber_LTMR.hoc (line numbers)
ADELTA_FIBER_DIAMETER = 3.0 * u.um  #: :38 (3.0 um table row)
ADELTA_STEM_INTERNODES = (260 * u.um, 241 * u.um, 185 * u.um, 123 * u.um)  #: :304-307
ADELTA_STEM_FLUT_LENGTH = 21.0 * u.um  #: :303-307
ADELTA_SOMA_DIAMETER = 34.0 * u.um  #: :90 (Yoshida & Matsuda 1979; Harper & Lawson 1985)
ADELTA_SOMA_LENGTH = 29.0 * u.um  #: :91
ADELTA_SOMA_NA_SCALE = 1.0 / 3.0  #: :358 vs :131 (nav1p6 soma 1.0, node 3.0 S/cm2)
ADELTA_PAIN_SOMA_NA_SCALE = 1.67 / 3.0  #: :368
ADELTA_PAIN_SOMA_K_SCALE = 0.8  #: :369-370 (-20 %)


def adelta_neuron(
    *,
    fiber_diameter: float = ADELTA_FIBER_DIAMETER,
    placement: Placement | None = None,
    n_peripheral_nodes: int = N_AXON_NODES,
    n_central_nodes: int = N_AXON_NODES,
    pain: bool = False,
    temperature: float = TEMPERATURE,
) -> CableModel:
    """Build the Aδ-LTMR pseudounipolar neuron of Graham et al. (``ADeltaFiber_LTMR.hoc``).

    Fibre 3.0 um everywhere; soma 34 um wide, 29 um long, attached to the last stem node (no
    initial segment); stem internodes 260, 241, 185, 123 um from the T-junction. Membrane: the
    Gaines 2018 sensory node standing in for ``nav1p6``, ``kdr``, ``ka`` (module docstring).

    Examples
    --------
    >>> cell = adelta_neuron()
    >>> round(float(cell.diameter[cell.region == Region.SOMA][0]) / u.um)
    34
    """
    geo = fiber_geometry(fiber_diameter)
    soma = (
        _node_membrane(ADELTA_PAIN_SOMA_NA_SCALE, ADELTA_PAIN_SOMA_K_SCALE)
        if pain
        else _node_membrane(ADELTA_SOMA_NA_SCALE)
    )
    spec = _StemSpec(
        internodes=ADELTA_STEM_INTERNODES,
        flut_length=ADELTA_STEM_FLUT_LENGTH,
        soma_diameter=ADELTA_SOMA_DIAMETER,
        soma_length=ADELTA_SOMA_LENGTH,
        initial_segment=None,
        soma_membrane=soma,
        initial_segment_membrane=None,
    )
    return _pseudounipolar(
        name="graham2021_adelta_ltmr",
        source="Graham et al. 2021, doi:10.1111/ner.13300; Cell_models ADeltaFiber_LTMR.hoc; "
        "membrane: Gaines et al. 2018 stand-in for nav1p6/kdr/ka",
        placement=placement or Placement.straight(),
        peripheral=geo,
        central=geo,
        stem=geo,
        spec=spec,
        n_peripheral_nodes=n_peripheral_nodes,
        n_central_nodes=n_central_nodes,
        temperature=temperature,
    )


__all__ = [
    "FiberGeometry",
    "abeta_neuron",
    "adelta_neuron",
    "central_fiber_diameter",
    "fiber_geometry",
]
