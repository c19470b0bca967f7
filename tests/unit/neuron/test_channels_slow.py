"""The Jaffe-lab C-fibre families and Sundt's Figure 8c families against published values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.neuron.channels import jaffe_kdr, jaffe_ttxs, sundt_cal, sundt_pump, sundt_sk
from drgsim.neuron.ions import ION_FIELDS

T37 = u.celsius(37.0)
P_TTXS = np.array(jaffe_ttxs.DEFAULT_PARAMS)
P_KDR = np.array(jaffe_kdr.DEFAULT_PARAMS)

# NEURON 9 with dbjaffe67/DRGsims mods/ttxs.mod at 37 degC: v [mV], m_inf, tau_m, tau_h [ms]
TTXS_RAN = [
    (-60.0, 0.005261101286732707, 0.030703210309925105, 7.383562403216746),
    (-40.0, 0.0804515966635412, 0.04525413694015608, 1.9064555106888676),
    (-20.0, 0.5712155080161518, 0.03725543719127112, 0.4556345081011888),
    (0.0, 0.8996093995712995, 0.016487923027003665, 0.1383650503065081),
]
# NEURON 9, mods/kdr_sheets.mod: n after finitialize(v)
KDR_RAN = [(-70.0, 0.05107290155212299), (-40.0, 0.27407876790394015), (0.0, 0.8352602811540443)]


@pytest.mark.parametrize(("v_mV", "m_inf", "tau_m", "tau_h"), TTXS_RAN)
def test_ttxs_matches_neuron(v_mV: float, m_inf: float, tau_m: float, tau_h: float) -> None:
    s = np.zeros(2)
    jaffe_ttxs.steady_state(v_mV * u.mV, T37, P_TTXS, s)
    assert s[0] == pytest.approx(m_inf, rel=1e-9)
    dt = 1e-3 * tau_m * u.ms
    s2 = np.array([0.0, 0.0])
    jaffe_ttxs.advance(v_mV * u.mV, T37, dt, P_TTXS, s2)
    assert s2[0] == pytest.approx(m_inf * -math.expm1(-dt / u.ms / tau_m), rel=1e-9)
    s3 = np.array([0.0, 0.0])
    jaffe_ttxs.advance(v_mV * u.mV, T37, tau_h * u.ms, P_TTXS, s3)
    assert s3[1] == pytest.approx(s[1] * (1 - math.exp(-1.0)), rel=1e-9)


@pytest.mark.parametrize(("v_mV", "n_inf"), KDR_RAN)
def test_kdr_sheets_matches_neuron_with_its_unset_celsius_t(v_mV: float, n_inf: float) -> None:
    s = np.zeros(1)
    jaffe_kdr.steady_state(v_mV * u.mV, T37, P_KDR, s)
    assert s[0] == pytest.approx(n_inf, rel=1e-9)
    # tau from kdr_sheets.mod:58-65, times 1 / 3.3^((0 - 22)/10) = 13.8 (celsiusT unset)
    vm = v_mV
    tau = (
        1000 * (0.000688 + 1 / (math.exp((vm + 75.2) / 6.5) + math.exp((vm - 131.5) / -34.8)))
        if vm < -31
        else 0.16 + 0.8 * math.exp(-0.0267 * (vm + 11))
    ) * 3.3**2.2
    s2 = np.zeros(1)
    jaffe_kdr.advance(v_mV * u.mV, T37, tau * u.ms, P_KDR, s2)
    assert s2[0] == pytest.approx(n_inf * (1 - math.exp(-1.0)), rel=1e-9)


def _ion_row(nai: float = 15.0, i_ca: float = 0.0) -> np.ndarray:
    row = np.zeros(len(ION_FIELDS))
    row[ION_FIELDS.index("nai")] = nai
    row[ION_FIELDS.index("i_ca")] = i_ca
    return row


@given(st.floats(1.0, 100.0), st.floats(1.0, 100.0))
def test_pump_is_silent_at_its_start_and_pumps_na_out_when_loaded(nai0: float, nai: float) -> None:
    p = np.array(sundt_pump.DEFAULT_PARAMS)
    s = np.zeros(1)
    sundt_pump.steady_state(-0.06, T37, p, s, _ion_row(nai0))
    g = sundt_pump.DENSITY
    assert sundt_pump.current(-0.06, T37, s, g, p, _ion_row(nai0)) == 0.0
    i = sundt_pump.current(-0.06, T37, s, g, p, _ion_row(nai))
    assert np.sign(i) == np.sign(nai - nai0)  # net outward when Na+ rose (3 out, 2 in)
    assert sum(sundt_pump.FAMILY.carries) == 1.0


def test_pump_follows_fpump_mod() -> None:
    # fpump.mod:65: pumpbar / (1 + (6.7 / nai)^1.5), here minus its value at 15 mM
    p = np.array(sundt_pump.DEFAULT_PARAMS)
    s = np.zeros(1)
    sundt_pump.steady_state(-0.06, T37, p, s, _ion_row(15.0))
    i = sundt_pump.current(-0.06, T37, s, 1.0, p, _ion_row(20.0))
    assert i == pytest.approx(1 / (1 + (6.7 / 20) ** 1.5) - 1 / (1 + (6.7 / 15) ** 1.5))


def test_sk_opens_as_calcium_current_loads_its_pool() -> None:
    p = np.array(sundt_sk.DEFAULT_PARAMS)
    s = np.zeros(2)
    sundt_sk.steady_state(-0.06, T37, p, s, _ion_row())
    assert s[0] == pytest.approx(7e-5)
    q_rest = s[1]
    inward = _ion_row(i_ca=-0.1 * u.mA / u.cm2)
    for _ in range(400):
        sundt_sk.advance(-0.06, T37, 25 * u.us, p, s, inward)
    # SK.mod:52: d[Ca]/dt = -0.026 * ica [mM/ms, mA/cm2] for 10 ms, relaxing in 500 ms
    assert s[0] == pytest.approx(7e-5 + 0.026 * 0.1 * 500 * -math.expm1(-10 / 500), rel=1e-6)
    assert s[1] > 10 * q_rest


def test_cal_reversal_is_cal_mod_fixed_value() -> None:
    # cal.mod:52: 1000 (25 + 273.15) R / (2 F) ln(2 / 7e-5) mV
    assert sundt_cal.E_CA / u.mV == pytest.approx(131.80, abs=0.01)
