"""Battery drain and service life against the published primary-cell range (device.md §7)."""

from __future__ import annotations

import dataclasses

import pytest

from drgsim import device
from drgsim import units as u
from drgsim.errors import ConfigurationError

BATTERY = device.BatteryModel()
Z = device.TYPICAL_LEAD_IMPEDANCE


def _with(**change: object) -> device.Program:
    p = device.typical_drg_program()
    return dataclasses.replace(p, leads=(dataclasses.replace(p.leads[0], **change),))  # type: ignore[arg-type]


def test_typical_program_is_a_documented_assumption() -> None:
    lp = device.typical_drg_program().leads[0]
    assert lp.amplitude == pytest.approx(0.8 * u.mA)
    assert lp.pulse_width == pytest.approx(300 * u.us)
    assert lp.rate == pytest.approx(20 * u.Hz)
    impedance = device.TYPICAL_LEAD_IMPEDANCE
    assert impedance == pytest.approx(1 * u.kohm)
    assert "unsourced" in BATTERY.source


def test_typical_drg_program_lasts_two_to_five_years() -> None:
    # Published primary-cell lives: DBS 3-5 years, median 45 months; SCS mean 58 months.
    life = BATTERY.service_life(device.typical_drg_program(), Z)
    assert 2.0 <= life / u.year <= 5.0
    assert life / u.year == pytest.approx(4.14, abs=0.01)


@pytest.mark.parametrize(
    "change",
    [
        {"amplitude": 0.5 * u.mA},
        {"amplitude": 1.0 * u.mA},
        {"pulse_width": 200 * u.us},
        {"pulse_width": 400 * u.us},
        {"rate": 10 * u.Hz},
        {"rate": 40 * u.Hz},
    ],
)
def test_typical_range_of_drg_programs_lasts_two_to_five_years(change: dict[str, float]) -> None:
    assert 2.0 <= BATTERY.service_life(_with(**change), Z) / u.year <= 5.0


def test_four_typical_leads_still_within_range() -> None:
    lp = device.typical_drg_program().leads[0]
    program = device.Program(
        name="four", leads=tuple(dataclasses.replace(lp, lead=i) for i in range(4))
    )
    life = BATTERY.service_life(program, {i: Z for i in range(4)})
    assert 2.0 <= life / u.year < BATTERY.service_life(device.typical_drg_program(), Z) / u.year


def test_life_falls_with_amplitude_pulse_width_and_rate() -> None:
    base = BATTERY.service_life(_with(), Z)
    assert BATTERY.service_life(_with(amplitude=1.6 * u.mA), Z) < base
    assert BATTERY.service_life(_with(pulse_width=600 * u.us), Z) < base
    assert BATTERY.service_life(_with(rate=60 * u.Hz), Z) < base
    assert BATTERY.service_life(_with(), 2 * Z) < base
    assert BATTERY.service_life(_with(waveform="biphasic-symmetric"), Z) < base


def test_energy_factor_is_i2rt_per_second_over_efficiency() -> None:
    lp = device.typical_drg_program().leads[0]
    expected = 20 * (0.8e-3) ** 2 * 1e3 * 300e-6 / 0.5  # [W]
    assert BATTERY.energy_factor(lp, Z) == pytest.approx(expected)
    assert BATTERY.energy_factor(dataclasses.replace(lp, enabled=False), Z) == 0.0
    assert BATTERY.energy_factor(lp, Z, duty=0.5) == pytest.approx(expected / 2)


def test_areas_sum_like_abbott_energy_factors() -> None:
    lp = device.typical_drg_program().leads[0]
    second = dataclasses.replace(lp, lead=1, amplitude=1.2 * u.mA, rate=40 * u.Hz)
    program = device.Program(name="two", leads=(lp, second))
    factors = BATTERY.energy_factors(program, {0: Z, 1: 1.5 * Z})
    assert factors == pytest.approx(
        (BATTERY.energy_factor(lp, Z), BATTERY.energy_factor(second, 1.5 * Z))
    )
    assert BATTERY.service_life(program, {0: Z, 1: 1.5 * Z}) == pytest.approx(
        BATTERY.life_from_factors(factors)
    )
    assert BATTERY.stimulation_power(program, {0: Z, 1: 1.5 * Z}) == pytest.approx(sum(factors))


def test_life_is_capped_by_the_quiescent_drain() -> None:
    off = _with(enabled=False)
    assert BATTERY.service_life(off, Z) == pytest.approx(BATTERY.energy / BATTERY.quiescent_power)
    assert BATTERY.service_life(off, Z) / u.year <= 5.0


def test_missing_impedance_names_the_lead() -> None:
    with pytest.raises(ConfigurationError) as info:
        BATTERY.service_life(device.typical_drg_program(), {1: Z})
    assert info.value.field == "impedances[0]"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"capacity": 0.0}, "capacity"),
        ({"cell_voltage": -3.0}, "cell_voltage"),
        ({"conversion_efficiency": 1.5}, "conversion_efficiency"),
        ({"quiescent_current": 5 * u.mA}, "quiescent_current"),
    ],
)
def test_battery_model_checks_itself(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        device.BatteryModel(**kwargs)
    assert info.value.field == field


def test_device_namespace_is_curated() -> None:
    assert len(set(device.__all__)) == len(device.__all__)
    for name in device.__all__:
        assert hasattr(device, name), name
