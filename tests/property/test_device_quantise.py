"""Hypothesis: quantisation never exceeds a limit, floors, and is idempotent."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drgsim import device
from drgsim import units as u

GENERATOR = device.pulse_generator("axium-investigational")


@given(st.floats(-2 * u.mA, 20 * u.mA, allow_nan=False))
def test_quantise_amplitude(amplitude: float) -> None:
    g = GENERATOR
    q = g.quantise_amplitude(amplitude)
    assert 0.0 <= q <= g.amplitude_max
    assert q <= max(amplitude, 0.0) * (1 + 1e-9) + 1e-15  # floors, never rounds up
    assert g.quantise_amplitude(q) == q
    assert g.check_amplitude(q) == q
    if 0.0 <= amplitude <= g.amplitude_max:  # the largest grid point below the value
        assert amplitude < q + g.amplitude_step(q) * (1 + 1e-9)


@given(st.floats(-100 * u.us, 2000 * u.us, allow_nan=False))
def test_quantise_pulse_width(pulse_width: float) -> None:
    g = GENERATOR
    q = g.quantise_pulse_width(pulse_width)
    assert g.pulse_width_min <= q <= g.pulse_width_max
    assert g.quantise_pulse_width(q) == q
    assert g.check_pulse_width(q) == q
    if pulse_width >= g.pulse_width_min:
        assert q <= pulse_width * (1 + 1e-9)


@given(st.floats(-10, 300, allow_nan=False))
def test_quantise_rate(rate: float) -> None:
    g = GENERATOR
    q = g.quantise_rate(rate)
    assert g.rate_min <= q <= g.rate_max
    assert g.quantise_rate(q) == q
    assert g.check_rate(q) == q
    if rate >= g.rate_min:
        assert q <= rate * (1 + 1e-9)
