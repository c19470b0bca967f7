"""MRG 2002 persistent sodium current of the node of Ranvier: ``g mp^3 (v - e_na)``.

McIntyre, Richardson & Grill 2002, J Neurophysiol 87:995, doi:10.1152/jn.00353.2001;
``AXNODE.mod`` (ModelDB 3810). Rates in ``_mrg_axnode.py``; ``mp`` scales by Q10 2.2 from
20 degC. Parameter: ``e_na`` [V].

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels._mrg_axnode import E_NA, SOURCE, mp_rates_per_ms, q10, relax
from drgsim.neuron.channels.base import ChannelFamily


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Steady state of ``mp`` at ``v`` [V]."""
    a, b = mp_rates_per_ms(v / u.mV)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``mp`` over ``dt`` [s]."""
    a, b = mp_rates_per_ms(v / u.mV)
    s[0] = relax(s[0], a, b, q10(2.2, 20.0, T), dt / u.ms)


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2]; ``p[0]`` is e_na [V]."""
    mp = s[0]
    return float(g * mp * mp * mp * (v - p[0]))


FAMILY = ChannelFamily(
    name="mrg_nap",
    state_names=("mp",),
    param_names=("e_na",),
    default_params=(E_NA,),
    steady_state=steady_state,
    advance=advance,
    current=current,
    source=SOURCE,
    tabulated=True,
)
