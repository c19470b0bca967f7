"""MRG 2002 slow potassium current of the node of Ranvier: ``g s (v - e_k)``.

McIntyre, Richardson & Grill 2002, J Neurophysiol 87:995, doi:10.1152/jn.00353.2001;
``AXNODE.mod`` (ModelDB 3810). Rates in ``_mrg_axnode.py``; ``s`` scales by Q10 3.0 from
36 degC. Parameter: ``e_k`` [V].

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels._mrg_axnode import E_K, SOURCE, q10, relax, s_rates_per_ms
from drgsim.neuron.channels.base import ChannelFamily


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Steady state of ``s`` at ``v`` [V]."""
    a, b = s_rates_per_ms(v / u.mV)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``s`` over ``dt`` [s]."""
    a, b = s_rates_per_ms(v / u.mV)
    s[0] = relax(s[0], a, b, q10(3.0, 36.0, T), dt / u.ms)


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2]; ``p[0]`` is e_k [V]."""
    return float(g * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="mrg_ks",
    state_names=("s",),
    param_names=("e_k",),
    default_params=(E_K,),
    steady_state=steady_state,
    advance=advance,
    current=current,
    source=SOURCE,
    tabulated=True,
)
