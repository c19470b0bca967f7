"""Battery life from the device model: falls with amplitude, pulse width and rate; typical 2-5 y."""

from __future__ import annotations

import dataclasses

from drgsim import units as u
from drgsim.device import TYPICAL_LEAD_IMPEDANCE, BatteryModel
from drgsim.therapy.scenario import default_scenario
from drgsim.therapy.sections import PUBLISHED_LIFE_RANGE_YEARS


def _life(**changes: float) -> float:
    s = default_scenario()
    p = s.programs[0]
    p = dataclasses.replace(p, leads=(dataclasses.replace(p.leads[0], **changes),))
    return BatteryModel().service_life(p, TYPICAL_LEAD_IMPEDANCE) / u.year


def test_battery_life_falls_with_amplitude_pulse_width_and_rate() -> None:
    base = _life()
    assert _life(amplitude=2 * u.mA) < base
    assert _life(pulse_width=600 * u.us) < base
    assert _life(rate=60 * u.Hz) < base


def test_typical_program_lands_in_the_published_range() -> None:
    lo, hi = PUBLISHED_LIFE_RANGE_YEARS
    assert lo <= _life() <= hi
