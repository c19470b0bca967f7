"""Scenario TOML: shipped scenarios load; every bad value names its key path, value and range."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion, region_levels
from drgsim.anatomy.ganglion import Side
from drgsim.anatomy.levels import SpinalLevel
from drgsim.errors import ConfigurationError, SafetyLimitError
from drgsim.therapy.scenario import (
    Indication,
    bundled_scenario_text,
    bundled_scenarios,
    check_programs,
    default_scenario,
    load_scenario,
    load_scenario_text,
    place_leads,
)

DEFAULT = bundled_scenario_text("crps-foot")


def test_shipped_scenarios() -> None:
    assert set(bundled_scenarios()) == {"crps-foot", "fbss-low-back", "knee", "groin"}
    for name in bundled_scenarios():
        s = load_scenario(name)
        assert s.name == name
        assert s.source == f"embedded:{name}"
        assert check_programs(s)


def test_default_is_crps_of_one_foot_at_matching_lumbar_levels() -> None:
    s = default_scenario()
    assert s.indication is Indication.CRPS
    assert [(p.region, p.side) for p in s.pain] == [(BodyRegion.FOOT, Side.LEFT)]
    levels = [p.level for p in s.leads]
    assert levels == [SpinalLevel.L4, SpinalLevel.L5]
    # each lead sits at a level serving the painful region (anatomy.md §6.2)
    assert set(levels) <= set(region_levels("foot"))
    lp = s.programs[0].leads[0]
    assert lp.rate == pytest.approx(20 * u.Hz)  # Piedade 2022
    assert lp.amplitude == pytest.approx(0.8 * u.mA)
    assert lp.pulse_width == pytest.approx(300 * u.us)


def test_scenarios_target_the_clinical_levels() -> None:
    # clinical.md §5: knee L3 (± L4), low back L2 (± L3), groin T12-L1
    assert {p.level for p in load_scenario("knee").leads} <= {SpinalLevel.L3, SpinalLevel.L4}
    assert {p.level for p in load_scenario("fbss-low-back").leads} <= {
        SpinalLevel.L2,
        SpinalLevel.L3,
    }
    assert {p.level for p in load_scenario("groin").leads} == {SpinalLevel.T12, SpinalLevel.L1}


def test_leads_lie_against_their_drg() -> None:
    s = default_scenario()
    for lead, placement in zip(place_leads(s), s.leads, strict=True):
        # gap 0: the lead axis is one lead radius above the DRG surface, parallel to x
        assert lead.direction.tolist() == [-1.0, 0.0, 0.0]
        assert lead.contact_centres[:, 0].mean() == pytest.approx(placement.axial_offset)


def test_load_from_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(DEFAULT.replace('name = "crps-foot"', 'name = "mine"'), encoding="utf-8")
    s = load_scenario(path)
    assert s.name == "mine"
    assert s.source == str(path)


def _err(text: str) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as info:
        load_scenario_text(text, "bad.toml")
    return info.value


def _swap(old: str, new: str) -> str:
    assert old in DEFAULT
    return DEFAULT.replace(old, new, 1)


BAD_CASES = [
    # (old, new, field, value, allowed substring) -- issue 3 "Bad input"
    ("amplitude_mA = 0.8", "amplitude_mA = 7", "programs[0].leads[0].amplitude_mA", 7, "6 mA"),
    (
        "pulse_width_us = 300",
        "pulse_width_us = 305",
        "programs[0].leads[0].pulse_width_us",
        305,
        "10 us grid",
    ),
    ("rate_Hz = 20", "rate_Hz = 150", "programs[0].leads[0].rate_Hz", 150, "4-100 Hz"),
    ('level = "L4"', 'level = "L6"', "leads[0].level", "L6", "T10"),
    (
        'polarities = "0-+0"',
        'polarities = "0-+0+"',
        "programs[0].leads[0].polarities",
        "0-+0+",
        "4 contacts",
    ),
    ("lead = 1", "lead = 5", "programs[0].leads[1].lead", 5, "0-1"),
    ('region = "foot"', 'region = "elbow"', "pain[0].region", "elbow", "foot"),
    ("gap_mm = 0.0", "gap_mm = 40.0", "leads[0].gap_mm", 40.0, "0-10 mm"),
    ("n_cells_per_drg = 30", "n_cells_per_drg = 0", "population.n_cells_per_drg", 0, "1-"),
    ("dt_us = 5.0", "dt_us = 500.0", "solver.dt_us", 500.0, "0.1-100 us"),
    ('model = "drg-quadripolar"', 'model = "drg-octopolar"', "leads[0].model", "drg-", "drg"),
]


@pytest.mark.parametrize(("old", "new", "field", "value", "allowed"), BAD_CASES)
def test_bad_values_name_key_value_and_range(
    old: str, new: str, field: str, value: object, allowed: str
) -> None:
    err = _err(_swap(old, new))
    assert err.field == field
    if isinstance(value, str):
        assert str(err.value).startswith(value)
    else:
        assert float(err.value) == pytest.approx(value)
    assert allowed in err.allowed


def test_charge_density_above_the_limit_is_a_safety_error() -> None:
    text = DEFAULT.replace(
        "amplitude_mA = 0.8\npulse_width_us = 300", "amplitude_mA = 6\npulse_width_us = 720", 1
    )
    err = _err(text)
    assert isinstance(err, SafetyLimitError)
    assert err.field == "programs[0].leads[0].amplitude_mA"
    assert err.value == pytest.approx(6.0)
    assert "mA" in err.allowed


def test_malformed_toml_names_file_and_line() -> None:
    err = _err(_swap("[population]", "[population\n"))
    assert err.field.startswith("bad.toml:line ")
    line = int(err.field.rsplit(" ", 1)[1])
    assert "[population" in DEFAULT.splitlines()[line - 1]


def test_unknown_key_and_wrong_type_are_refused() -> None:
    assert _err(_swap("gap_mm = 0.0", "gapp_mm = 0.0")).field == "leads[0].gapp_mm"
    err = _err(_swap("amplitude_mA = 0.8", 'amplitude_mA = "0.8"'))
    assert err.field == "programs[0].leads[0].amplitude_mA"
    assert "number" in err.allowed


def test_missing_required_section() -> None:
    err = _err(DEFAULT.split("[[leads]]", 1)[0])
    assert err.field == "leads"


def test_missing_file_lists_shipped_scenarios(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        load_scenario(tmp_path / "nope.toml")
    assert info.value.field == "scenario"
    assert "crps-foot" in info.value.allowed


@settings(max_examples=60)
@given(
    amplitude=st.floats(-1.0, 10.0),
    pulse_width=st.floats(0.0, 1000.0),
    rate=st.floats(0.0, 200.0),
)
def test_any_program_either_loads_within_limits_or_names_its_key(
    amplitude: float, pulse_width: float, rate: float
) -> None:
    text = DEFAULT.replace(
        "amplitude_mA = 0.8\npulse_width_us = 300\nrate_Hz = 20",
        f"amplitude_mA = {amplitude!r}\npulse_width_us = {pulse_width!r}\nrate_Hz = {rate!r}",
        1,
    )
    try:
        s = load_scenario_text(text)
    except ConfigurationError as err:
        assert err.field in {
            "programs[0].leads[0].amplitude_mA",
            "programs[0].leads[0].pulse_width_us",
            "programs[0].leads[0].rate_Hz",
        }
        assert err.allowed
        return
    limits = s.safety_limits
    for report in check_programs(s):
        for dose in report.doses:
            assert dose.density <= limits.max_charge_density * (1 + 1e-9)
            assert dose.k <= limits.max_shannon_k + 1e-9
    lp = s.programs[0].leads[0]
    assert 0.0 <= lp.amplitude <= 6 * u.mA
    assert 40 * u.us <= lp.pulse_width <= 720 * u.us
    assert 4 * u.Hz <= lp.rate <= 100 * u.Hz


def test_bad_battery_values_name_their_key() -> None:
    err = _err(DEFAULT + "\n[battery]\ncapacity_mAh = -3\n")
    assert err.field == "battery.capacity_mAh"
    assert err.value == -3
    err = _err(DEFAULT + "\n[battery]\nstimulation_hours_per_day = 30\n")
    assert err.field == "battery.stimulation_hours_per_day"
    assert "24 h" in err.allowed
