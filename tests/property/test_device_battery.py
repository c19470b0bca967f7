"""Hypothesis: battery life never rises when amplitude, pulse width, rate or impedance rise."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from drgsim import device
from drgsim import units as u

BATTERY = device.BatteryModel()
BASE = device.typical_drg_program().leads[0]

amplitudes = st.floats(0, 6 * u.mA)
pulse_widths = st.floats(40 * u.us, 720 * u.us)
rates = st.floats(4, 100)
impedances = st.floats(100, 5000)


@given(
    a=amplitudes,
    pw=pulse_widths,
    rate=rates,
    z=impedances,
    knob=st.sampled_from(["amplitude", "pulse_width", "rate", "impedance"]),
    factor=st.floats(1.0, 3.0),
)
def test_life_is_monotone(
    a: float, pw: float, rate: float, z: float, knob: str, factor: float
) -> None:
    settings = {"amplitude": a, "pulse_width": pw, "rate": rate, "impedance": z}
    raised = dict(settings)
    raised[knob] *= factor

    def life(s: dict[str, float]) -> float:
        lp = dataclasses.replace(
            BASE, amplitude=s["amplitude"], pulse_width=s["pulse_width"], rate=s["rate"]
        )
        return BATTERY.service_life(device.Program(name="p", leads=(lp,)), s["impedance"])

    before, after = life(settings), life(raised)
    assert after <= before * (1 + 1e-12)
    assert 0 < after <= BATTERY.energy / BATTERY.quiescent_power * (1 + 1e-12)
