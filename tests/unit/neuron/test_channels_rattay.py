"""Rattay & Aberham families against RattayAberham.mod (ModelDB 266498)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _channel_helpers import inf, tau

from drgsim import units as u
from drgsim.neuron.channels import rattay_k, rattay_na

T37 = u.celsius(37.0)


def _hh_per_ms(v_mV: float):
    """Classic HH rates referenced to a -70 mV rest, RattayAberham.mod:91-107."""
    w = v_mV + 70.0
    am = 0.1 * (25 - w) / (math.exp((25 - w) / 10) - 1)
    bm = 4 * math.exp(-w / 18)
    ah = 0.07 * math.exp(-w / 20)
    bh = 1 / (math.exp((30 - w) / 10) + 1)
    an = 0.01 * (10 - w) / (math.exp((10 - w) / 10) - 1)
    bn = 0.125 * math.exp(-w / 80)
    return (am, bm), (ah, bh), (an, bn)


@pytest.mark.parametrize("v_mV", [-90.0, -70.0, -50.0, -20.0, 10.0])
def test_rattay_rates_are_hodgkin_huxley_shifted_to_minus_70(v_mV: float) -> None:
    m, h, n = _hh_per_ms(v_mV)
    q10 = 2.24659524757 ** ((37.0 - 6.3) / 10)
    v = v_mV * u.mV
    np.testing.assert_allclose(inf(rattay_na.FAMILY, v, T37), [m[0] / sum(m), h[0] / sum(h)])
    np.testing.assert_allclose(
        tau(rattay_na.FAMILY, v, T37), [u.ms / q10 / sum(m), u.ms / q10 / sum(h)], rtol=1e-5
    )
    assert inf(rattay_k.FAMILY, v, T37)[0] == pytest.approx(n[0] / sum(n))
    assert tau(rattay_k.FAMILY, v, T37)[0] == pytest.approx(u.ms / q10 / sum(n), rel=1e-5)


def test_rattay_q10_is_twelve_at_37_celsius() -> None:
    # "k=12 for 37 degC" (RattayAberham.mod:4): the rates are 12x those at 6.3 degC.
    v = -60.0 * u.mV
    ratio = tau(rattay_k.FAMILY, v, u.celsius(6.3))[0] / tau(rattay_k.FAMILY, v, T37)[0]
    assert ratio == pytest.approx(12.0, rel=1e-3)


def test_rattay_singular_points_are_continuous() -> None:
    for v_mV in (-45.0, -60.0):  # w = 25 (m) and w = 10 (n)
        a = np.r_[inf(rattay_na.FAMILY, v_mV * u.mV, T37), inf(rattay_k.FAMILY, v_mV * u.mV, T37)]
        b = np.r_[
            inf(rattay_na.FAMILY, (v_mV + 1e-7) * u.mV, T37),
            inf(rattay_k.FAMILY, (v_mV + 1e-7) * u.mV, T37),
        ]
        np.testing.assert_allclose(a, b, rtol=1e-5)
