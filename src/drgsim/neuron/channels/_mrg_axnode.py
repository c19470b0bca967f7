"""Shared rate functions of the MRG 2002 node of Ranvier (``AXNODE.mod``).

McIntyre, Richardson & Grill, J Neurophysiol 87:995-1006 (2002), doi:10.1152/jn.00353.2001.
Kinetics read from the model's ``AXNODE.mod`` (ModelDB 3810; the copy with the published
``vtrap`` sign fixes, as distributed with ``wmglab-duke/ascent`` and ``wmglab-duke/pyfibers``),
summarised in ``reference/neuron-models.md`` §1. The published single mechanism is split into
three families (``mrg_naf.py``, ``mrg_nap.py``, ``mrg_ks.py``) so each conductance can be placed
and scaled on its own.

The leak (``gl`` 0.007 S/cm2, ``el`` -90 mV in the mod file) is the cable's ``g_leak``/``e_leak``.

Temperature factors (AXNODE.mod ``INITIAL``): ``mp`` and ``m`` scale by 2.2 per 10 degC from
20 degC, ``h`` by 2.9 per 10 degC from 20 degC, ``s`` by 3.0 per 10 degC from 36 degC.

Rate formulas are published in mV and ms; the private helpers below use those units and the
public functions convert (SI in, SI out).
"""

from __future__ import annotations

import math

from drgsim import units as u

SOURCE = (
    "McIntyre, Richardson & Grill 2002, J Neurophysiol 87:995, doi:10.1152/jn.00353.2001; "
    "AXNODE.mod (ModelDB 3810)"
)

E_NA = 50.0 * u.mV  #: [V] AXNODE.mod ena
E_K = -90.0 * u.mV  #: [V] AXNODE.mod ek


def exp_clipped(x: float) -> float:
    # AXNODE.mod Exp(): clipped exponential
    if x < -100.0:
        return 0.0
    if x > 700.0:
        return math.exp(700.0)
    return math.exp(x)


def q10(base: float, t_ref_C: float, T: float) -> float:
    return math.pow(base, (T - u.ZERO_CELSIUS - t_ref_C) / 10.0)


def linoid(a: float, y: float, c: float) -> float:
    # a y / (1 - exp(-y/c)), with its limit a c at y = 0 (AXNODE.mod vtrap1, 2, 6, 7, 8)
    x = y / c
    if abs(x) < 1e-6:
        return a * c
    return a * y / (1.0 - exp_clipped(-x))


def mp_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod: ampA 0.01, ampB 27, ampC 10.2; bmpA 0.00025, bmpB 34, bmpC 10
    return linoid(0.01, v_mV + 27.0, 10.2), linoid(0.00025, -(v_mV + 34.0), 10.0)


def m_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod: amA 1.86, amB 21.4, amC 10.3; bmA 0.086, bmB 25.7, bmC 9.16
    return linoid(1.86, v_mV + 21.4, 10.3), linoid(0.086, -(v_mV + 25.7), 9.16)


def h_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod: ahA 0.062, ahB 114, ahC 11; bhA 2.3, bhB 31.8, bhC 13.4
    a = linoid(0.062, -(v_mV + 114.0), 11.0)
    b = 2.3 / (1.0 + exp_clipped(-(v_mV + 31.8) / 13.4))
    return a, b


def s_rates_per_ms(v_mV: float) -> tuple[float, float]:
    # AXNODE.mod (Traub convention v2 = v - vtraub, vtraub -80 mV):
    # asA 0.3, asB -27, asC -5; bsA 0.03, bsB 10, bsC -1
    v2 = v_mV + 80.0
    a = 0.3 / (exp_clipped((v2 - 27.0) / -5.0) + 1.0)
    b = 0.03 / (exp_clipped((v2 + 10.0) / -1.0) + 1.0)
    return a, b


def relax(x: float, a: float, b: float, q: float, dt_ms: float) -> float:
    # cnexp: exact update of x' = (x_inf - x)/tau over dt at fixed rates
    rate = q * (a + b)
    x_inf = a / (a + b)
    return x + (1.0 - math.exp(-dt_ms * rate)) * (x_inf - x)


#: Maximal conductances of the MRG node (AXNODE.mod PARAMETER block) [S/m^2].
G_NAF = 3.0 * u.S_per_cm2
G_NAP = 0.01 * u.S_per_cm2
G_KS = 0.08 * u.S_per_cm2
G_LEAK = 0.007 * u.S_per_cm2  #: AXNODE.mod gl; the cable's g_leak at nodes
E_LEAK = -90.0 * u.mV  #: [V] AXNODE.mod el
