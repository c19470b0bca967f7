"""Rattay & Aberham 1993 C-fibre potassium current (Hodgkin-Huxley n^4 at a -70 mV rest).

Source: Rattay & Aberham, IEEE Trans Biomed Eng 40:1201-1209 (1993), doi:10.1109/10.250575, as
implemented for C fibres by Pelot et al. 2021 (doi:10.1088/1741-2552/abd6c9); kinetics read in
ModelDB 266498 ``MultiCompartmentModels/Mod/RattayAberham.mod``. Reversal -82 mV
(``hoc/cFiberBuilder.hoc:122``).

Published in mV and ms with ``w = v + 70`` (``RattayAberham.mod:102-107``)::

    alpha_n = 0.1 (1 - 0.1 w) / (exp(1 - 0.1 w) - 1),   beta_n = 0.125 exp(-w / 80)
    tau = 1 / (q10 (alpha + beta)),  q10 = 2.24659524757 ** ((celsius - 6.3) / 10)

Current ``i = g n^4 (v - e_k)``, density 0.036 S/cm^2 (line 29).

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 2.24659524757  #: RattayAberham.mod:89
Q10_REFERENCE_C = 6.3  #: [degC] RattayAberham.mod:89
V_REST = -70.0  #: [mV] RattayAberham.mod:103-104 (rates written in v + 70)
E_K = -82.0 * u.mV  #: cFiberBuilder.hoc:122
DENSITY = 0.036 * u.S_per_cm2  #: RattayAberham.mod:29

PARAM_NAMES = ("e_k",)
DEFAULT_PARAMS = (E_K,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``n_inf`` at ``v`` [V] into ``s``."""
    w = v / u.mV - V_REST
    x = 1.0 - 0.1 * w
    a = 0.1 * (1.0 - x / 2.0 if abs(x) < 1e-6 else x / math.expm1(x))
    b = 0.125 * math.exp(-w / 80.0)
    s[0] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``n`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    w = v / u.mV - V_REST
    x = 1.0 - 0.1 * w
    a = 0.1 * (1.0 - x / 2.0 if abs(x) < 1e-6 else x / math.expm1(x))
    b = 0.125 * math.exp(-w / 80.0)
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * q10 * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[0] * (v - p[0]))


FAMILY = ChannelFamily(
    name="rattay_k",
    state_names=("n",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Rattay & Aberham 1993, doi:10.1109/10.250575; ModelDB 266498 RattayAberham.mod",
    tabulated=True,
)
