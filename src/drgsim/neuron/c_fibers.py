"""Unmyelinated (C) neurons and axons.

- :func:`sundt_c_neuron`: the C-neuron of Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153
  (2015), doi:10.1152/jn.00226.2015, with the geometry and segmentation of ModelDB 187473
  ``Figure5d/Figure5d.hoc`` (35 degC; peripheral 0.8 um, central 0.4 um, stem 75 x 1.4 um,
  soma 25 um; fast Na ``sundt_na``, Kdr ``sundt_kdr`` everywhere, M current ``sundt_km`` in the
  T-junction segments, stem and soma; leak balanced for zero net current at -60 mV).
- :func:`c_axon`: a straight uniform C axon with either the Sundt kinetics or the Rattay &
  Aberham 1993 kinetics (``rattay_na``, ``rattay_k``) as set up for C fibres by Pelot et al.
  2021 (ModelDB 266498 ``hoc/cFiberBuilder.hoc``). Pelot's passive end compartments
  (``cFiberBuilder.hoc:34-56``) are not reproduced: every compartment is active and the ends
  are sealed.

Compartment ``k`` of a NEURON section with ``nseg`` segments is one compartment here; the
T-junction is a zero-length junction compartment (NEURON's zero-area node at ``tjperi(1)``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Region
from drgsim.neuron.channels import (
    jaffe_gaba,
    rattay_k,
    rattay_na,
    sundt_cal,
    sundt_kdr,
    sundt_km,
    sundt_na,
    sundt_pump,
    sundt_sk,
)
from drgsim.neuron.channels.base import ChannelFamily
from drgsim.neuron.morphology import CableAssembler, Placement, balance_leak
from drgsim.neuron.sundt_config import SETUPS, SundtConfiguration, figure_8c_accumulation

_SUNDT_FAMILIES: dict[str, ChannelFamily] = {
    f.name: f
    for f in (
        sundt_na.FAMILY,
        sundt_kdr.FAMILY,
        sundt_km.FAMILY,
        sundt_pump.FAMILY,
        sundt_sk.FAMILY,
        sundt_cal.FAMILY,
        jaffe_gaba.FAMILY,
    )
}

# Sundt 2015, ModelDB 187473 Figure5d/Figure5d.hoc (line numbers):
SUNDT_TEMPERATURE = u.celsius(35.0)  #: :1
SUNDT_G_NA = 0.04 * u.S_per_cm2  #: :17
SUNDT_SOMA_G_NA = 0.02 * u.S_per_cm2  #: :74 ("50% lower Na channel density")
SUNDT_G_KDR = 0.04 * u.S_per_cm2  #: :18
SUNDT_G_KM = 0.0004 * u.S_per_cm2  #: :12 (T-junction, stem, soma: :45-48, :76-79)
SUNDT_G_LEAK = 1e-4 * u.S_per_cm2  #: :67 (Rm 10 kohm cm2)
SUNDT_RA = 100.0 * u.ohm_cm  #: :70
SUNDT_CM = 1.0 * u.uF_per_cm2  #: NEURON's default cm; Figure5d.hoc does not set it
SUNDT_V_REST = -60.0 * u.mV  #: :68, :88
SUNDT_PERIPHERAL_DIAMETER = 0.8 * u.um  #: :26-27
SUNDT_CENTRAL_DIAMETER = 0.4 * u.um  #: :20, :28-29
SUNDT_AXON_LENGTH = 5000.0 * u.um  #: :26, :29
SUNDT_T_SEGMENT_LENGTH = 100.0 * u.um  #: :27-28 (tjperi, tjcentral)
SUNDT_STEM_LENGTH = 75.0 * u.um  #: :30
SUNDT_STEM_DIAMETER = 1.4 * u.um  #: :30
SUNDT_SOMA_DIAMETER = 25.0 * u.um  #: :31
SUNDT_NSEG = 100  #: :26-30 (one compartment for the soma, :31)


def _check(name: str, value: float, low: float, high: float, unit: float, label: str) -> None:
    if not low <= value <= high:
        raise ConfigurationError(
            name, value / unit, f"{low / unit:g}-{high / unit:g} {label}", "check the unit"
        )


def assemble_c_neuron(
    *,
    placement: Placement,
    n_seg: int,
    membrane: dict[str, Any],
    peripheral_diameter: float,
    central_diameter: float,
    t_segment_length: float,
    axon_length: float,
    stem_length: float,
    stem_diameter: float,
    soma_diameter: float,
    axon: dict[str, float],
    drg: dict[str, float],
    soma: dict[str, float],
) -> CableAssembler:
    """Lay out the compartments of a pseudo-unipolar C-neuron with T-junction segments.

    The topology of Sundt 2015 (``Figure5d.hoc``), which the Jaffe-lab model shares
    (``CfiberPropagation.hoc:35-39``): peripheral axon (distal end first), peripheral T-junction
    segment, the zero-length junction, stem, soma (a cylinder as long as it is wide), central
    T-junction segment, central axon. Each section but the soma has ``n_seg`` compartments; the
    axons start ``t_segment_length`` from the junction. ``membrane`` holds the passive keywords
    of :meth:`CableAssembler.add` (cm, ra, g_leak, e_leak, v_init); ``axon``, ``drg`` (T-junction
    segments and stem) and ``soma`` the channel densities [S/m^2].
    """
    asm = CableAssembler()

    def section(
        parent: int,
        length: float,
        diameter: float,
        arc0: float,
        points: Callable[[FloatArray], FloatArray],
        region: Region,
        densities: dict[str, float],
        reverse: bool = False,
    ) -> int:
        seg = length / n_seg
        arcs: FloatArray = arc0 + (np.arange(n_seg, dtype=np.float64) + 0.5) * seg
        pos = points(arcs[::-1] if reverse else arcs)
        last = parent
        for k in range(n_seg):
            last = asm.add(
                parent=last,
                length=seg,
                diameter=diameter,
                position=pos[k],
                region=region,
                kind=Kind.UNMYELINATED,
                densities=densities,
                **membrane,
            )
        return last

    t_seg = t_segment_length
    per, cen, stem = placement.peripheral_points, placement.central_points, placement.stem_points
    last = section(
        -1, axon_length, peripheral_diameter, t_seg, per, Region.PERIPHERAL_AXON, axon,
        reverse=True,
    )  # fmt: skip
    last = section(last, t_seg, peripheral_diameter, 0.0, per, Region.T_JUNCTION, drg, reverse=True)
    junction = asm.add(
        parent=last,
        length=0.0,
        diameter=peripheral_diameter,
        position=placement.t_junction,
        region=Region.T_JUNCTION,
        kind=Kind.JUNCTION,
        **membrane,
    )
    last = section(junction, stem_length, stem_diameter, 0.0, stem, Region.STEM, drg)
    asm.add(
        parent=last,
        length=soma_diameter,
        diameter=soma_diameter,
        position=stem(np.array([stem_length + soma_diameter / 2]))[0],
        region=Region.SOMA,
        kind=Kind.SOMA,
        densities=soma,
        **membrane,
    )
    last = section(junction, t_seg, central_diameter, 0.0, cen, Region.T_JUNCTION, drg)
    section(last, axon_length, central_diameter, t_seg, cen, Region.CENTRAL_AXON, axon)
    return asm


def sundt_c_neuron(
    *,
    placement: Placement | None = None,
    peripheral_diameter: float = SUNDT_PERIPHERAL_DIAMETER,
    central_diameter: float = SUNDT_CENTRAL_DIAMETER,
    stem_diameter: float = SUNDT_STEM_DIAMETER,
    stem_length: float | None = None,
    soma_diameter: float = SUNDT_SOMA_DIAMETER,
    axon_length: float = SUNDT_AXON_LENGTH,
    g_na: float = SUNDT_G_NA,
    soma_g_na: float = SUNDT_SOMA_G_NA,
    g_kdr: float = SUNDT_G_KDR,
    g_km: float | None = None,
    g_cal: float | None = None,
    g_sk: float | None = None,
    temperature: float = SUNDT_TEMPERATURE,
    n_seg: int = SUNDT_NSEG,
    configuration: SundtConfiguration | str = SundtConfiguration.FIGURE_5D,
    g_gaba: float = 0.0,
) -> CableModel:
    """Build the Sundt 2015 C-neuron (Fig 5d geometry and segmentation, or another set-up).

    Parameters
    ----------
    placement
        Where the neuron lies; default :meth:`Placement.straight` at the origin.
    peripheral_diameter, central_diameter, stem_diameter, soma_diameter
        Diameters [m]; the soma is a cylinder as long as it is wide.
    stem_length, axon_length
        Stem length (default: the configuration's, 75 um or 150 um) and the length of each
        axon beyond its 100 um T-junction segment [m].
    g_na, soma_g_na, g_kdr, g_km
        Maximal conductances [S/m^2]: Na on axons and stem, Na on the soma, Kdr everywhere, M
        current in the T-junction segments, stem and soma (default: the configuration's,
        0.4 mS/cm^2 or none).
    g_cal, g_sk
        Soma L-type Ca2+ and Ca2+-activated K+ (SK) conductances [S/m^2] (default: the
        configuration's, none or ``Figure8c.hoc``'s 0.25 and 1 mS/cm^2). Given to the Figure 5d
        cell they add the slow Ca2+-dependent K+ current of the published 6 Hz following band
        (reference/validation.md V2a; assumption N6 in ``docs/assumptions.md``).
    temperature
        [K]; 35 degC as published.
    n_seg
        Compartments per section (peripheral, T-junction segments, stem, central).
    configuration
        ``"figure_5d"`` (default) or ``"figure_8c"`` (pump, SK, L-type Ca2+, ion accumulation;
        the configuration for seconds-scale filtering under 20 Hz stimulation, D4); see
        :mod:`drgsim.neuron.sundt_config`.
    g_gaba
        Tonic GABA-A conductance in the soma, stem and T-junction segments [S/m^2] (reversal
        -40 mV; the Jaffe-lab DRG model, ``jaffe_gaba``); 0: none.

    Returns
    -------
    CableModel
        Compartments: peripheral axon (distal end first, index 0), peripheral T-junction
        segment, the junction, stem, soma, central T-junction segment, central axon.

    Examples
    --------
    >>> cell = sundt_c_neuron()
    >>> cell.n_comp, round(float(cell.length.sum()) / u.um)
    (502, 10300)
    """
    placement = placement or Placement.straight()
    setup = SETUPS[SundtConfiguration(configuration)]
    stem_length = setup.stem_length if stem_length is None else stem_length
    g_km = setup.g_km if g_km is None else g_km
    g_cal = setup.g_cal if g_cal is None else g_cal
    g_sk = setup.g_sk if g_sk is None else g_sk
    for name, value in (
        ("peripheral_diameter", peripheral_diameter),
        ("central_diameter", central_diameter),
        ("stem_diameter", stem_diameter),
    ):
        _check(name, value, 0.05 * u.um, 20 * u.um, u.um, "um")
    _check("soma_diameter", soma_diameter, 1 * u.um, 200 * u.um, u.um, "um")
    _check("stem_length", stem_length, 1 * u.um, 5000 * u.um, u.um, "um")
    _check("axon_length", axon_length, 100 * u.um, 0.5, u.um, "um")
    for name, g in (
        ("g_na", g_na),
        ("soma_g_na", soma_g_na),
        ("g_kdr", g_kdr),
        ("g_km", g_km),
        ("g_cal", g_cal),
        ("g_sk", g_sk),
        ("g_gaba", g_gaba),
    ):
        _check(name, g, 0.0, 10 * u.S_per_cm2, u.S_per_cm2, "S/cm2")
    if not 1 <= n_seg <= 10_000:
        raise ConfigurationError("n_seg", n_seg, "1-10000")
    membrane: dict[str, Any] = {
        "cm": SUNDT_CM,
        "ra": SUNDT_RA,
        "g_leak": SUNDT_G_LEAK,
        "e_leak": SUNDT_V_REST,
        "v_init": SUNDT_V_REST,
    }
    drg = {
        "sundt_na": g_na,
        "sundt_kdr": g_kdr,
        "sundt_km": g_km,
        "sundt_pump": setup.g_pump,
        "jaffe_gaba": g_gaba,
    }
    soma = {
        "sundt_na": soma_g_na,
        "sundt_kdr": g_kdr,
        "sundt_km": g_km,
        "sundt_cal": g_cal,
        "sundt_sk": g_sk,
        "jaffe_gaba": g_gaba,
    }
    asm = assemble_c_neuron(
        placement=placement,
        n_seg=n_seg,
        membrane=membrane,
        peripheral_diameter=peripheral_diameter,
        central_diameter=central_diameter,
        t_segment_length=SUNDT_T_SEGMENT_LENGTH,
        axon_length=axon_length,
        stem_length=stem_length,
        stem_diameter=stem_diameter,
        soma_diameter=soma_diameter,
        axon={"sundt_na": g_na, "sundt_kdr": g_kdr},
        drg=drg,
        soma=soma,
    )
    e_k = {"e_k": setup.e_k}
    model = asm.build(
        name="sundt2015_c_neuron",
        temperature=temperature,
        params={"sundt_kdr": e_k, "sundt_km": e_k, "sundt_sk": e_k},
        source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 "
        + ("Figure5d.hoc" if not setup.accumulates else "Figure8c.hoc"),
    )
    if setup.accumulates:
        model = dataclasses.replace(model, accumulation=figure_8c_accumulation(model))
    # Figure8c.hoc:106-110 balances Na+ and K+ currents only (not the soma's Ca2+ current);
    # CfiberPropagation.hoc:70-84 balances before inserting GABA-A
    ignore = ("sundt_cal", "jaffe_gaba")
    e_leak = balance_leak(model, _SUNDT_FAMILIES, SUNDT_V_REST, ignore=ignore)
    return _with_e_leak(model, e_leak)


def _with_e_leak(model: CableModel, e_leak: FloatArray) -> CableModel:
    return dataclasses.replace(model, e_leak=e_leak)


class CAxonKinetics(StrEnum):
    """Membrane of a straight C axon."""

    SUNDT = "sundt"  #: Sundt 2015 nahh + borgkdr + leak balanced at -60 mV
    RATTAY = "rattay"  #: Rattay & Aberham 1993 HH-type at -70 mV (Pelot 2021 set)


# Rattay & Aberham as set up by Pelot 2021 (ModelDB 266498):
RATTAY_G_LEAK = 0.0003 * u.S_per_cm2  #: RattayAberham.mod:30
RATTAY_E_LEAK = -59.4 * u.mV  #: RattayAberham.mod:31
RATTAY_V_REST = -70.0 * u.mV  #: cFiberBuilder.hoc:120
RATTAY_RA = 100.0 * u.ohm_cm  #: cFiberBuilder.hoc:118
RATTAY_CM = 1.0 * u.uF_per_cm2  #: cFiberBuilder.hoc:119
PELOT_SEGMENT_LENGTH = 50.0 / 6.0 * u.um  #: cFiberBuilder.hoc:194
PELOT_TEMPERATURE = u.celsius(37.0)  #: cFiberBuilder.hoc:193


def c_axon(
    *,
    diameter: float,
    length: float,
    kinetics: CAxonKinetics | str = CAxonKinetics.RATTAY,
    segment_length: float = PELOT_SEGMENT_LENGTH,
    temperature: float = PELOT_TEMPERATURE,
    centre: tuple[float, float, float] = (0.0, 0.0, 0.0),
    direction: tuple[float, float, float] = (1.0, 0.0, 0.0),
) -> CableModel:
    """Build a straight, uniform unmyelinated axon.

    Parameters
    ----------
    diameter, length
        Axon diameter and length [m].
    kinetics
        ``"rattay"`` (Rattay & Aberham 1993) or ``"sundt"`` (Sundt 2015 axon membrane).
    segment_length
        Compartment length [m]; 50/6 um as in Pelot 2021. The length is rounded down to a
        whole number of compartments, as ``cFiberBuilder.hoc:15-16`` does.
    temperature
        [K]; 37 degC as in Pelot 2021.
    centre, direction
        Midpoint [m] and direction of the axon.

    Examples
    --------
    >>> ax = c_axon(diameter=0.8 * u.um, length=1 * u.mm)
    >>> ax.n_comp
    120
    """
    kinetics = CAxonKinetics(kinetics)
    _check("diameter", diameter, 0.05 * u.um, 20 * u.um, u.um, "um")
    _check("segment_length", segment_length, 0.1 * u.um, 1000 * u.um, u.um, "um")
    _check("length", length, 3 * segment_length, 1.0, u.um, "um")
    n = int(length / segment_length + 1e-9)
    d = np.asarray(direction, dtype=np.float64)
    if not np.linalg.norm(d) > 0:
        raise ConfigurationError("direction", direction, "a non-zero vector")
    d = d / np.linalg.norm(d)
    arcs = (np.arange(n) + 0.5) * segment_length - n * segment_length / 2
    pos = np.asarray(centre, dtype=np.float64) + arcs[:, None] * d
    if kinetics is CAxonKinetics.RATTAY:
        membrane: dict[str, Any] = {
            "cm": RATTAY_CM,
            "ra": RATTAY_RA,
            "g_leak": RATTAY_G_LEAK,
            "e_leak": RATTAY_E_LEAK,
            "v_init": RATTAY_V_REST,
        }
        densities = {"rattay_na": rattay_na.DENSITY, "rattay_k": rattay_k.DENSITY}
    else:
        membrane = {
            "cm": SUNDT_CM,
            "ra": SUNDT_RA,
            "g_leak": SUNDT_G_LEAK,
            "e_leak": SUNDT_V_REST,
            "v_init": SUNDT_V_REST,
        }
        densities = {"sundt_na": SUNDT_G_NA, "sundt_kdr": SUNDT_G_KDR}
    asm = CableAssembler()
    for k in range(n):
        asm.add(
            parent=k - 1,
            length=segment_length,
            diameter=diameter,
            position=pos[k],
            region=Region.AXON,
            kind=Kind.UNMYELINATED,
            densities=densities,
            **membrane,
        )
    source = (
        "Rattay & Aberham 1993, doi:10.1109/10.250575; ModelDB 266498 (Pelot 2021)"
        if kinetics is CAxonKinetics.RATTAY
        else "Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473"
    )
    model = asm.build(name=f"{kinetics.value}_c_axon", temperature=temperature, source=source)
    if kinetics is CAxonKinetics.SUNDT:
        model = _with_e_leak(model, balance_leak(model, _SUNDT_FAMILIES, SUNDT_V_REST))
    return model


__all__ = ["CAxonKinetics", "c_axon", "sundt_c_neuron"]
