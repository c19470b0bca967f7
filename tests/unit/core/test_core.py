"""Units, errors and registries."""

from __future__ import annotations

import pytest

from drgsim import units as u
from drgsim._registry import Registry
from drgsim.errors import ConfigurationError, UnknownNameError


def test_units_convert_round_trip() -> None:
    assert 0.8 * u.mA / u.uA == pytest.approx(800.0)
    assert 300 * u.us / u.ms == pytest.approx(0.3)
    assert u.uC_per_cm2 == pytest.approx(1e-2)
    assert u.to_celsius(u.celsius(37.0)) == pytest.approx(37.0)


def test_configuration_error_carries_fields() -> None:
    err = ConfigurationError(
        "pulse_width_us", 800, "40-720 us", hint="pick a value on the 10 us grid"
    )
    assert err.field == "pulse_width_us"
    assert err.value == 800
    assert "40-720 us" in str(err)
    assert err.as_dict()["allowed"] == "40-720 us"


def test_registry_miss_lists_close_names() -> None:
    r = Registry("waveform", {"biphasic": 1, "monophasic": 2})
    assert r["biphasic"] == 1
    with pytest.raises(UnknownNameError) as info:
        r["biphasik"]
    assert info.value.field == "waveform"
    assert "biphasic" in info.value.hint
    assert list(r) == ["biphasic", "monophasic"]
