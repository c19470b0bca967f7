"""Gaines 2018 sensory-node slow potassium current (s).

Source: Gaines et al., J Comput Neurosci 45:29-43 (2018), doi:10.1007/s10827-018-0689-5;
kinetics read in ModelDB 243841 ``node_sensory.mod`` (stand-in for the Lempka-lab
``sensoryAxnode``, see ``gaines_naf``).

Published in mV and ms (``node_sensory.mod:194-200``), ``v2 = v - vtraub``, ``vtraub = -80``::

    alpha = q10_3 asA / (exp((v2 + asB) / asC) + 1)
    beta  = q10_3 bsA / (exp((v2 + bsB) / bsC) + 1)
    q10_3 = 3.0 ** ((celsius - 36) / 10)

Current ``i = g s (v - e_k)``; node density 0.04106 S/cm^2 (``node_sensory.mod:55``).

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 3.0  #: node_sensory.mod:165
Q10_REFERENCE_C = 36.0  #: [degC] node_sensory.mod:165
V_TRAUB = -80.0  #: [mV] node_sensory.mod:69
AS_A, AS_B, AS_C = 0.3, -27.0, -5.0  #: node_sensory.mod:96-98
BS_A, BS_B, BS_C = 0.03, 10.0, -1.0  #: node_sensory.mod:99-101
E_K = -90.0 * u.mV  #: node_sensory.mod:61
DENSITY = 0.04106 * u.S_per_cm2  #: node_sensory.mod:55

PARAM_NAMES = ("e_k",)
DEFAULT_PARAMS = (E_K,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``s_inf`` at ``v`` [V] into ``s``."""
    v2 = v / u.mV - V_TRAUB
    x = (v2 + AS_B) / AS_C
    a = AS_A / ((0.0 if x < -100.0 else math.exp(min(x, 700.0))) + 1.0)
    x = (v2 + BS_B) / BS_C
    b = BS_A / ((0.0 if x < -100.0 else math.exp(min(x, 700.0))) + 1.0)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``s`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    v2 = v / u.mV - V_TRAUB
    x = (v2 + AS_B) / AS_C
    a = AS_A / ((0.0 if x < -100.0 else math.exp(min(x, 700.0))) + 1.0)
    x = (v2 + BS_B) / BS_C
    b = BS_A / ((0.0 if x < -100.0 else math.exp(min(x, 700.0))) + 1.0)
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * q10 * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="gaines_ks",
    state_names=("s",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Gaines et al. 2018, doi:10.1007/s10827-018-0689-5; ModelDB 243841 node_sensory.mod",
    tabulated=True,
)
