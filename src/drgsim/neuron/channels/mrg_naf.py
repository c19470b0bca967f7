"""MRG 2002 fast sodium current of the node of Ranvier: ``g m^3 h (v - e_na)``.

McIntyre, Richardson & Grill 2002, J Neurophysiol 87:995, doi:10.1152/jn.00353.2001;
``AXNODE.mod`` (ModelDB 3810). Rates in ``_mrg_axnode.py``; ``m`` scales by Q10 2.2 from
20 degC, ``h`` by Q10 2.9 from 20 degC (AXNODE.mod ``INITIAL``). Parameter: ``e_na`` [V].

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels._mrg_axnode import (
    E_NA,
    SOURCE,
    h_rates_per_ms,
    m_rates_per_ms,
    q10,
    relax,
)
from drgsim.neuron.channels.base import ChannelFamily


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Steady state of ``m``, ``h`` at ``v`` [V]."""
    v_mV = v / u.mV
    a, b = m_rates_per_ms(v_mV)
    s[0] = a / (a + b)
    a, b = h_rates_per_ms(v_mV)
    s[1] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m``, ``h`` over ``dt`` [s] at ``v`` [V], temperature ``T`` [K]."""
    v_mV = v / u.mV
    dt_ms = dt / u.ms
    a, b = m_rates_per_ms(v_mV)
    s[0] = relax(s[0], a, b, q10(2.2, 20.0, T), dt_ms)
    a, b = h_rates_per_ms(v_mV)
    s[1] = relax(s[1], a, b, q10(2.9, 20.0, T), dt_ms)


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2]; ``p[0]`` is e_na [V]."""
    m = s[0]
    return float(g * m * m * m * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="mrg_naf",
    state_names=("m", "h"),
    param_names=("e_na",),
    default_params=(E_NA,),
    steady_state=steady_state,
    advance=advance,
    current=current,
    source=SOURCE,
    tabulated=True,
)
