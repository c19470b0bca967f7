"""run_scenario sections, report content and results.json numbers against the safety formulas."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import pytest

from drgsim import units as u
from drgsim.anatomy.levels import SpinalLevel
from drgsim.therapy.pipeline import ResultSection, run_scenario
from drgsim.therapy.report import ReportBlock, build_report, results_dict, results_json
from drgsim.therapy.scenario import default_scenario, load_scenario


def test_default_run_sections_and_geometry() -> None:
    r = run_scenario(default_scenario())
    assert [s.key for s in r.sections][:3] == ["anatomy", "leads", "safety"]
    assert all(isinstance(s, ResultSection) for s in r.sections)
    levels = [g.level for g in r.anatomy.ganglia]
    assert levels == [SpinalLevel.L4, SpinalLevel.L5]
    (cov,) = r.anatomy.coverage
    assert cov.treated_levels == (SpinalLevel.L4, SpinalLevel.L5)
    assert cov.levels == (SpinalLevel.L4, SpinalLevel.L5, SpinalLevel.S1)
    assert len(r.leads.leads) == 2


def test_results_json_matches_the_charge_formulas() -> None:
    s = default_scenario()
    data = json.loads(results_json(run_scenario(s)))
    lead = data["leads"]["leads"][0]
    # A = pi d L (reference/safety.md §1) from the lead geometry shown
    area_cm2 = math.pi * (lead["contact_diameter_mm"] / 10) * (lead["contact_length_mm"] / 10)
    assert lead["contact_area_cm2"] == pytest.approx(area_cm2)
    program = data["scenario"]["programs"][0]["leads"][0]
    q_uC = program["amplitude_mA"] * program["pulse_width_us"] / 1000  # Q = I PW
    d = data["safety"]["programs"][0]["contacts"][0]
    assert d["charge_per_phase_uC"] == pytest.approx(q_uC)
    assert d["charge_density_uC_per_cm2"] == pytest.approx(q_uC / area_cm2)
    assert d["shannon_k"] == pytest.approx(math.log10(q_uC * q_uC / area_cm2))
    # the worked example of reference/safety.md §6: 1 mm x 1 mm contact, 0.8 mA, 300 us
    assert d["charge_density_uC_per_cm2"] == pytest.approx(7.64, abs=0.01)
    assert data["safety"]["limits"]["max_charge_density_uC_per_cm2"] > 0


def test_every_scenario_runs_and_serialises() -> None:
    for name in ("fbss-low-back", "knee", "groin"):
        r = run_scenario(load_scenario(name))
        text = results_json(r)
        assert "NaN" not in text and "Infinity" not in text
        json.loads(text)


def test_unmeasured_level_is_flagged_in_the_results() -> None:
    data = results_dict(run_scenario(load_scenario("groin")))
    t12 = next(g for g in data["anatomy"]["ganglia"] if g["level"] == "T12")
    assert t12["is_measured"] is False
    assert t12["measured_level"] == "L1"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Extra:
    value: float
    key: str = "extra"
    title: str = "Extra"

    def to_dict(self) -> dict[str, Any]:
        return {"value_mA": self.value / u.mA}


def test_sections_can_be_added_and_reported() -> None:
    r = run_scenario(default_scenario()).with_section(_Extra(value=1 * u.mA))
    assert r.section("extra").to_dict() == {"value_mA": pytest.approx(1.0)}
    assert results_dict(r)["extra"] == {"value_mA": pytest.approx(1.0)}
    blocks = build_report(r).blocks
    assert [b.key for b in blocks] == [
        "scenario",
        "anatomy",
        "leads",
        "safety",
        "battery",
        "population",
        "extra",
    ]
    assert isinstance(blocks[-1], ReportBlock)
    # replacing keeps the order
    r2 = r.with_section(_Extra(value=2 * u.mA))
    assert [s.key for s in r2.sections] == [s.key for s in r.sections]
    with pytest.raises(KeyError):
        r.section("neurons")


def test_report_asks_for_the_three_figures() -> None:
    report = build_report(run_scenario(default_scenario()))
    kinds = {f.kind for b in report.blocks for f in b.figures}
    assert kinds == {"leads_over_drgs", "pain_regions", "charge_density", "population"}


def test_battery_life_follows_the_device_formula() -> None:
    from drgsim.device import TYPICAL_LEAD_IMPEDANCE, WAVEFORMS

    s = default_scenario()
    data = results_dict(run_scenario(s))["battery"]
    m = s.battery
    power = m.quiescent_current * m.cell_voltage
    for lp in s.programs[0].leads:
        f_w = WAVEFORMS[lp.waveform].active_energy_factor
        power += (
            lp.rate * f_w * lp.amplitude**2 * TYPICAL_LEAD_IMPEDANCE * lp.pulse_width
        ) / m.conversion_efficiency
    life_years = m.capacity * m.cell_voltage / power / u.year
    (prog,) = data["programs"]
    assert prog["battery_life_years"] == pytest.approx(life_years)
    assert prog["impedance_assumed_leads"] == [0, 1]


def test_shipped_scenarios_last_within_the_published_range() -> None:
    # device.md §7: primary-cell DBS 3-5 years, non-rechargeable SCS 58 months; issue: 2-5 years
    for name in ("crps-foot", "fbss-low-back", "knee", "groin"):
        for prog in results_dict(run_scenario(load_scenario(name)))["battery"]["programs"]:
            assert 2.0 <= prog["battery_life_years"] <= 5.0, name


def test_measured_impedance_and_hours_change_the_estimate() -> None:
    from drgsim.therapy.scenario import bundled_scenario_text, load_scenario_text

    base = bundled_scenario_text("knee")
    text = base.replace(
        'model = "drg-quadripolar"', 'model = "drg-quadripolar"\nimpedance_ohm = 3000'
    )
    text += "\n[battery]\nstimulation_hours_per_day = 12\n"
    b0 = results_dict(run_scenario(load_scenario_text(base)))["battery"]["programs"][0]
    b1 = results_dict(run_scenario(load_scenario_text(text)))["battery"]["programs"][0]
    assert b1["impedance_assumed_leads"] == []
    assert b1["impedance_ohm"] == {"0": 3000.0}
    # 3x impedance, half the hours: stimulation power x 1.5
    assert b1["stimulation_power_uW"] == pytest.approx(1.5 * b0["stimulation_power_uW"])
