"""Gaines 2018 sensory-node fast potassium current (n^4).

Source: Gaines et al., J Comput Neurosci 45:29-43 (2018), doi:10.1007/s10827-018-0689-5;
kinetics read in ModelDB 243841 ``node_sensory.mod`` (``gkf``, after Heyboer 2015; stand-in for
the Lempka-lab ``sensoryAxnode``, see ``gaines_naf``).

Published in mV and ms (``node_sensory.mod:202-206``, ``vtrapNA/NB`` at ``:258-272``)::

    alpha = q10_3 anA (v - anB) / (1 - exp((anB - v) / anC))
    beta  = q10_3 bnA (bnB - v) / (1 - exp((v - bnB) / bnC))
    q10_3 = 3.0 ** ((celsius - 36) / 10)

Current ``i = g n^4 (v - e_k)``; node density 0.02737 S/cm^2 (``node_sensory.mod:57``).

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
AN_A, AN_B, AN_C = 0.0462, -83.2, 1.1  #: node_sensory.mod:104-106
BN_A, BN_B, BN_C = 0.0824, -66.0, 10.5  #: node_sensory.mod:107-109
E_K = -90.0 * u.mV  #: node_sensory.mod:63 (ekf)
DENSITY = 0.02737 * u.S_per_cm2  #: node_sensory.mod:57

PARAM_NAMES = ("e_k",)
DEFAULT_PARAMS = (E_K,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``n_inf`` at ``v`` [V] into ``s``."""
    vm = v / u.mV
    x = (AN_B - vm) / AN_C
    a = AN_A * AN_C if abs(x) < 1e-6 else AN_A * (vm - AN_B) / -math.expm1(x)
    x = (vm - BN_B) / BN_C
    b = BN_A * BN_C if abs(x) < 1e-6 else BN_A * (BN_B - vm) / -math.expm1(x)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``n`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    vm = v / u.mV
    x = (AN_B - vm) / AN_C
    a = AN_A * AN_C if abs(x) < 1e-6 else AN_A * (vm - AN_B) / -math.expm1(x)
    x = (vm - BN_B) / BN_C
    b = BN_A * BN_C if abs(x) < 1e-6 else BN_A * (BN_B - vm) / -math.expm1(x)
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * q10 * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="gaines_kf",
    state_names=("n",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Gaines et al. 2018, doi:10.1007/s10827-018-0689-5; ModelDB 243841 node_sensory.mod",
    tabulated=True,
)
