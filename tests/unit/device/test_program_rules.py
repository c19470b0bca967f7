"""Programs: polarity rules (reference/device.md §5) and contact weights."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from drgsim import device
from drgsim import units as u
from drgsim.errors import ConfigurationError, UnknownNameError


def _lp(**kwargs: object) -> device.LeadProgram:
    base: dict[str, object] = {
        "lead": 0,
        "polarities": ("-", "+", "0", "0"),
        "amplitude": 0.8 * u.mA,
        "pulse_width": 300 * u.us,
        "rate": 20 * u.Hz,
    }
    base.update(kwargs)
    return device.LeadProgram(**base)  # type: ignore[arg-type]


def test_polarities_become_enum_and_weights_sum_to_zero() -> None:
    lp = _lp(polarities=("-", "-", "+", "0"))
    assert lp.polarities == (
        device.Polarity.CATHODE,
        device.Polarity.CATHODE,
        device.Polarity.ANODE,
        device.Polarity.OFF,
    )
    w = lp.contact_weights()
    assert w.tolist() == [-0.5, -0.5, 1.0, 0.0]
    assert w.sum() == 0.0
    assert not w.flags.writeable
    assert lp.contact_currents() / u.mA == pytest.approx([-0.4, -0.4, 0.8, 0.0])


def test_guarded_cathode_weights() -> None:
    w = _lp(polarities=("+", "-", "+", "0")).contact_weights()
    assert w.tolist() == [0.5, -1.0, 0.5, 0.0]


@pytest.mark.parametrize("polarities", [("-", "-", "0", "0"), ("+", "0", "0", "0"), ("0",) * 4])
def test_enabled_lead_needs_anode_and_cathode(polarities: tuple[str, ...]) -> None:
    with pytest.raises(ConfigurationError) as info:
        _lp(polarities=polarities)
    assert info.value.field == "polarities"
    assert "'+'" in info.value.allowed and "'-'" in info.value.allowed


def test_disabled_zero_amplitude_lead_may_lack_poles() -> None:
    lp = _lp(polarities=("0",) * 4, enabled=False, amplitude=0.0)
    assert lp.contact_weights().tolist() == [0.0] * 4
    with pytest.raises(ConfigurationError):
        _lp(polarities=("0",) * 4, enabled=False, amplitude=0.1 * u.mA)


def test_contact_change_disables_and_zeroes() -> None:
    lp = _lp(patient_max_amplitude=1.2 * u.mA)
    changed = lp.with_polarities(("+", "-", "0", "0"))
    assert not changed.enabled
    assert changed.amplitude == 0.0
    assert changed.contact_weights().tolist() == [1.0, -1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amplitude": -0.1 * u.mA}, "amplitude"),
        ({"amplitude": float("nan")}, "amplitude"),
        ({"pulse_width": 0.0}, "pulse_width"),
        ({"rate": -20.0}, "rate"),
        ({"patient_max_amplitude": -1.0}, "patient_max_amplitude"),
        ({"polarities": ("-", "x", "0", "0")}, "polarities[1]"),
        ({"polarities": ()}, "polarities"),
        ({"lead": -1}, "lead"),
        ({"enabled": "yes"}, "enabled"),
    ],
)
def test_lead_program_names_bad_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        _lp(**kwargs)
    assert info.value.field == field


def test_unknown_waveform() -> None:
    with pytest.raises(UnknownNameError) as info:
        _lp(waveform="biphasic")
    assert info.value.field == "waveform"


def test_program_concatenates_leads_and_rejects_duplicates() -> None:
    a = _lp()
    b = _lp(lead=2, polarities=("0", "+", "-", "0"), amplitude=1.0 * u.mA, enabled=False)
    p = device.Program(name="two", leads=(a, b))
    assert p.n_contacts == 8
    assert p.contact_weights().tolist() == [-1, 1, 0, 0, 0, 1, -1, 0]
    currents = p.contact_currents()
    assert currents[:2] / u.mA == pytest.approx([-0.8, 0.8])
    assert np.all(currents[4:] == 0.0)  # disabled lead delivers nothing
    assert "lead 2" in p.describe()
    with pytest.raises(ConfigurationError) as info:
        device.Program(name="dup", leads=(a, dataclasses.replace(a)))
    assert info.value.field == "leads[1].lead"
    with pytest.raises(ConfigurationError) as info:
        device.Program(name="none", leads=())
    assert info.value.field == "leads"
    with pytest.raises(ConfigurationError) as info:
        device.Program(name="five", leads=tuple(_lp(lead=i) for i in range(5)))
    assert info.value.field == "leads"


def test_max_amplitude_includes_patient_window() -> None:
    assert _lp().max_amplitude == pytest.approx(0.8 * u.mA)
    assert _lp(patient_max_amplitude=1.5 * u.mA).max_amplitude == pytest.approx(1.5 * u.mA)
