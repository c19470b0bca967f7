"""Output ranges and grids of the Axium generator (reference/device.md §4.1)."""

from __future__ import annotations

import pytest

from drgsim import device
from drgsim import units as u
from drgsim.errors import ConfigurationError


def test_axium_ranges(generator: device.PulseGenerator) -> None:
    g = generator
    assert g.max_leads == 4 and g.contacts_per_lead == 4
    assert g.amplitude_max == pytest.approx(6 * u.mA)
    assert g.amplitude_step(1.0 * u.mA) == pytest.approx(25 * u.uA)
    assert g.amplitude_step(2.0 * u.mA) == pytest.approx(50 * u.uA)
    assert g.amplitude_step(5.0 * u.mA) == pytest.approx(50 * u.uA)
    assert (g.pulse_width_min, g.pulse_width_max, g.pulse_width_step) == pytest.approx(
        (40 * u.us, 720 * u.us, 10 * u.us)
    )
    assert (g.rate_min, g.rate_max, g.rate_step) == pytest.approx((4.0, 100.0, 2.0))
    assert g.compliance_voltage is None
    assert "[READ]" in g.source


@pytest.mark.parametrize(
    ("given_mA", "expected_mA"),
    [
        (0.812, 0.8),
        (0.8, 0.8),
        (0.0249, 0.0),
        (1.99, 1.975),
        (2.0, 2.0),
        (2.07, 2.05),
        (5.99, 5.95),
        (6.0, 6.0),
        (7.5, 6.0),
        (-1.0, 0.0),
    ],
)
def test_quantise_amplitude_floors(
    generator: device.PulseGenerator, given_mA: float, expected_mA: float
) -> None:
    q = generator.quantise_amplitude(given_mA * u.mA)
    assert q / u.mA == pytest.approx(expected_mA)
    assert generator.quantise_amplitude(q) == q


@pytest.mark.parametrize("method", ["quantise_amplitude", "quantise_pulse_width", "quantise_rate"])
def test_quantise_rejects_nan(generator: device.PulseGenerator, method: str) -> None:
    with pytest.raises(ConfigurationError):
        getattr(generator, method)(float("nan"))


@pytest.mark.parametrize("method", ["check_amplitude", "check_pulse_width", "check_rate"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), "fast", None])
def test_checks_reject_non_numbers(
    generator: device.PulseGenerator, method: str, value: object
) -> None:
    with pytest.raises(ConfigurationError) as info:
        getattr(generator, method)(value, field="leads[0].x")
    assert info.value.field == "leads[0].x"


def test_quantise_pulse_width_and_rate(generator: device.PulseGenerator) -> None:
    assert generator.quantise_pulse_width(305 * u.us) / u.us == pytest.approx(300)
    assert generator.quantise_pulse_width(10 * u.us) / u.us == pytest.approx(40)
    assert generator.quantise_pulse_width(1000 * u.us) / u.us == pytest.approx(720)
    assert generator.quantise_rate(21 * u.Hz) == pytest.approx(20)
    assert generator.quantise_rate(500 * u.Hz) == pytest.approx(100)


def test_checks_accept_grid_values(generator: device.PulseGenerator) -> None:
    assert generator.check_amplitude(0.825 * u.mA) == pytest.approx(0.825 * u.mA)
    assert generator.check_amplitude(2.35 * u.mA) == pytest.approx(2.35 * u.mA)
    assert generator.check_amplitude(0.0) == 0.0
    assert generator.check_pulse_width(40 * u.us) == pytest.approx(40 * u.us)
    assert generator.check_pulse_width(720 * u.us) == pytest.approx(720 * u.us)
    assert generator.check_rate(4 * u.Hz) == pytest.approx(4.0)
    assert generator.check_rate(100 * u.Hz) == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("method", "value", "field", "shown", "allowed_part", "hint"),
    [
        ("check_pulse_width", 805 * u.us, "pulse_width", 805, "40-720 us", "use 720 us"),
        ("check_pulse_width", 305 * u.us, "pulse_width", 305, "10 us grid", "use 300 us"),
        ("check_pulse_width", 30 * u.us, "pulse_width", 30, "40-720 us", "use 40 us"),
        ("check_rate", 21 * u.Hz, "rate", 21, "2 Hz grid of 4-100 Hz", "use 20 Hz"),
        ("check_rate", 120 * u.Hz, "rate", 120, "4-100 Hz", "use 100 Hz"),
        ("check_amplitude", 6.5 * u.mA, "amplitude", 6.5, "0-6 mA", "use 6 mA"),
        ("check_amplitude", 0.81 * u.mA, "amplitude", 0.81, "25 uA steps", "use 0.8 mA"),
        ("check_amplitude", 2.025 * u.mA, "amplitude", 2.025, "50 uA steps", "use 2 mA"),
        ("check_amplitude", 800.0, "amplitude", 800000.0, "0-6 mA", "use 6 mA"),
    ],
)
def test_checks_name_field_value_and_range(
    generator: device.PulseGenerator,
    method: str,
    value: float,
    field: str,
    shown: float,
    allowed_part: str,
    hint: str,
) -> None:
    with pytest.raises(ConfigurationError) as info:
        getattr(generator, method)(value)
    err = info.value
    assert err.field == field
    assert err.value == pytest.approx(shown)
    assert allowed_part in err.allowed
    assert err.hint == hint
    assert "axium-investigational" in str(err)


def test_pulse_width_message_matches_house_style(generator: device.PulseGenerator) -> None:
    with pytest.raises(ConfigurationError) as info:
        generator.check_pulse_width(305 * u.us, field="leads[0].pulse_width")
    assert str(info.value) == (
        "leads[0].pulse_width=305 us is off the 10 us grid of 40-720 us for pulse generator "
        "'axium-investigational'; use 300 us"
    )


def test_check_n_leads(generator: device.PulseGenerator) -> None:
    assert generator.check_n_leads(4) == 4
    with pytest.raises(ConfigurationError) as info:
        generator.check_n_leads(5)
    assert info.value.allowed == "1-4 leads"


def test_compliance_is_configurable(generator: device.PulseGenerator) -> None:
    import dataclasses

    assert generator.check_compliance(6 * u.mA, 5 * u.kohm) == pytest.approx(6 * u.mA)
    limited = dataclasses.replace(generator, compliance_voltage=10 * u.V)
    assert limited.check_compliance(2 * u.mA, 5 * u.kohm) == pytest.approx(2 * u.mA)
    with pytest.raises(ConfigurationError) as info:
        limited.check_compliance(2.5 * u.mA, 5 * u.kohm)
    assert info.value.field == "amplitude"
    assert info.value.allowed == "0-2 mA"


def test_bands_must_be_contiguous() -> None:
    import dataclasses

    g = device.pulse_generator()
    with pytest.raises(ConfigurationError) as info:
        dataclasses.replace(
            g,
            amplitude_bands=(
                device.AmplitudeBand(low=0.0, high=2 * u.mA, step=25 * u.uA),
                device.AmplitudeBand(low=3 * u.mA, high=6 * u.mA, step=50 * u.uA),
            ),
        )
    assert info.value.field == "amplitude_bands"
