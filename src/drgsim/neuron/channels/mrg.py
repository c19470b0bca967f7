"""MRG 2002 node of Ranvier: fast Na, persistent Na and slow K (``AXNODE.mod``).

McIntyre, Richardson & Grill, J Neurophysiol 87:995-1006 (2002), doi:10.1152/jn.00353.2001.
Kinetics read from the model's ``AXNODE.mod`` (ModelDB 3810; the copy with the published
``vtrap`` sign fixes, as distributed with ``wmglab-duke/ascent`` and ``wmglab-duke/pyfibers``),
summarised in ``reference/neuron-models.md`` §1. The published single mechanism is split into
three families so each conductance can be placed and scaled on its own:

- ``mrg_naf``: fast Na, ``g m^3 h (v - e_na)``;
- ``mrg_nap``: persistent Na, ``g mp^3 (v - e_na)``;
- ``mrg_ks``: slow K, ``g s (v - e_k)``.

The leak (``gl`` 0.007 S/cm2, ``el`` -90 mV in the mod file) is the cable's ``g_leak``/``e_leak``.

Temperature factors (AXNODE.mod ``INITIAL``): ``mp`` and ``m`` scale by 2.2 per 10 degC from
20 degC, ``h`` by 2.9 per 10 degC from 20 degC, ``s`` by 3.0 per 10 degC from 36 degC.

Rate formulas are published in mV and ms; the private helpers below use those units and the
public functions convert (SI in, SI out).
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

_SOURCE = (
    "McIntyre, Richardson & Grill 2002, J Neurophysiol 87:995, doi:10.1152/jn.00353.2001; "
    "AXNODE.mod (ModelDB 3810)"
)

E_NA = 50.0 * u.mV  #: [V] AXNODE.mod ena
E_K = -90.0 * u.mV  #: [V] AXNODE.mod ek


def _exp(x: float) -> float:
    # AXNODE.mod Exp(): clipped exponential
    if x < -100.0:
        return 0.0
    if x > 700.0:
        return math.exp(700.0)
    return math.exp(x)


def _q10(base: float, t_ref_C: float, T: float) -> float:
    return math.pow(base, (T - u.ZERO_CELSIUS - t_ref_C) / 10.0)


def _linoid(a: float, y: float, c: float) -> float:
    # a y / (1 - exp(-y/c)), with its limit a c at y = 0 (AXNODE.mod vtrap1, 2, 6, 7, 8)
    x = y / c
    if abs(x) < 1e-6:
        return a * c
    return a * y / (1.0 - _exp(-x))


def _mp_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod: ampA 0.01, ampB 27, ampC 10.2; bmpA 0.00025, bmpB 34, bmpC 10
    return _linoid(0.01, v_mV + 27.0, 10.2), _linoid(0.00025, -(v_mV + 34.0), 10.0)


def _m_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod: amA 1.86, amB 21.4, amC 10.3; bmA 0.086, bmB 25.7, bmC 9.16
    return _linoid(1.86, v_mV + 21.4, 10.3), _linoid(0.086, -(v_mV + 25.7), 9.16)


def _h_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod: ahA 0.062, ahB 114, ahC 11; bhA 2.3, bhB 31.8, bhC 13.4
    a = _linoid(0.062, -(v_mV + 114.0), 11.0)
    b = 2.3 / (1.0 + _exp(-(v_mV + 31.8) / 13.4))
    return a, b


def _s_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod (Traub convention v2 = v - vtraub, vtraub -80 mV):
    # asA 0.3, asB -27, asC -5; bsA 0.03, bsB 10, bsC -1
    v2 = v_mV + 80.0
    a = 0.3 / (_exp((v2 - 27.0) / -5.0) + 1.0)
    b = 0.03 / (_exp((v2 + 10.0) / -1.0) + 1.0)
    return a, b


def _relax(x: float, a: float, b: float, q: float, dt_ms: float) -> float:
    # cnexp: exact update of x' = (x_inf - x)/tau over dt at fixed rates
    rate = q * (a + b)
    x_inf = a / (a + b)
    return x + (1.0 - math.exp(-dt_ms * rate)) * (x_inf - x)


# --- fast Na ---------------------------------------------------------------------------------


def naf_steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Steady state of ``m``, ``h`` at ``v`` [V]."""
    v_mV = v / u.mV
    a, b = _m_rates_per_ms(v_mV)
    s[0] = a / (a + b)
    a, b = _h_rates_per_ms(v_mV)
    s[1] = a / (a + b)


