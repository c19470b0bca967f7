"""Sundt 2015 L-type Ca2+ current ``cal`` (Migliore et al. 1995).

Source: Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015;
read in ModelDB 187473 ``mods/cal.mod`` (after Migliore et al. 1995). Sundt places it in the soma
at 0.00025 S/cm^2 (``Figure8c.hoc:25,89-90``); its current drives the SK Ca2+ pool.

Published in mV and ms (``cal.mod:50-87``), no temperature factor::

    alpha = 15.69 (81.5 - v) / (exp((81.5 - v) / 10) - 1),   beta = 0.29 exp(-v / 10.86)
    m_inf = alpha / (alpha + beta),  tau_m = 1 / (alpha + beta)
    i = g m^2 (v - e_ca)

``cal.mod`` keeps its internal Ca2+ at ``ca0 = 7e-5 mM`` and evaluates ``e_ca`` at a fixed
25 degC with ``cao = 2 mM`` (``cal.mod:11,19-20,52``): 131.8 mV, the default here. The mod file
tabulates alpha and beta on a 1.5 mV grid (``TABLE``); drgsim evaluates them exactly.

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily
from drgsim.neuron.ions import nernst

#: cal.mod:52 with cao 2 mM, ca_i 7e-5 mM, TEMP 25 degC (lines 11, 19-20)
E_CA = nernst(2.0 * u.mM, 0.00007 * u.mM, u.celsius(25.0), valence=2)
DENSITY = 0.00025 * u.S_per_cm2  #: Figure8c.hoc:25 (GCAL), soma

PARAM_NAMES = ("e_ca",)
DEFAULT_PARAMS = (E_CA,)


def _rates(v: float) -> tuple[float, float]:
    """alpha, beta [1/ms] at ``v`` [V] (cal.mod:67-75)."""
    x = 81.5 - v / u.mV
    a = 15.69 * (10.0 * (1.0 - x / 20.0) if abs(x / 10.0) < 1e-6 else x / math.expm1(x / 10.0))
    return a, 0.29 * math.exp(-(v / u.mV) / 10.86)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``m_inf`` at ``v`` [V] into ``s``."""
    a, b = _rates(v)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential)."""
    a, b = _rates(v)
    m_inf = a / (a + b)
    s[0] = m_inf + (s[0] - m_inf) * math.exp(-dt / u.ms * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="sundt_cal",
    state_names=("m",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 mods/cal.mod "
    "(Migliore et al. 1995)",
    carries=(0.0, 0.0, 1.0),
    tabulated=True,
)
