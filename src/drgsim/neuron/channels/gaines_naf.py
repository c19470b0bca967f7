"""Gaines 2018 sensory-node fast sodium current (m^3 h).

Source: Gaines, Finn, Slopsema, Heyboer & Polasek, J Comput Neurosci 45:29-43 (2018),
doi:10.1007/s10827-018-0689-5; kinetics read in ModelDB 243841 ``node_sensory.mod`` (MRG 2002
form with re-fitted constants). Used as the stand-in for the Lempka-lab ``sensoryAxnode``, whose
file is not public (``reference/neuron-models.md`` section 3.3).

Published in mV and ms (``node_sensory.mod:184-190``, ``vtrap6/7/8`` at ``:234-256``)::

    alpha_m = q10_1 amA (v + amB) / (1 - exp(-(v + amB) / amC))
    beta_m  = q10_1 bmA (-(v + bmB)) / (1 - exp((v + bmB) / bmC))
    alpha_h = q10_2 ahA (-(v + ahB)) / (1 - exp((v + ahB) / ahC))
    beta_h  = q10_2 bhA / (1 + exp(-(v + bhB) / bhC))
    q10_1 = 2.2 ** ((celsius - 20) / 10),  q10_2 = 2.9 ** ((celsius - 20) / 10)

Current ``i = g m^3 h (v - e_na)``; node density 3.0 S/cm^2 (``node_sensory.mod:54``).

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10_M = 2.2  #: node_sensory.mod:163
Q10_H = 2.9  #: node_sensory.mod:164
Q10_REFERENCE_C = 20.0  #: [degC] node_sensory.mod:163-164
AM_A, AM_B, AM_C = 1.77753, 20.1795, 10.3  #: node_sensory.mod:82-84
BM_A, BM_B, BM_C = 0.0823, 25.4746, 9.16  #: node_sensory.mod:85-87
AH_A, AH_B, AH_C = 0.075286, 112.7124, 8.3910  #: node_sensory.mod:88-90
BH_A, BH_B, BH_C = 2.8083, 30.5435, 10.2263  #: node_sensory.mod:91-93
E_NA = 50.0 * u.mV  #: node_sensory.mod:60
DENSITY = 3.0 * u.S_per_cm2  #: node_sensory.mod:54

PARAM_NAMES = ("e_na",)
DEFAULT_PARAMS = (E_NA,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``m_inf``, ``h_inf`` at ``v`` [V] into ``s``."""
    vm = v / u.mV
    x = (vm + AM_B) / AM_C
    a = AM_A * AM_C if abs(x) < 1e-6 else AM_A * (vm + AM_B) / -math.expm1(-x)
    x = (vm + BM_B) / BM_C
    b = BM_A * BM_C if abs(x) < 1e-6 else BM_A * -(vm + BM_B) / -math.expm1(x)
    s[0] = a / (a + b)
    x = (vm + AH_B) / AH_C
    a = AH_A * AH_C if abs(x) < 1e-6 else AH_A * -(vm + AH_B) / -math.expm1(x)
    b = BH_A / (1.0 + math.exp(-(vm + BH_B) / BH_C))
    s[1] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m``, ``h`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    celsius = T - u.ZERO_CELSIUS
    q10_m = Q10_M ** ((celsius - Q10_REFERENCE_C) / 10.0)
    q10_h = Q10_H ** ((celsius - Q10_REFERENCE_C) / 10.0)
    vm = v / u.mV
    x = (vm + AM_B) / AM_C
    a = AM_A * AM_C if abs(x) < 1e-6 else AM_A * (vm + AM_B) / -math.expm1(-x)
    x = (vm + BM_B) / BM_C
    b = BM_A * BM_C if abs(x) < 1e-6 else BM_A * -(vm + BM_B) / -math.expm1(x)
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * q10_m * (a + b))
    x = (vm + AH_B) / AH_C
    a = AH_A * AH_C if abs(x) < 1e-6 else AH_A * -(vm + AH_B) / -math.expm1(x)
    b = BH_A / (1.0 + math.exp(-(vm + BH_B) / BH_C))
    s[1] = a / (a + b) + (s[1] - a / (a + b)) * math.exp(-dt / u.ms * q10_h * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="gaines_naf",
    state_names=("m", "h"),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Gaines et al. 2018, doi:10.1007/s10827-018-0689-5; ModelDB 243841 node_sensory.mod",
    tabulated=True,
)
