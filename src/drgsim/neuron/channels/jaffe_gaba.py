"""Tonic GABA-A conductance ``gaba`` of the DRG filtering model (Jaffe lab).

Source: the C- and A-fibre T-junction model of PMC9847955 (bioRxiv 10.1101/2021.07.14.452325);
read in ``dbjaffe67/DRGsims`` ``mods/gaba.mod`` and ``CfiberPropagation.hoc``: a non-specific
ohmic current ``i = g (v - e_gaba)`` with ``e_gaba = -40 mV`` (depolarising, high [Cl-]i of DRG
neurons), placed in the soma, stem and T-junction segments at 0.5 mS/cm^2 by default
(``CfiberPropagation.hoc:10,48-84``).
"""

from __future__ import annotations

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

E_GABA = -40.0 * u.mV  #: CfiberPropagation.hoc:82; gaba.mod:20
DENSITY = 0.0005 * u.S_per_cm2  #: CfiberPropagation.hoc:10 (GABAG)

PARAM_NAMES = ("e_gaba",)
DEFAULT_PARAMS = (E_GABA,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """No gates."""


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """No gates."""


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for conductance ``g`` [S/m^2]."""
    return float(g * (v - p[0]))


FAMILY = ChannelFamily(
    name="jaffe_gaba",
    state_names=(),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="PMC9847955 (doi:10.1101/2021.07.14.452325); dbjaffe67/DRGsims mods/gaba.mod",
)