def naf_advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``m``, ``h`` over ``dt`` [s] at ``v`` [V], temperature ``T`` [K]."""
    v_mV = v / u.mV
    dt_ms = dt / u.ms
    a, b = _m_rates_per_ms(v_mV)
    s[0] = _relax(s[0], a, b, _q10(2.2, 20.0, T), dt_ms)
    a, b = _h_rates_per_ms(v_mV)
    s[1] = _relax(s[1], a, b, _q10(2.9, 20.0, T), dt_ms)


def naf_current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward fast Na current density [A/m^2]; ``p[0]`` is e_na [V]."""
    m = s[0]
    return float(g * m * m * m * s[1] * (v - p[0]))


# --- persistent Na ---------------------------------------------------------------------------


def nap_steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Steady state of ``mp`` at ``v`` [V]."""
    a, b = _mp_rates_per_ms(v / u.mV)
    s[0] = a / (a + b)


def nap_advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``mp`` over ``dt`` [s]."""
    a, b = _mp_rates_per_ms(v / u.mV)
    s[0] = _relax(s[0], a, b, _q10(2.2, 20.0, T), dt / u.ms)


def nap_current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward persistent Na current density [A/m^2]; ``p[0]`` is e_na [V]."""
    mp = s[0]
    return float(g * mp * mp * mp * (v - p[0]))


# --- slow K ----------------------------------------------------------------------------------


def ks_steady_state(v: float, T: float, p: FloatArray, s: FloatArray) -> None:
    """Steady state of ``s`` at ``v`` [V]."""
    a, b = _s_rates_per_ms(v / u.mV)
    s[0] = a / (a + b)


def ks_advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray) -> None:
    """Advance ``s`` over ``dt`` [s]."""
    a, b = _s_rates_per_ms(v / u.mV)
    s[0] = _relax(s[0], a, b, _q10(3.0, 36.0, T), dt / u.ms)


def ks_current(v: float, T: float, s: FloatArray, g: float, p: FloatArray) -> float:
    """Outward slow K current density [A/m^2]; ``p[0]`` is e_k [V]."""
    return float(g * s[0] * (v - p[0]))


MRG_NAF = ChannelFamily(
    name="mrg_naf",
    state_names=("m", "h"),
    param_names=("e_na",),
    default_params=(E_NA,),
    steady_state=naf_steady_state,
    advance=naf_advance,
    current=naf_current,
    source=_SOURCE,
)
MRG_NAP = ChannelFamily(
    name="mrg_nap",
    state_names=("mp",),
    param_names=("e_na",),
    default_params=(E_NA,),
    steady_state=nap_steady_state,
    advance=nap_advance,
    current=nap_current,
    source=_SOURCE,
)
MRG_KS = ChannelFamily(
    name="mrg_ks",
    state_names=("s",),
    param_names=("e_k",),
    default_params=(E_K,),
    steady_state=ks_steady_state,
    advance=ks_advance,
    current=ks_current,
    source=_SOURCE,
)

#: Maximal conductances of the MRG node (AXNODE.mod PARAMETER block) [S/m^2].
G_NAF = 3.0 * u.S_per_cm2
G_NAP = 0.01 * u.S_per_cm2
G_KS = 0.08 * u.S_per_cm2
G_LEAK = 0.007 * u.S_per_cm2
E_LEAK = -90.0 * u.mV  #: [V]

__all__ = [
    "E_K",
    "E_LEAK",
    "E_NA",
    "G_KS",
    "G_LEAK",
    "G_NAF",
    "G_NAP",
    "MRG_KS",
    "MRG_NAF",
    "MRG_NAP",
]
