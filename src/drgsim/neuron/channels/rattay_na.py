"""Rattay & Aberham 1993 C-fibre sodium current (Hodgkin-Huxley m^3 h at a -70 mV rest).

Source: Rattay & Aberham, IEEE Trans Biomed Eng 40:1201-1209 (1993), doi:10.1109/10.250575, as
implemented for C fibres by Pelot et al. 2021 (J Neural Eng 18:026019,
doi:10.1088/1741-2552/abd6c9); kinetics read in ModelDB 266498
``MultiCompartmentModels/Mod/RattayAberham.mod``. Reversal 45 mV
(``hoc/cFiberBuilder.hoc:121``).

Published in mV and ms with ``w = v + 70`` (``RattayAberham.mod:83-116``)::

    alpha_m = (2.5 - 0.1 w) / (exp(2.5 - 0.1 w) - 1),   beta_m = 4 exp(-w / 18)
    alpha_h = 0.07 exp(-w / 20),                          beta_h = 1 / (exp(3 - 0.1 w) + 1)
    tau = 1 / (q10 (alpha + beta)),  q10 = 2.24659524757 ** ((celsius - 6.3) / 10)

The published file tabulates the rates at 1 mV steps (``TABLE``, line 86); here they are
evaluated exactly. Current ``i = g m^3 h (v - e_na)``, density 0.12 S/cm^2 (line 28).

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 2.24659524757  #: RattayAberham.mod:89 ("k=12" for 37 degC)
Q10_REFERENCE_C = 6.3  #: [degC] RattayAberham.mod:89
V_REST = -70.0  #: [mV] RattayAberham.mod:91-104 (rates written in v + 70)
E_NA = 45.0 * u.mV  #: cFiberBuilder.hoc:121
DENSITY = 0.12 * u.S_per_cm2  #: RattayAberham.mod:28

PARAM_NAMES = ("e_na",)
DEFAULT_PARAMS = (E_NA,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``m_inf``, ``h_inf`` at ``v`` [V] into ``s``."""
    w = v / u.mV - V_REST
    x = 2.5 - 0.1 * w
    a = 1.0 - x / 2.0 if abs(x) < 1e-6 else x / math.expm1(x)
    b = 4.0 * math.exp(-w / 18.0)
    s[0] = a / (a + b)
    a = 0.07 * math.exp(-w / 20.0)
    b = 1.0 / (math.exp(3.0 - 0.1 * w) + 1.0)
    s[1] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m``, ``h`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    w = v / u.mV - V_REST
    x = 2.5 - 0.1 * w
    a = 1.0 - x / 2.0 if abs(x) < 1e-6 else x / math.expm1(x)
    b = 4.0 * math.exp(-w / 18.0)
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * q10 * (a + b))
    a = 0.07 * math.exp(-w / 20.0)
    b = 1.0 / (math.exp(3.0 - 0.1 * w) + 1.0)
    s[1] = a / (a + b) + (s[1] - a / (a + b)) * math.exp(-dt / u.ms * q10 * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="rattay_na",
    state_names=("m", "h"),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Rattay & Aberham 1993, doi:10.1109/10.250575; ModelDB 266498 RattayAberham.mod",
    tabulated=True,
)
