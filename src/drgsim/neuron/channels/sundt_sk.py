"""Sundt 2015 Ca2+-activated K+ current ``SK`` (Aradi & Holmes 1999) with its own Ca2+ pool.

Source: Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015;
read in ModelDB 187473 ``mods/SK.mod`` (after Aradi & Holmes 1999). Sundt places it in the soma
at 0.001 S/cm^2 with a Ca2+ time constant of 500 ms (``Figure8c.hoc:26-27,92-94``).

Published in mV, ms, mM, mA/cm^2 (``SK.mod:44-73``); the Ca2+ pool is driven by the
compartment's calcium current (``USEION ca READ ica``)::

    d[Ca]/dt = -B cascale i_Ca - ([Ca] - ca0) / sstau
    dq/dt    = alpha(x) (1 - q) - beta(x) q,   x = ([Ca] in uM) ** 3
    alpha(x) = 0.00246 / exp((12 log10(x) + 28.48) / -4.5)
    beta(x)  = 0.006 / exp((12 log10(x) + 60.4) / 35)
    i = g q^2 (v - e_k)

Both are advanced by the exact exponential at fixed input, ``[Ca]`` first and ``q`` with the
new ``[Ca]`` (NEURON ``cnexp`` in statement order). No temperature factor.
"""

from __future__ import annotations

import math

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.channels.base import ChannelFamily

E_K = -80.0 * u.mV  #: Figure8c.hoc:76 (ek where K+ does not accumulate)
CA_REST = 0.00007 * u.mM  #: SK.mod:24 (ca0)
TAU_CA = 500.0 * u.ms  #: Figure8c.hoc:27 (SKTAU; SK.mod:25 default 20 ms)
#: SK.mod:29-30: B 0.26 mM cm^2/(mA ms) times cascale 0.1, in mol/m^3 per (A/m^2 s)
CA_PER_CHARGE = 0.26 * 0.1 * u.mM * u.cm2 / (u.mA * u.ms)
DENSITY = 0.001 * u.S_per_cm2  #: Figure8c.hoc:26 (GSK), soma
I_CA = 8  # ion-row index of the calcium current density (drgsim.neuron.ions.ION_FIELDS)

PARAM_NAMES = ("e_k", "ca_rest", "tau_ca", "ca_per_charge")
DEFAULT_PARAMS = (E_K, CA_REST, TAU_CA, CA_PER_CHARGE)


def _rates(ca: float) -> tuple[float, float]:
    """alpha, beta [1/ms] at Ca2+ concentration ``ca`` [mM] (SK.mod:61-73)."""
    z = 12.0 * math.log10((ca * 1e3) ** 3)
    return 0.00246 / math.exp((z + 28.48) / -4.5), 0.006 / math.exp((z + 60.4) / 35.0)


def steady_state(v: float, T: float, p: FloatArray, s: FloatArray, ion: FloatArray) -> None:
    """Resting Ca2+ and ``q`` at it (SK.mod:56-59)."""
    s[0] = p[1]
    a, b = _rates(s[0] / u.mM)
    s[1] = a / (a + b)


def advance(v: float, T: float, dt: float, p: FloatArray, s: FloatArray, ion: FloatArray) -> None:
    """Advance ``[Ca]`` then ``q`` over ``dt`` [s] (exact exponentials)."""
    ca_inf = p[1] - p[3] * ion[I_CA] * p[2]
    s[0] = ca_inf + (s[0] - ca_inf) * math.exp(-dt / p[2])
    a, b = _rates(s[0] / u.mM)
    q_inf = a / (a + b)
    s[1] = q_inf + (s[1] - q_inf) * math.exp(-dt / u.ms * (a + b))


def current(v: float, T: float, s: FloatArray, g: float, p: FloatArray, ion: FloatArray) -> float:
    """Outward current density [A/m^2] for maximal conductance ``g`` [S/m^2]."""
    return float(g * s[1] * s[1] * (v - p[0]))


FAMILY = ChannelFamily(
    name="sundt_sk",
    state_names=("ca", "q"),
    param_names=PARAM_NAMES,
    default_params=DEFAULT_PARAMS,
    steady_state=steady_state,
    advance=advance,
    current=current,
    source="Sundt et al. 2015, doi:10.1152/jn.00226.2015; ModelDB 187473 mods/SK.mod "
    "(Aradi & Holmes 1999)",
    carries=(0.0, 1.0, 0.0),
    reversal="e_k",
    reads_ions=True,
)
