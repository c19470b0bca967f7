"""Delayed-rectifier K+ current ``kdrSheets`` of the Jaffe-lab DRG filtering model.

Source: the C-fibre T-junction model of PMC9847955 (bioRxiv 10.1101/2021.07.14.452325); read in
``dbjaffe67/DRGsims`` ``mods/kdr_sheets.mod`` (after Sheets et al. 2007), placed everywhere at
0.02 S/cm^2 (``CfiberPropagation.hoc:12,63-64``). K+ reversal: NEURON's default -77 mV (the hoc
file does not set ``ek``; [RAN]).

Published in mV and ms (``kdr_sheets.mod:38-66``)::

    n_inf = 1 / (1 + exp((v + 25) / -15.4))
    tau_n = 0.16 + 0.8 exp(-0.0267 (v + 11))                                 (v >= -31 mV)
    tau_n = 1000 (0.000688 + 1 / (exp((v + 75.2) / 6.5) + exp((v - 131.5) / -34.8)))  (v < -31)
    tau_n = tau_n / 3.3 ** ((celsiusT - 22) / 10)
    i = g n^4 (v - e_k)

``celsiusT`` is a RANGE parameter the hoc file never sets, so the model runs with 0 degC there
(``tau_n`` x 13.8 at any temperature); that is the default here (parameter ``celsius_t``), as
distributed.

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

E_K = -77.0 * u.mV  #: NEURON's default ek, read by kdr_sheets.mod:9 ([RAN])
CELSIUS_T = 0.0  #: [degC] kdr_sheets.mod:22, unset in CfiberPropagation.hoc
DENSITY = 0.02 * u.S_per_cm2  #: CfiberPropagation.hoc:12 (GKBAR)

PARAM_NAMES = ("e_k", "celsius_t")
DEFAULT_PARAMS = (E_K, CELSIUS_T)


def _n_inf_tau(v: float, p: FloatArray) -> tuple[float, float]:
    """n_inf and tau_n [ms] at ``v`` [V] (kdr_sheets.mod:55-66)."""
    vm = v / u.mV
    n_inf = 1.0 / (1.0 + math.exp((vm + 25.0) / -15.4))
    if vm < -31.0:
        tau = 1000.0 * (
            0.000688 + 1.0 / (math.exp((vm + 75.2) / 6.5) + math.exp((vm - 131.5) / -34.8))
        )
    else:
        tau = 0.16 + 0.8 * math.exp(-0.0267 * (vm + 11.0))
    return n_inf, tau / 3.3 ** ((p[1] - 22.0) / 10.0)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``n_inf`` at ``v`` [V] into ``s``."""
    s[0] = _n_inf_tau(v, p)[0]


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``n`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential)."""
    n_inf, tau = _n_inf_tau(v, p)
    s[0] = n_inf + (s[0] - n_inf) * math.exp(-dt / u.ms / tau)


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    n2 = s[0] * s[0]
    return float(g * n2 * n2 * (v - p[0]))


FAMILY = ChannelFamily(
    name="jaffe_kdr",
    state_names=("n",),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sheets et al. 2007 via dbjaffe67/DRGsims mods/kdr_sheets.mod (PMC9847955)",
    carries=(0.0, 1.0, 0.0),
    reversal="e_k",
    tabulated=True,
)
