"""Sundt 2015 fast sodium current ``nahh`` (Traub & Miles m^3 h form with voltage shifts).

Source: Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015;
kinetics read in ModelDB 187473 ``mods/nahh.mod`` (after Traub & Miles 1991). Sundt shifts
activation by -6 mV and inactivation by +6 mV (``Figure5d/Figure5d.hoc:59-60``) to mimic
NaV1.7/1.8; those are the defaults here.

Rates (published in mV and ms, ``vm = v + 65``; ``nahh.mod:53-83``)::

    alpha_m = q10 * 0.32 * (13.1 - vm_m) / (exp((13.1 - vm_m) / 4) - 1),  vm_m = vm + mshift
    beta_m  = q10 * 0.28 * (vm_m - 40.1) / (exp((vm_m - 40.1) / 5) - 1)
    alpha_h = q10 * 0.128 * exp((17 - vm_h + ishift) / 18),                vm_h = vm + hshift
    beta_h  = q10 * 4 / (exp((40 - vm_h) / 5) + 1)
    q10     = 3 ** ((celsius - 30) / 10)

Current ``i = g m^3 h (v - e_na)``.

The drgsim kernel advances the gates from rate tables (``tabulated``: linear interpolation
on a 0.05 mV grid built once per run, see :mod:`drgsim.neuron.channels.base`); the
functions here stay the exact reference and are used outside the grid.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

Q10 = 3.0  #: nahh.mod:55
Q10_REFERENCE_C = 30.0  #: [degC] nahh.mod:55
E_NA = 50.0 * u.mV  #: NEURON's default ena; Figure5d.hoc does not set it
M_SHIFT = -6.0 * u.mV  #: Figure5d.hoc:59
H_SHIFT = 6.0 * u.mV  #: Figure5d.hoc:60
I_SHIFT = 0.0 * u.mV  #: nahh.mod:22 (unset in Figure5d.hoc)

PARAM_NAMES = ("e_na", "m_shift", "h_shift", "i_shift")
DEFAULT_PARAMS = (E_NA, M_SHIFT, H_SHIFT, I_SHIFT)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Write ``m_inf``, ``h_inf`` at ``v`` [V] into ``s``."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    vm = v / u.mV + 65.0 + p[1] / u.mV
    x = 13.1 - vm
    a = q10 * 0.32 * (4.0 * (1.0 - x / 8.0) if abs(x / 4.0) < 1e-6 else x / math.expm1(x / 4.0))
    x = vm - 40.1
    b = q10 * 0.28 * (5.0 * (1.0 - x / 10.0) if abs(x / 5.0) < 1e-6 else x / math.expm1(x / 5.0))
    s[0] = a / (a + b)
    vh = v / u.mV + 65.0 + p[2] / u.mV
    a = q10 * 0.128 * math.exp((17.0 - vh + p[3] / u.mV) / 18.0)
    b = q10 * 4.0 / (math.exp((40.0 - vh) / 5.0) + 1.0)
    s[1] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m``, ``h`` over ``dt`` [s] at fixed ``v`` [V] (exact exponential, cnexp)."""
    q10 = Q10 ** ((T - u.ZERO_CELSIUS - Q10_REFERENCE_C) / 10.0)
    vm = v / u.mV + 65.0 + p[1] / u.mV
    x = 13.1 - vm
    a = q10 * 0.32 * (4.0 * (1.0 - x / 8.0) if abs(x / 4.0) < 1e-6 else x / math.expm1(x / 4.0))
    x = vm - 40.1
    b = q10 * 0.28 * (5.0 * (1.0 - x / 10.0) if abs(x / 5.0) < 1e-6 else x / math.expm1(x / 5.0))
    s[0] = a / (a + b) + (s[0] - a / (a + b)) * math.exp(-dt / u.ms * (a + b))
    vh = v / u.mV + 65.0 + p[2] / u.mV
    a = q10 * 0.128 * math.exp((17.0 - vh + p[3] / u.mV) / 18.0)
    b = q10 * 4.0 / (math.exp((40.0 - vh) / 5.0) + 1.0)
    s[1] = a / (a + b) + (s[1] - a / (a + b)) * math.exp(-dt / u.ms * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[0] * s[0] * s[0] * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="sundt_na",
    state_names=("m", "h"),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 mods/nahh.mod",
    carries=(1.0, 0.0, 0.0),
    reversal="e_na",
    tabulated=True,
)
