"""Gaines 2018 sensory-node families against node_sensory.mod (ModelDB 243841)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _channel_helpers import inf, tau

from drgsim import units as u
from drgsim.neuron.channels import gaines_kf, gaines_ks, gaines_naf, gaines_nap

T37 = u.celsius(37.0)


def _lin(a: float, x: float, c: float) -> float:
    """a x / (1 - exp(-x / c)), the vtrap form of node_sensory.mod."""
    return a * c if abs(x / c) < 1e-6 else a * x / (1.0 - math.exp(-x / c))


def _rates_per_ms(v: float, celsius: float) -> dict[str, tuple[float, float]]:
    """Independent transcription of node_sensory.mod:175-207 (mV, 1/ms)."""
    q1 = 2.2 ** ((celsius - 20) / 10)
    q2 = 2.9 ** ((celsius - 20) / 10)
    q3 = 3.0 ** ((celsius - 36) / 10)
    v2 = v + 80.0
    return {
        "mp": (q1 * _lin(0.00957, v + 26.852, 10.2), q1 * _lin(0.0002401, -(v + 33.8333), 10)),
        "m": (q1 * _lin(1.77753, v + 20.1795, 10.3), q1 * _lin(0.0823, -(v + 25.4746), 9.16)),
        "h": (
            q2 * _lin(0.075286, -(v + 112.7124), 8.3910),
            q2 * 2.8083 / (1 + math.exp(-(v + 30.5435) / 10.2263)),
        ),
        "s": (
            q3 * 0.3 / (math.exp((v2 - 27) / -5) + 1),
            q3 * 0.03 / (math.exp((v2 + 10) / -1) + 1),
        ),
        "n": (q3 * _lin(0.0462, v + 83.2, 1.1), q3 * _lin(0.0824, -(v + 66), 10.5)),
    }


CASES = [
    (gaines_naf.FAMILY, ("m", "h")),
    (gaines_nap.FAMILY, ("mp",)),
    (gaines_ks.FAMILY, ("s",)),
    (gaines_kf.FAMILY, ("n",)),
]


@pytest.mark.parametrize(("family", "gates"), CASES)
@pytest.mark.parametrize("v_mV", [-100.0, -80.0, -55.0, -30.0, 0.0, 40.0])
@pytest.mark.parametrize("celsius", [20.0, 37.0])
def test_gaines_rates_match_node_sensory(family, gates, v_mV: float, celsius: float) -> None:
    rates = _rates_per_ms(v_mV, celsius)
    exp_inf = [rates[g][0] / sum(rates[g]) for g in gates]
    exp_tau = [u.ms / sum(rates[g]) for g in gates]
    T = u.celsius(celsius)
    np.testing.assert_allclose(inf(family, v_mV * u.mV, T), exp_inf, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(tau(family, v_mV * u.mV, T), exp_tau, rtol=1e-5)


def test_gaines_q10_factors() -> None:
    v = -60.0 * u.mV
    t20, t30 = u.celsius(20.0), u.celsius(30.0)
    np.testing.assert_allclose(
        tau(gaines_naf.FAMILY, v, t20) / tau(gaines_naf.FAMILY, v, t30), [2.2, 2.9], rtol=1e-6
    )
    assert tau(gaines_ks.FAMILY, v, t20)[0] / tau(gaines_ks.FAMILY, v, t30)[0] == pytest.approx(3.0)
    assert tau(gaines_kf.FAMILY, v, t20)[0] / tau(gaines_kf.FAMILY, v, t30)[0] == pytest.approx(3.0)


def test_gaines_singular_points_are_continuous() -> None:
    for v0 in (-20.1795, -25.4746, -112.7124):
        a = inf(gaines_naf.FAMILY, v0 * u.mV, T37)
        b = inf(gaines_naf.FAMILY, (v0 + 1e-7) * u.mV, T37)
        np.testing.assert_allclose(a, b, rtol=1e-5)
    a = inf(gaines_kf.FAMILY, -83.2 * u.mV, T37)
    b = inf(gaines_kf.FAMILY, -83.2000001 * u.mV, T37)
    np.testing.assert_allclose(a, b, rtol=1e-5)


def test_node_densities_cite_node_sensory() -> None:
    assert pytest.approx(3.0 * u.S_per_cm2) == gaines_naf.DENSITY
    assert pytest.approx(0.01 * u.S_per_cm2) == gaines_nap.DENSITY
    assert pytest.approx(0.04106 * u.S_per_cm2) == gaines_ks.DENSITY
    assert pytest.approx(0.02737 * u.S_per_cm2) == gaines_kf.DENSITY
