"""Sundt 2015 Na+/K+ pump ``pump`` (Canavier 1999), with the resting pump current subtracted.

Source: Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015;
read in ModelDB 187473 ``mods/fpump.mod`` (after Canavier, J Neurophysiol 1999). Sundt places it
in the T-junction segments and stem at ``pumpbar = 0.001 mA/cm^2`` (``Figure8c.hoc:32,128-129``).

Published in mA/cm^2 and mM (``fpump.mod:52-68``)::

    i_pump = pumpbar / (1 + (km1 / [Na]i) ** n)
    i_Na = 3 (i_pump - i_pump,0),   i_K = -2 (i_pump - i_pump,0)

``i_pump,0`` is the pump current at the initial ``[Na]i`` (``napumpleak``, ``kpumpleak``, set in
the mod file's INITIAL block), so the pump is silent at rest and answers only to Na+ loading.
Here it is the family's one state, set by ``steady_state`` and constant afterwards. The net
current ``i_pump - i_pump,0`` is what ``current`` returns; ``carries = (3, -2, 0)`` splits it.
"""

from __future__ import annotations

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

KM1 = 6.7 * u.mM  #: fpump.mod:31
HILL = 1.5  #: fpump.mod:37
DENSITY = 0.001 * u.mA / u.cm2  #: Figure8c.hoc:32 (PUMPDENSITY), maximal pump current
NAI = 2  # ion-row index of [Na]i (drgsim.neuron.ions.ION_FIELDS)

PARAM_NAMES = ("km1", "hill")
DEFAULT_PARAMS = (KM1, HILL)


def _activation(nai: float, p: FloatArray) -> float:
    return float(1.0 / (1.0 + (p[0] / nai) ** p[1]))


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray, ion: FloatArray) -> None:
    """Store the resting pump activation at the present ``[Na]i``."""
    s[0] = _activation(ion[NAI], p)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray, ion: FloatArray) -> None:
    """Nothing moves: the resting activation is fixed at initialisation."""


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray, ion: FloatArray) -> float:
    """Net outward pump current density [A/m^2] for maximal pump current ``g`` [A/m^2]."""
    return float(g * (_activation(ion[NAI], p) - s[0]))


FAMILY = ChannelFamily(
    name="sundt_pump",
    state_names=("a_rest",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 mods/fpump.mod "
    "(Canavier 1999)",
    carries=(3.0, -2.0, 0.0),
    reads_ions=True,
)
