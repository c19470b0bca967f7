"""Waveform shapes, sampling and charge balance."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import device
from drgsim import units as u
from drgsim.device.waveform import Monophasic, PassiveRechargeBiphasic, SymmetricBiphasic
from drgsim.errors import ConfigurationError


def test_registry_holds_three_shapes() -> None:
    assert list(device.WAVEFORMS) == ["biphasic-passive", "biphasic-symmetric", "monophasic"]
    assert device.DEFAULT_WAVEFORM == "biphasic-passive"
    assert device.waveform("monophasic").is_charge_balanced is False


def test_passive_recharge_is_cathodic_first_and_balanced() -> None:
    w = PassiveRechargeBiphasic(recharge_ratio=4.0)
    trace = w.sample(10 * u.us, 100 * u.us)
    assert trace.shape == (50,)
    assert np.all(trace[:10] == 1.0)
    assert np.allclose(trace[10:], -0.25)
    assert trace.sum() == pytest.approx(0.0, abs=1e-12)
    assert w.active_energy_factor == 1.0


def test_symmetric_with_gap() -> None:
    w = SymmetricBiphasic(interphase_gap=30 * u.us)
    trace = w.sample(10 * u.us, 50 * u.us, delay=20 * u.us)
    assert trace.tolist() == [0, 0] + [1] * 5 + [0] * 3 + [-1] * 5
    assert w.span(50 * u.us) == pytest.approx(130 * u.us)
    assert w.active_energy_factor == 2.0


def test_monophasic_is_not_balanced() -> None:
    trace = Monophasic().sample(10 * u.us, 100 * u.us)
    assert trace.sum() == pytest.approx(10.0)


def test_pulse_train_at_rate() -> None:
    w = device.waveform("biphasic-symmetric")
    trace = w.sample(50 * u.us, 100 * u.us, rate=100 * u.Hz, duration=50 * u.ms)
    assert trace.shape == (1000,)
    previous = np.concatenate([[0.0], trace[:-1]])
    onsets = np.flatnonzero((trace == 1.0) & (previous != 1.0))
    assert onsets.tolist() == [0, 200, 400, 600, 800]
    assert trace.sum() == pytest.approx(0.0, abs=1e-9)


def test_one_period_by_default_with_rate() -> None:
    trace = device.waveform("biphasic-passive").sample(10 * u.us, 300 * u.us, rate=20 * u.Hz)
    assert trace.shape == (5000,)
    assert trace.dtype == np.float64


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"dt": 0.0}, "dt"),
        ({"dt": 200 * u.us}, "dt"),
        ({"pulse_width": -1.0}, "pulse_width"),
        ({"rate": 6000.0}, "rate"),
        ({"duration": 50 * u.us}, "duration"),
        ({"delay": -1.0}, "delay"),
    ],
)
def test_bad_sampling_names_field(kwargs: dict[str, float], field: str) -> None:
    args: dict[str, float] = {"dt": 10 * u.us, "pulse_width": 100 * u.us}
    args.update(kwargs)
    with pytest.raises(ConfigurationError) as info:
        device.waveform("biphasic-symmetric").sample(**args)
    assert info.value.field == field


def test_recharge_ratio_is_checked() -> None:
    with pytest.raises(ConfigurationError) as info:
        PassiveRechargeBiphasic(recharge_ratio=0.5)
    assert info.value.field == "recharge_ratio"
