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

from dataclasses import dataclass

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Region
from drgsim.neuron.morphology import CableAssembler, Placement
from drgsim.neuron.myelinated import (
    CENTRAL_FIRST_INTERNODES,
    N_AXON_NODES,
    NODE_CM,
    NODE_LENGTH,
    NODE_XG,
    PERIPHERAL_FIRST_INTERNODES,
    RHO_AXIAL,
    SPACE_MYSA,
    STEM_LAMELLA_RATIOS,
    TEMPERATURE,
    V_REST,
    Branch,
    FiberGeometry,
    Membrane,
    annulus_resistance,
    axon_branch,
    central_fiber_diameter,
    fiber_geometry,
    node_membrane,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _StemSpec:
    internodes: tuple[float, ...]  #: node-to-node spacings from the T-junction toward the soma
    flut_length: float
    soma_diameter: float
    soma_length: float
    initial_segment: tuple[float, float] | None  #: (length, diameter)
    soma_membrane: Membrane
    initial_segment_membrane: Membrane | None


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
    first_peripheral = axon_branch(
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
        periaxonal=(annulus_resistance(stem.node_diameter, SPACE_MYSA), NODE_XG, 0.0),
    )
    b = Branch(placement.stem_points, Region.STEM)
    node = node_membrane()
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
    axon_branch(
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
        node_membrane(ABETA_PAIN_SOMA_NA_SCALE, ABETA_PAIN_SOMA_K_SCALE)
        if pain
        else node_membrane(ABETA_SOMA_NA_SCALE)
    )
    soma = Membrane(densities=soma.densities, g_leak=soma.g_leak, e_leak=V_REST)  # :327
    iseg = node_membrane(ABETA_INITIAL_SEGMENT_NA_SCALE)
    iseg = Membrane(densities=iseg.densities, g_leak=iseg.g_leak, e_leak=V_REST)  # :349
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
        node_membrane(ADELTA_PAIN_SOMA_NA_SCALE, ADELTA_PAIN_SOMA_K_SCALE)
        if pain
        else node_membrane(ADELTA_SOMA_NA_SCALE)
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
