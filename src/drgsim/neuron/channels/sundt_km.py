"""Sundt 2015 M-current (KCNQ) ``iM`` (Yamada, Koch & Adams 1989).

Source: Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015;
kinetics read in ModelDB 187473 ``mods/im.mod`` (suffix ``iM``). Sundt places it in the
T-junction, stem and soma at 0.4 mS/cm^2 with ``vshift = -5 mV`` (``Figure5d.hoc:12,76-79``).

Published in mV and ms (``im.mod:59-75``), evaluated at ``vm = v + vshift``::

    tau_m = 1000 / (3.3 (exp((vm + 35) / 20) + exp(-(vm + 35) / 20))) / tadj
    m_inf = 1 / (1 + exp(-(vm + 35) / 10))
    tadj  = 3 ** ((celsius - 23.5) / 10)

The update is the exact exponential ``m += (1 - exp(-dt / tau_m)) (m_inf - m)`` (``im.mod:62``).
Current ``i = g m (v - e_k)``.

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 3.0  #: im.mod:67
Q10_REFERENCE_C = 23.5  #: [degC] im.mod:67
V_SHIFT = -5.0 * u.mV  #: Figure5d.hoc:78 ("control conditions")
E_K = -90.0 * u.mV  #: Figure5d.hoc:64
DENSITY = 0.0004 * u.S_per_cm2  #: Figure5d.hoc:12 (KCNQ), T-junction, stem and soma

PARAM_NAMES = ("e_k", "v_shift")
DEFAULT_PARAMS = (E_K, V_SHIFT)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``m_inf`` at ``v`` [V] into ``s``."""
    vm = (v + p[1]) / u.mV
    s[0] = 1.0 / (1.0 + math.exp(-(vm + 35.0) / 10.0))


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential)."""
    tadj = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    vm = (v + p[1]) / u.mV
    tau = 1000.0 / (3.3 * (math.exp((vm + 35.0) / 20.0) + math.exp(-(vm + 35.0) / 20.0))) / tadj
    m_inf = 1.0 / (1.0 + math.exp(-(vm + 35.0) / 10.0))
    s[0] = m_inf + (s[0] - m_inf) * math.exp(-dt / u.ms / tau)


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="sundt_km",
    state_names=("m",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 mods/im.mod (iM)",
    carries=(0.0, 1.0, 0.0),
    reversal="e_k",
    tabulated=True,
)
