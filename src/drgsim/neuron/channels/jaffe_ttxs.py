"""TTX-sensitive Na+ current ``ttxs`` of the Jaffe-lab DRG filtering model (Herzog et al. 2001).

Source: the C-fibre T-junction model of PMC9847955 (bioRxiv 10.1101/2021.07.14.452325); read in
``dbjaffe67/DRGsims`` ``mods/ttxs.mod`` (Herzog, Cummins & Waxman 2001, J Neurophysiol 86:1351,
implemented by T. Morse), placed everywhere at 0.6 S/cm^2 (``CfiberPropagation.hoc:11,59-61``).
The mod file's own ``ena = 62.94 mV`` is shadowed by NEURON's ion value (``USEION na READ
ena``), 50 mV, which is what the model runs with ([RAN]).

Published in mV and ms (``ttxs.mod:23-100``), ``q10 = 3 ** ((celsius - 20) / 10)``::

    alpha_m = q10 * 11.49 / (1 + exp((v + 8.58) / -8.47))
    beta_m  = q10 * 11.49 / (1 + exp((v + 67.2) / 27.8))
    alpha_h = q10 * 0.0658 * exp(-(v + 120) / 20.33)
    beta_h  = q10 * 3.0 / (1 + exp((v - 6.8) / -12.998))
    i = g m^3 h (v - e_na)

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 3.0  #: ttxs.mod:73
Q10_REFERENCE_C = 20.0  #: [degC] ttxs.mod:73
E_NA = 50.0 * u.mV  #: NEURON's ion default, read by ttxs.mod:10 ([RAN])
DENSITY = 0.6 * u.S_per_cm2  #: CfiberPropagation.hoc:11 (GNABAR)

PARAM_NAMES = ("e_na",)
DEFAULT_PARAMS = (E_NA,)


def _rates(v: float, T: float) -> tuple[float, float, float, float]:
    """alpha_m, beta_m, alpha_h, beta_h [1/ms] (ttxs.mod:72-90)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    vm = v / u.mV
    am = q10 * 11.49 / (1.0 + math.exp((vm + 8.58) / -8.47))
    bm = q10 * 11.49 / (1.0 + math.exp((vm + 67.2) / 27.8))
    ah = q10 * 0.0658 * math.exp(-(vm + 120.0) / 20.33)
    bh = q10 * 3.0 / (1.0 + math.exp((vm - 6.8) / -12.998))
    return am, bm, ah, bh


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``m_inf``, ``h_inf`` at ``v`` [V] into ``s``."""
    am, bm, ah, bh = _rates(v, T)
    s[0] = am / (am + bm)
    s[1] = ah / (ah + bh)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m``, ``h`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential)."""
    am, bm, ah, bh = _rates(v, T)
    s[0] = am / (am + bm) + (s[0] - am / (am + bm)) * math.exp(-dt / u.ms * (am + bm))
    s[1] = ah / (ah + bh) + (s[1] - ah / (ah + bh)) * math.exp(-dt / u.ms * (ah + bh))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="jaffe_ttxs",
    state_names=("m", "h"),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Herzog et al. 2001 via dbjaffe67/DRGsims mods/ttxs.mod (PMC9847955)",
    carries=(1.0, 0.0, 0.0),
    reversal="e_na",
    tabulated=True,
)
