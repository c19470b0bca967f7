"""Gaines 2018 sensory-node persistent sodium current (mp^3).

Source: Gaines et al., J Comput Neurosci 45:29-43 (2018), doi:10.1007/s10827-018-0689-5;
kinetics read in ModelDB 243841 ``node_sensory.mod`` (stand-in for the Lempka-lab
``sensoryAxnode``, see ``gaines_naf``).

Published in mV and ms (``node_sensory.mod:178-181``, ``vtrap1/2`` at ``:218-232``)::

    alpha = q10_1 ampA (v + ampB) / (1 - exp(-(v + ampB) / ampC))
    beta  = q10_1 bmpA (-(v + bmpB)) / (1 - exp((v + bmpB) / bmpC))
    q10_1 = 2.2 ** ((celsius - 20) / 10)

Current ``i = g mp^3 (v - e_na)``; node density 0.01 S/cm^2 (``node_sensory.mod:53``).

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 2.2  #: node_sensory.mod:163
Q10_REFERENCE_C = 20.0  #: [degC] node_sensory.mod:163
AMP_A, AMP_B, AMP_C = 0.00957, 26.852, 10.2  #: node_sensory.mod:74-76
BMP_A, BMP_B, BMP_C = 0.0002401, 33.8333, 10.0  #: node_sensory.mod:77-79
E_NA = 50.0 * u.mV  #: node_sensory.mod:60
DENSITY = 0.01 * u.S_per_cm2  #: node_sensory.mod:53

PARAM_NAMES = ("e_na",)
DEFAULT_PARAMS = (E_NA,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``mp_inf`` at ``v`` [V] into ``s``."""
    vm = v / u.mV
    x = (vm + AMP_B) / AMP_C
    a = AMP_A * AMP_C if abs(x) < 1e-6 else AMP_A * (vm + AMP_B) / -math.expm1(-x)
    x = (vm + BMP_B) / BMP_C
    b = BMP_A * BMP_C if abs(x) < 1e-6 else BMP_A * -(vm + BMP_B) / -math.expm1(x)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``mp`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    vm = v / u.mV
    x = (vm + AMP_B) / AMP_C
    a = AMP_A * AMP_C if abs(x) < 1e-6 else AMP_A * (vm + AMP_B) / -math.expm1(-x)
    x = (vm + BMP_B) / BMP_C
    b = BMP_A * BMP_C if abs(x) < 1e-6 else BMP_A * -(vm + BMP_B) / -math.expm1(x)
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * q10 * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="gaines_nap",
    state_names=("mp",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Gaines et al. 2018, doi:10.1007/s10827-018-0689-5; ModelDB 243841 node_sensory.mod",
    tabulated=True,
)
