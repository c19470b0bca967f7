"""The MRG myelinated axon as a double cable.

McIntyre, Richardson & Grill 2002 (J Neurophysiol 87:995-1006, doi:10.1152/jn.00353.2001), built
compartment for compartment like the published ``MRGaxon.hoc`` (ModelDB 3810;
``reference/neuron-models.md`` §1): each node period is node, MYSA, FLUT, six STIN, FLUT, MYSA,
one compartment each (NEURON ``nseg = 1``). Internodal sections keep the fibre diameter as their
``diam`` and scale ``cm``, ``g_pas`` and ``Ra`` by the ratio of their inner diameter ``d`` to it,
as the hoc file does; the periaxonal layer carries the hoc's ``xraxial``, ``xg`` and ``xc``.

Geometry per fibre diameter: the published table (5.7-16 um, MRGaxon.hoc ``dependent_var``; the
2.0 and 3.0 um rows are the Graham et al. 2019/2021 additions read in ``Cell_models``), or, between
table diameters, the polynomial fits of the ``MRG_INTERPOLATION`` model of ASCENT/PyFibers
(Musselman et al. 2021, PLoS Comput Biol 17:e1009285, doi:10.1371/journal.pcbi.1009285; read in
``wmglab-duke/pyfibers`` ``models/mrg.py``), valid for 2-16 um.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Mechanism, Region
from drgsim.neuron.channels import _mrg_axnode as mrg_channels

# MRGaxon.hoc model_globels(): constants of every diameter
NODE_LENGTH = 1.0 * u.um  #: [m]
MYSA_LENGTH = 3.0 * u.um  #: [m] paralength1
RHO_AXIAL = 0.7e6 * u.ohm * u.um  #: [ohm m] rhoa
MYELIN_CM = 0.1 * u.uF_per_cm2  #: [F/m^2] per lamella membrane (mycm)
MYELIN_GM = 0.001 * u.S_per_cm2  #: [S/m^2] per lamella membrane (mygm)
SPACE_NODE = 0.002 * u.um  #: [m] periaxonal gap at node and MYSA (space_p1)
SPACE_FLUT = 0.004 * u.um  #: [m] space_p2
SPACE_STIN = 0.004 * u.um  #: [m] space_i
NODE_CM = 2.0 * u.uF_per_cm2  #: [F/m^2]
NODE_XG = 1e10 * u.S_per_cm2  #: [S/m^2] periaxonal short at the node (hoc xg=1e10)
V_REST = -80.0 * u.mV  #: [V] v_init and e_pas
TEMPERATURE = u.celsius(37.0)  #: [K]
MYSA_G = 0.001 * u.S_per_cm2  #: [S/m^2] g_pas of MYSA before the d/fiberD scaling
INTERNODE_G = 0.0001 * u.S_per_cm2  #: [S/m^2] g_pas of FLUT and STIN before scaling


class MrgGeometryMethod(StrEnum):
    """How the geometry of a fibre diameter is found."""

    AUTO = "auto"  #: the table row if the diameter is in it, else the interpolation fits
    TABLE = "table"
    INTERPOLATED = "interpolated"


@dataclass(frozen=True, slots=True, kw_only=True)
class MrgGeometry:
    """Geometry of one MRG fibre (SI)."""

    fiber_diameter: float  #: [m]
    axon_diameter: float  #: [m] FLUT and STIN inner diameter (paraD2 = axonD)
    node_diameter: float  #: [m] node and MYSA diameter (paraD1 = nodeD)
    node_spacing: float  #: [m] deltax
    flut_length: float  #: [m] paralength2
    n_lamellae: float  #: nl
    source: str

    def __post_init__(self) -> None:
        dims = (self.axon_diameter, self.node_diameter, self.flut_length)
        if not all(x > 0 for x in dims) or not self.n_lamellae > 0:
            raise ConfigurationError("fiber_diameter_um", self.fiber_diameter / u.um, "2-16 um")
        if self.stin_length <= 0:
            raise ConfigurationError(
                "node_spacing_um", self.node_spacing / u.um, "long enough for 6 STIN"
            )

    @property
    def stin_length(self) -> float:
        """Length of each of the six STIN compartments [m] (hoc ``interlength``)."""
        rest = self.node_spacing - NODE_LENGTH - 2 * MYSA_LENGTH - 2 * self.flut_length
        return rest / 6.0


# fibre D, axon D, node D, deltax, FLUT length [um], lamellae (MRGaxon.hoc dependent_var;
# 2.0 and 3.0 rows: Graham et al., reference/neuron-models.md §1). The same rows stand in
# ABetaFiber.hoc:36-45 and ADeltaFiber_LTMR.hoc:38 (3.0 um row) of the DRG neuron models.
MRG_TABLE: tuple[tuple[float, float, float, float, float, float], ...] = (
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

#: Fibre diameters of the published table [m].
TABLE_DIAMETERS: tuple[float, ...] = tuple(row[0] * u.um for row in MRG_TABLE)


def _interpolated_um(d: float) -> tuple[float, float, float, float, float]:
    # MRG_INTERPOLATION fits (Musselman et al. 2021, via pyfibers models/mrg.py), d in um
    axon = 0.02361 * d**2 + 0.3673 * d + 0.7122
    node = 0.01093 * d**2 + 0.1008 * d + 1.099
    spacing = -8.215 * d**2 + 272.4 * d - 780.2 if d >= 5.643 else 81.08 * d + 37.84
    flut = -0.1652 * d**2 + 6.354 * d - 0.2862
    lamellae = -0.4749 * d**2 + 16.85 * d - 0.7648
    return axon, node, spacing, flut, lamellae


def mrg_geometry(
    fiber_diameter: float, method: MrgGeometryMethod | str = MrgGeometryMethod.AUTO
) -> MrgGeometry:
    """Geometry of an MRG fibre of ``fiber_diameter`` [m].

    Examples
    --------
    >>> g = mrg_geometry(10 * u.um)
    >>> round(g.node_spacing / u.um), round(g.stin_length / u.um, 3)
    (1150, 175.167)
    """
    method = MrgGeometryMethod(method)
    d_um = fiber_diameter / u.um
    row = next((r for r in MRG_TABLE if abs(r[0] - d_um) < 1e-9), None)
    if method is MrgGeometryMethod.TABLE and row is None:
        allowed = ", ".join(f"{r[0]:g}" for r in MRG_TABLE)
        raise ConfigurationError(
            "fiber_diameter_um", d_um, f"one of {allowed} um", "or use the interpolated geometry"
        )
    if row is not None and method is not MrgGeometryMethod.INTERPOLATED:
        _, axon, node, spacing, flut, nl = row
        source = "MRGaxon.hoc table (McIntyre et al. 2002; 2-3 um rows Graham et al.)"
    else:
        if not 2.0 <= d_um <= 16.0:
            raise ConfigurationError("fiber_diameter_um", d_um, "2-16 um (interpolation range)")
        axon, node, spacing, flut, nl = _interpolated_um(d_um)
        source = "MRG_INTERPOLATION fits, Musselman et al. 2021, doi:10.1371/journal.pcbi.1009285"
    return MrgGeometry(
        fiber_diameter=fiber_diameter,
        axon_diameter=axon * u.um,
        node_diameter=node * u.um,
        node_spacing=spacing * u.um,
        flut_length=flut * u.um,
        n_lamellae=nl,
        source=source,
    )


def _periaxonal_resistance(inner_diameter: float, gap: float) -> float:
    """Periaxonal axial resistance per length [ohm/m] = rhoa / annulus area (hoc Rpn*, Rpx)."""
    annulus = np.pi * ((inner_diameter / 2 + gap) ** 2 - (inner_diameter / 2) ** 2)
    return float(RHO_AXIAL / annulus)


def _line_positions(lengths: FloatArray, origin: FloatArray, direction: FloatArray) -> FloatArray:
    ends = np.cumsum(lengths)
    centres = ends - lengths / 2 - lengths[0] / 2  # first centre at the origin
    pos: FloatArray = origin[None, :] + centres[:, None] * direction[None, :]
    return pos


def _unit(direction: object) -> FloatArray:
    vec = np.asarray(direction, dtype=np.float64)
    norm = float(np.linalg.norm(vec))
    if vec.shape != (3,) or not norm > 0:
        raise ConfigurationError("direction", vec.tolist(), "a non-zero 3-vector")
    out: FloatArray = vec / norm
    return out


def build_mrg_axon(
    *,
    fiber_diameter: float,
    n_nodes: int,
    method: MrgGeometryMethod | str = MrgGeometryMethod.AUTO,
    temperature: float = TEMPERATURE,
    origin: FloatArray | None = None,
    direction: FloatArray | None = None,
    name: str = "mrg",
) -> CableModel:
    """Build a straight MRG axon of ``n_nodes`` nodes as a :class:`CableModel`.

    Parameters
    ----------
    fiber_diameter
        Fibre diameter [m].
    n_nodes
        Number of nodes of Ranvier (>= 2); compartment ``11 * i`` is node ``i``.
    method
        Table row or interpolation (:class:`MrgGeometryMethod`).
    temperature
        [K]; the published model runs at 37 degC.
    origin, direction
        Centre of node 0 [m] and the axon's direction (default: origin, +x).
    name
        Model name.
    """
    if n_nodes < 2:
        raise ConfigurationError("n_nodes", n_nodes, ">= 2")
    geo = mrg_geometry(fiber_diameter, method)
    fd = fiber_diameter
    period = [Kind.NODE, Kind.MYSA, Kind.FLUT, *[Kind.STIN] * 6, Kind.FLUT, Kind.MYSA]
    kinds = np.array([*period * (n_nodes - 1), Kind.NODE], dtype=np.int8)
    n = kinds.size
    inner = {
        Kind.NODE: geo.node_diameter,
        Kind.MYSA: geo.node_diameter,
        Kind.FLUT: geo.axon_diameter,
        Kind.STIN: geo.axon_diameter,
    }
    length_of = {
        Kind.NODE: NODE_LENGTH,
        Kind.MYSA: MYSA_LENGTH,
        Kind.FLUT: geo.flut_length,
        Kind.STIN: geo.stin_length,
    }
    gap = {Kind.NODE: SPACE_NODE, Kind.MYSA: SPACE_NODE, Kind.FLUT: SPACE_FLUT}
    gap[Kind.STIN] = SPACE_STIN
    xg_myelin = MYELIN_GM / (2 * geo.n_lamellae)
    xc_myelin = MYELIN_CM / (2 * geo.n_lamellae)
    length = np.empty(n)
    diameter = np.empty(n)
    cm = np.empty(n)
    ra = np.empty(n)
    g_leak = np.empty(n)
    e_leak = np.full(n, V_REST)
    xraxial = np.empty(n)
    xg = np.full(n, xg_myelin)
    xc = np.full(n, xc_myelin)
    for kind in (Kind.NODE, Kind.MYSA, Kind.FLUT, Kind.STIN):
        sel = kinds == kind
        d = inner[kind]
        length[sel] = length_of[kind]
        xraxial[sel] = _periaxonal_resistance(d, gap[kind])
        if kind is Kind.NODE:
            diameter[sel] = d
            cm[sel] = NODE_CM
            ra[sel] = RHO_AXIAL
            g_leak[sel] = mrg_channels.G_LEAK
            e_leak[sel] = mrg_channels.E_LEAK
            xg[sel] = NODE_XG
            xc[sel] = 0.0
        else:
            ratio = d / fd
            diameter[sel] = fd
            cm[sel] = NODE_CM * ratio  # hoc: cm = 2 * d / fiberD
            ra[sel] = RHO_AXIAL / ratio**2
            g_leak[sel] = (MYSA_G if kind is Kind.MYSA else INTERNODE_G) * ratio
    is_node = (kinds == Kind.NODE).astype(np.float64)
    mechanisms = (
        Mechanism(family="mrg_naf", density=is_node * mrg_channels.G_NAF),
        Mechanism(family="mrg_nap", density=is_node * mrg_channels.G_NAP),
        Mechanism(family="mrg_ks", density=is_node * mrg_channels.G_KS),
    )
    origin_arr = np.zeros(3) if origin is None else np.asarray(origin, dtype=np.float64)
    dir_arr = _unit([1.0, 0.0, 0.0] if direction is None else direction)
    return CableModel(
        name=name,
        parent=np.arange(n) - 1,
        length=length,
        diameter=diameter,
        position=_line_positions(length, origin_arr, dir_arr),
        region=np.full(n, Region.AXON, dtype=np.int8),
        kind=kinds,
        cm=cm,
        ra=ra,
        g_leak=g_leak,
        e_leak=e_leak,
        v_init=np.full(n, V_REST),
        temperature=temperature,
        mechanisms=mechanisms,
        periaxonal_xraxial=xraxial,
        periaxonal_xg=xg,
        periaxonal_xc=xc,
        source=f"McIntyre, Richardson & Grill 2002, doi:10.1152/jn.00353.2001; {geo.source}",
    )


def node_indices(model: CableModel) -> np.ndarray:
    """Indices of the nodes of Ranvier of a model, in order."""
    return np.flatnonzero(model.kind == Kind.NODE)


__all__ = [
    "TABLE_DIAMETERS",
    "MrgGeometry",
    "MrgGeometryMethod",
    "build_mrg_axon",
    "mrg_geometry",
    "node_indices",
]
