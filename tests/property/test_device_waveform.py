"""Hypothesis: every charge-balanced waveform has zero net charge, however it is sampled."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from drgsim import device
from drgsim import units as u
from drgsim.device.waveform import PassiveRechargeBiphasic, SymmetricBiphasic

shapes = st.one_of(
    st.sampled_from([device.waveform(n) for n in device.WAVEFORMS]),
    st.builds(SymmetricBiphasic, interphase_gap=st.floats(0, 200 * u.us, allow_nan=False)),
    st.builds(
        PassiveRechargeBiphasic,
        interphase_gap=st.floats(0, 200 * u.us, allow_nan=False),
        recharge_ratio=st.floats(1, 20, allow_nan=False),
    ),
)


@given(
    shape=shapes,
    dt=st.floats(1 * u.us, 50 * u.us),
    pulse_width=st.floats(40 * u.us, 720 * u.us),
    rate=st.one_of(st.none(), st.floats(4, 100)),
)
def test_balanced_waveforms_have_zero_net_charge(
    shape: device.Waveform, dt: float, pulse_width: float, rate: float | None
) -> None:
    assume(pulse_width / dt >= 0.5)
    if rate is not None:
        assume(shape.span(pulse_width) * rate < 0.95)
    trace = shape.sample(dt, pulse_width, rate=rate)
    assert trace.dtype == np.float64 and trace.ndim == 1
    assert np.max(trace) == 1.0  # cathodic phase first at unit height
    first = int(np.flatnonzero(trace)[0])
    assert trace[first] == 1.0
    n_cathodic = int(np.sum(trace == 1.0))
    if shape.is_charge_balanced:
        assert abs(trace.sum()) <= 1e-9 * n_cathodic
    else:
        assert trace.sum() > 0.0
