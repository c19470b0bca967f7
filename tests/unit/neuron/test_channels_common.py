"""Properties every channel family of the DRG neuron models must have."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _channel_helpers import params
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.neuron.channels import (
    gaines_kf,
    gaines_ks,
    gaines_naf,
    gaines_nap,
    rattay_k,
    rattay_na,
    sundt_kdr,
    sundt_km,
    sundt_na,
)

FAMILIES = [
    m.FAMILY
    for m in (
        sundt_na,
        sundt_kdr,
        sundt_km,
        gaines_naf,
        gaines_nap,
        gaines_ks,
        gaines_kf,
        rattay_na,
        rattay_k,
    )
]


def test_names_match_the_agreed_registry_names() -> None:
    assert [f.name for f in FAMILIES] == [
        "sundt_na",
        "sundt_kdr",
        "sundt_km",
        "gaines_naf",
        "gaines_nap",
        "gaines_ks",
        "gaines_kf",
        "rattay_na",
        "rattay_k",
    ]
    for f in FAMILIES:
        assert len(f.param_names) == len(f.default_params)
        assert f.source


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
@settings(max_examples=40)
@given(
    v_mV=st.floats(-200.0, 150.0),
    celsius=st.floats(5.0, 42.0),
    dt_us=st.floats(0.1, 1e5),
    start=st.floats(0.0, 1.0),
)
def test_gates_stay_in_unit_interval_and_relax_to_steady_state(
    family, v_mV: float, celsius: float, dt_us: float, start: float
) -> None:
    p = params(family)
    T = u.celsius(celsius)
    s_inf = np.zeros(family.n_states)
    family.steady_state(v_mV * u.mV, T, p, s_inf)
    s = np.full(family.n_states, start)
    family.advance(v_mV * u.mV, T, dt_us * u.us, p, s)
    assert np.all((s >= 0.0) & (s <= 1.0))
    assert np.all((s_inf >= 0.0) & (s_inf <= 1.0))
    # the exact exponential moves monotonically toward the steady state, never past it
    assert np.all(np.abs(s - s_inf) <= np.abs(start - s_inf) + 1e-12)
    family.advance(v_mV * u.mV, T, math.inf, p, s)
    np.testing.assert_allclose(s, s_inf, atol=1e-12)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_current_reverses_at_its_reversal_potential(family) -> None:
    p = params(family)
    e_rev = p[0]
    s = np.full(family.n_states, 0.7)
    g = 1.0 * u.S_per_cm2
    assert family.current(e_rev, u.celsius(37.0), s, g, p) == pytest.approx(0.0, abs=1e-12)
    assert family.current(e_rev + 10 * u.mV, u.celsius(37.0), s, g, p) > 0.0
