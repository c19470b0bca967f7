"""Sundt 2015 channel families against the formulas of ModelDB 187473 (nahh, borgkdr, iM)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _channel_helpers import inf, params, tau

from drgsim import units as u
from drgsim.neuron.channels import sundt_kdr, sundt_km, sundt_na

T35 = u.celsius(35.0)


def _expm1_ratio(x: float, y: float) -> float:
    return x / (math.exp(x / y) - 1.0)


def _nahh_rates_per_ms(v_mV: float, celsius: float, mshift: float, hshift: float):
    """Independent transcription of nahh.mod:53-75 (mV, 1/ms)."""
    q10 = 3.0 ** ((celsius - 30.0) / 10.0)
    vm = v_mV + 65.0 + mshift
    am = q10 * 0.32 * _expm1_ratio(13.1 - vm, 4.0)
    bm = q10 * 0.28 * _expm1_ratio(vm - 40.1, 5.0)
    vh = v_mV + 65.0 + hshift
    ah = q10 * 0.128 * math.exp((17.0 - vh) / 18.0)
    bh = q10 * 4.0 / (math.exp((40.0 - vh) / 5.0) + 1.0)
    return am, bm, ah, bh


@pytest.mark.parametrize("v_mV", [-90.0, -60.0, -40.0, -20.0, 0.0, 30.0])
def test_sundt_na_matches_nahh_with_sundt_shifts(v_mV: float) -> None:
    fam = sundt_na.FAMILY
    am, bm, ah, bh = _nahh_rates_per_ms(v_mV, 35.0, -6.0, 6.0)
    np.testing.assert_allclose(inf(fam, v_mV * u.mV, T35), [am / (am + bm), ah / (ah + bh)])
    expected_tau = np.array([1.0 / (am + bm), 1.0 / (ah + bh)]) * u.ms
    np.testing.assert_allclose(tau(fam, v_mV * u.mV, T35), expected_tau, rtol=1e-5)


def test_sundt_na_defaults_are_figure5d_shifts() -> None:
    p = dict(zip(sundt_na.FAMILY.param_names, sundt_na.FAMILY.default_params, strict=True))
    assert p["m_shift"] == pytest.approx(-6e-3)
    assert p["h_shift"] == pytest.approx(6e-3)


def test_sundt_na_unshifted_is_plain_traub_miles() -> None:
    fam = sundt_na.FAMILY
    am, bm, ah, bh = _nahh_rates_per_ms(-50.0, 35.0, 0.0, 0.0)
    got = inf(fam, -50.0 * u.mV, T35, m_shift=0.0, h_shift=0.0)
    np.testing.assert_allclose(got, [am / (am + bm), ah / (ah + bh)])


def test_sundt_na_removable_singularity_is_continuous() -> None:
    fam = sundt_na.FAMILY
    v0 = (13.1 - 65.0 + 6.0) * u.mV  # 13.1 - vm = 0 with mshift -6
    near = inf(fam, v0 + 1e-9, T35)[0]
    at = inf(fam, v0, T35)[0]
    assert at == pytest.approx(near, rel=1e-6)


def _borgkdr_per_ms(v_mV: float, celsius: float):
    """Independent transcription of kdr.mod:60-91: (ninf, taun, linf, taul)."""
    phi = 1e-3 * 9.648e4 / (8.315 * (273.16 + celsius))
    q10 = 3.0 ** ((celsius - 30.0) / 10.0)
    an = math.exp(-5.0 * (v_mV + 32.0) * phi)
    bn = math.exp(-5.0 * 0.4 * (v_mV + 32.0) * phi)
    al = math.exp(2.0 * (v_mV + 61.0) * phi)
    bl = math.exp(2.0 * 1.0 * (v_mV + 61.0) * phi)
    return 1 / (1 + an), bn / (q10 * 0.03 * (1 + an)), 1 / (1 + al), bl / (q10 * 0.001 * (1 + al))


@pytest.mark.parametrize("v_mV", [-90.0, -60.0, -32.0, 0.0, 20.0])
def test_sundt_kdr_matches_borgkdr(v_mV: float) -> None:
    fam = sundt_kdr.FAMILY
    ninf, taun, linf, taul = _borgkdr_per_ms(v_mV, 35.0)
    np.testing.assert_allclose(inf(fam, v_mV * u.mV, T35), [ninf, linf])
    np.testing.assert_allclose(tau(fam, v_mV * u.mV, T35), np.array([taun, taul]) * u.ms, rtol=1e-5)
    assert inf(fam, -32.0 * u.mV, T35)[0] == pytest.approx(0.5)  # vhalfn, kdr.mod:15


@pytest.mark.parametrize("v_mV", [-80.0, -60.0, -30.0, 0.0])
def test_sundt_km_matches_im_with_vshift(v_mV: float) -> None:
    fam = sundt_km.FAMILY
    vm = v_mV - 5.0
    tadj = 3.0 ** ((35.0 - 23.5) / 10.0)
    tau_ms = 1000.0 / (3.3 * (math.exp((vm + 35) / 20) + math.exp(-(vm + 35) / 20))) / tadj
    assert inf(fam, v_mV * u.mV, T35)[0] == pytest.approx(1 / (1 + math.exp(-(vm + 35) / 10)))
    assert tau(fam, v_mV * u.mV, T35)[0] == pytest.approx(tau_ms * u.ms, rel=1e-5)


@pytest.mark.parametrize(
    ("family", "q10"), [(sundt_na.FAMILY, 3.0), (sundt_kdr.FAMILY, 3.0), (sundt_km.FAMILY, 3.0)]
)
def test_sundt_q10_is_three_and_steady_state_temperature_free(family, q10: float) -> None:
    v = -45.0 * u.mV
    ratio = tau(family, v, u.celsius(25.0)) / tau(family, v, u.celsius(35.0))
    if family is sundt_kdr.FAMILY:
        # borgkdr also has T inside its Boltzmann factor; compare against the transcription.
        a = _borgkdr_per_ms(-45.0, 25.0)
        b = _borgkdr_per_ms(-45.0, 35.0)
        np.testing.assert_allclose(ratio, [a[1] / b[1], a[3] / b[3]], rtol=1e-5)
    else:
        np.testing.assert_allclose(ratio, q10, rtol=1e-5)
        np.testing.assert_allclose(inf(family, v, u.celsius(25.0)), inf(family, v, T35))


def test_current_signs_and_units() -> None:
    fam = sundt_na.FAMILY
    s = np.array([0.5, 0.5])
    g = 0.04 * u.S_per_cm2
    i = fam.current(-60e-3, T35, s, g, params(fam))
    assert i == pytest.approx(g * 0.125 * 0.5 * (-0.11))  # inward below e_na = +50 mV
    assert i < 0
