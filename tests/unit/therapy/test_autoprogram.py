"""Automatic programming on a tiny scenario: ranked, valid, on the Pareto front, reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from drgsim import units as u
from drgsim.device import PULSE_GENERATORS, check_program
from drgsim.errors import ConfigurationError
from drgsim.neuron.population import CellOptions, CSegmentation
from drgsim.therapy.autoprogram import AutoprogramOptions, Scalarisation, autoprogram
from drgsim.therapy.autoprogram.configs import contact_configurations
from drgsim.therapy.autoprogram.evidence import Stage, pareto_mask
from drgsim.therapy.autoprogram.levels import atlas_share, candidate_levels, clinical_tag
from drgsim.therapy.engine import EngineOptions
from drgsim.therapy.scenario import (
    default_scenario,
    load_scenario_text,
    place_leads,
)

TINY = (Path(__file__).resolve().parents[2] / "data" / "tiny-foot.toml").read_text(encoding="utf-8")

ENGINE = EngineOptions(
    cells=CellOptions(n_motor=1, n_passage=1, c_segmentation=CSegmentation.COARSE)
)
OPTIONS = AutoprogramOptions(pulse_widths=(300 * u.us,), n_reference=1, n_verify=1)


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return autoprogram(load_scenario_text(TINY), OPTIONS, engine=ENGINE)


def test_configurations_are_all_the_generator_allows() -> None:
    for n in (2, 3, 4):
        # every +/-/0 assignment minus those lacking an anode or a cathode
        assert len(contact_configurations(n)) == 3**n - 2 * 2**n + 1
    assert all(len(c) <= 4 for c in contact_configurations(4))
    assert len(contact_configurations(5, max_active=2)) == 5 * 4


def test_programs_are_ranked_valid_and_full_model(result) -> None:  # type: ignore[no-untyped-def]
    s = load_scenario_text(TINY)
    leads = place_leads(s)
    gen = PULSE_GENERATORS[s.pulse_generator]
    assert result.ranked, "no program proposed"
    scores = [e.score for e in result.ranked]
    assert scores == sorted(scores, reverse=True)
    for e in result.ranked:
        assert e.stage is Stage.FULL
        report = check_program(e.program, gen, leads, s.safety_limits)
        assert not report.soft_findings
        assert 0.0 <= e.coverage <= 1.0 and 0.0 <= e.off_target <= 1.0
        assert e.battery_life > 0
    names = [e.program.name for e in result.ranked]
    assert len(set(names)) == len(names)
    assert result.searches[0].n_configurations == 50
    assert result.searches[0].n_full_searches == 2  # one reference, one verified


def test_pareto_front_is_not_dominated(result) -> None:  # type: ignore[no-untyped-def]
    front = {e.program.name for e in result.pareto}
    assert front
    objs = {e.program.name: np.array(e.objectives()) for e in result.ranked}
    for name in front:
        for other, o in objs.items():
            if other != name:
                assert not (np.all(o >= objs[name]) and np.any(o > objs[name]))
    # and every program off the front is dominated by one on it
    assert pareto_mask(list(result.pareto)).all()


def test_more_amplitude_costs_more_energy(result) -> None:  # type: ignore[no-untyped-def]
    by_config: dict[str, list[tuple[float, float]]] = {}
    for e in result.ranked:
        lp = e.program.leads[0]
        by_config.setdefault("".join(lp.polarities), []).append((lp.amplitude, e.stimulation_power))
    for pairs in by_config.values():
        pairs.sort()
        powers = [p for _, p in pairs]
        assert powers == sorted(powers)


def test_reproducible_for_a_seed(result) -> None:  # type: ignore[no-untyped-def]
    again = autoprogram(load_scenario_text(TINY), OPTIONS, engine=ENGINE)
    assert again.to_dict() == result.to_dict()


def test_transmission_evidence_for_the_best_program() -> None:
    text = TINY + "[transmission]\nn_per_class = 1\nduration_s = 0.2\nbin_s = 0.1\n"
    options = AutoprogramOptions(
        pulse_widths=(300 * u.us,), n_reference=1, n_verify=0, n_transmission=1
    )
    result = autoprogram(load_scenario_text(text), options, engine=ENGINE)
    rows = result.ranked[0].transmission
    assert rows and all(drg == "L5 left" for drg, *_ in rows)
    assert {kind for _, kind, _, _ in rows} <= {"c", "adelta"}
    for _, _, without, with_ in rows:
        assert 0.0 <= without <= 1.0 and 0.0 <= with_ <= 1.0
    assert result.ranked[1].transmission == ()
    data = result.ranked[0].to_dict()["transmission"]
    assert len(data) == len(rows)


def test_json_is_plain(result) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(result.to_dict(top=3), allow_nan=False))
    assert len(data["ranked"]) == 3
    assert data["ranked"][0]["leads"][0]["pulse_width_us"] == 300


def test_bad_options_name_the_field() -> None:
    with pytest.raises(ConfigurationError) as err:
        AutoprogramOptions(pulse_widths=(0.3,))  # 0.3 s entered for 300 us
    assert err.value.field == "pulse_widths_us"
    with pytest.raises(ConfigurationError) as err:
        Scalarisation(motor=-1.0)
    assert err.value.field == "weights.motor"


def test_atlas_share_of_foot_levels() -> None:
    s = default_scenario()  # left foot: L4, L5, S1 (weights 1, 0.5, 0.5)
    shares = {lv: atlas_share(s, lv, side) for lv, side in candidate_levels(s)}
    assert {str(lv) for lv in shares} == {"L3", "L4", "L5", "S1", "S2"}
    by_name = {str(k): v for k, v in shares.items()}
    assert by_name["L4"] == pytest.approx(0.5)
    assert by_name["L5"] == pytest.approx(0.25) and by_name["S1"] == pytest.approx(0.25)
    assert by_name["L3"] == 0.0 and by_name["S2"] == 0.0
    assert sum(by_name.values()) == pytest.approx(1.0)
    assert clinical_tag(s, next(lv for lv in shares if str(lv) == "L5")) == "READ"
    assert clinical_tag(s, next(lv for lv in shares if str(lv) == "L3")) is None
