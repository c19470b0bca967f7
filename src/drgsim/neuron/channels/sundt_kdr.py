"""Sundt 2015 delayed-rectifier potassium current ``borgkdr`` (Borg-Graham form, n^3 l).

Source: Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015;
kinetics read in ModelDB 187473 ``mods/kdr.mod`` (suffix ``borgkdr``, after Borg-Graham 1987).
Potassium reversal -90 mV (``Figure5d/Figure5d.hoc:64``).

Published in mV and ms (``kdr.mod:60-91``), with ``phi = 1e-3 F / (R (273.16 + celsius))``::

    a_n = exp(zeta_n (v - vhalf_n) phi),  n_inf = 1 / (1 + a_n)
    tau_n = exp(zeta_n gm_n (v - vhalf_n) phi) / (q10 a0_n (1 + a_n))
    (l likewise with vhalf_l, zeta_l, gm_l, a0_l)
    q10 = 3 ** ((celsius - 30) / 10)

Current ``i = g n^3 l (v - e_k)``.

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 3.0  #: kdr.mod:84
Q10_REFERENCE_C = 30.0  #: [degC] kdr.mod:84
VHALF_N = -32.0  #: [mV] kdr.mod:15
VHALF_L = -61.0  #: [mV] kdr.mod:16
A0_L = 0.001  #: [1/ms] kdr.mod:17
A0_N = 0.03  #: [1/ms] kdr.mod:18
ZETA_N = -5.0  #: kdr.mod:19
ZETA_L = 2.0  #: kdr.mod:20
GM_N = 0.4  #: kdr.mod:21
GM_L = 1.0  #: kdr.mod:22
FARADAY = 9.648e4  #: [C/mol] as written in kdr.mod:61
GAS_CONSTANT = 8.315  #: [J/(mol K)] as written in kdr.mod:61
KELVIN_OFFSET = 273.16  #: [K] as written in kdr.mod:61 (NEURON uses 273.15 elsewhere)
E_K = -90.0 * u.mV  #: Figure5d.hoc:64

PARAM_NAMES = ("e_k",)
DEFAULT_PARAMS = (E_K,)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``n_inf``, ``l_inf`` at ``v`` [V] into ``s``."""
    phi = 1e-3 * FARADAY / (GAS_CONSTANT * (KELVIN_OFFSET + T - u.ZERO_CELSIUS))
    vm = v / u.mV
    s[0] = 1.0 / (1.0 + math.exp(ZETA_N * (vm - VHALF_N) * phi))
    s[1] = 1.0 / (1.0 + math.exp(ZETA_L * (vm - VHALF_L) * phi))


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``n``, ``l`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    phi = 1e-3 * FARADAY / (GAS_CONSTANT * (KELVIN_OFFSET + T - u.ZERO_CELSIUS))
    vm = v / u.mV
    a = math.exp(ZETA_N * (vm - VHALF_N) * phi)
    tau = math.exp(ZETA_N * GM_N * (vm - VHALF_N) * phi) / (q10 * A0_N * (1.0 + a))
    s[0] = 1.0 / (1.0 + a) + (s[0] - 1.0 / (1.0 + a)) * math.exp(-dt / u.ms / tau)
    a = math.exp(ZETA_L * (vm - VHALF_L) * phi)
    tau = math.exp(ZETA_L * GM_L * (vm - VHALF_L) * phi) / (q10 * A0_L * (1.0 + a))
    s[1] = 1.0 / (1.0 + a) + (s[1] - 1.0 / (1.0 + a)) * math.exp(-dt / u.ms / tau)


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="sundt_kdr",
    state_names=("n", "l"),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 mods/kdr.mod (borgkdr)",
    carries=(0.0, 1.0, 0.0),
    reversal="e_k",
    tabulated=True,
)
