"""MRG-type myelinated branches of the Lempka-lab pseudounipolar neurons.

Geometry per fibre diameter (the MRG table of ``ABetaFiber.hoc`` / ``ADeltaFiber_LTMR.hoc``,
the Gaines 2018 fits between rows) and the builder of node, MYSA, FLUT and STIN compartments
along one branch, with the hoc files' electrical values (McIntyre et al. 2002,
doi:10.1152/jn.00353.2001; Graham et al. 2021, doi:10.1111/ner.13300). Used by
:mod:`drgsim.neuron.pseudounipolar`; the node membrane is the Gaines 2018 sensory node standing
in for the unpublished ``sensoryAxnode`` (``docs/assumptions.md`` C1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.channels import gaines_kf, gaines_ks, gaines_naf, gaines_nap
from drgsim.neuron.morphology import CableAssembler
from drgsim.neuron.mrg import MRG_TABLE

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
    # fibre D, axon D, node D, node spacing, FLUT length [um], lamellae: the MRG table, as in
    # ABetaFiber.hoc:36-45 and ADeltaFiber_LTMR.hoc:38 (3.0 um row); paranode 1 D = node D,
    # paranode 2 D = axon D
    row = next((r for r in MRG_TABLE if abs(r[0] - d_um) < 1e-6), None)
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


def annulus_resistance(diameter: float, gap: float) -> float:
    """Periaxonal resistance per length [ohm/m] (hoc ``Rpn*``/``Rpx``, ABetaFiber.hoc:46-49)."""
    return float(RHO_AXIAL / (np.pi * ((diameter / 2 + gap) ** 2 - (diameter / 2) ** 2)))


@dataclass(frozen=True, slots=True)
class Membrane:
    densities: Mapping[str, float]
    g_leak: float
    e_leak: float


def node_membrane(na_scale: float = 1.0, k_scale: float = 1.0) -> Membrane:
    return Membrane(
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


class Branch:
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
        membrane: Membrane,
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
            periaxonal=(annulus_resistance(diameter, SPACE_MYSA), NODE_XG, 0.0),
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
                annulus_resistance(inner, gap),
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


def axon_branch(
    points: Points, region: Region, geo: FiberGeometry, n_nodes: int, first: Sequence[float]
) -> Branch:
    b = Branch(points, region)
    node = node_membrane()
    b.active(NODE_LENGTH, geo.node_diameter, node, Kind.NODE)
    for i in range(n_nodes - 1):
        b.internode(geo, geo.node_spacing * (first[i] if i < len(first) else 1.0))
        b.active(NODE_LENGTH, geo.node_diameter, node, Kind.NODE)
    return b


__all__ = [
    "Branch",
    "FiberGeometry",
    "Membrane",
    "annulus_resistance",
    "axon_branch",
    "central_fiber_diameter",
    "fiber_geometry",
    "node_membrane",
]
