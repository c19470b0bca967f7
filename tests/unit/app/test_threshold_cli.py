"""``drgsim threshold``: one JSON object, signed threshold, exit code 2 on bad options."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drgsim.app.cli import app

RUNNER = CliRunner()
SMALL = ["threshold", "--n-nodes", "11", "--distance-um", "1000", "--json"]


def test_json_output_has_a_signed_threshold() -> None:
    result = RUNNER.invoke(app, [*SMALL, "--max-amplitude-mA", "2"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["threshold_mA"] < 0
    assert out["initiation_region"] == "axon"
    assert out["status"] == ["ok"]
    lo, hi = out["bracket_mA"]
    assert hi == out["threshold_mA"] and abs(hi) / abs(lo) - 1 <= 0.01
    assert out["n_simulations"] == len(out["tested"])


def test_anodic_and_biphasic_options() -> None:
    cathodic = json.loads(RUNNER.invoke(app, SMALL).stdout)
    anodic = json.loads(RUNNER.invoke(app, [*SMALL, "--polarity", "anodic"]).stdout)
    assert anodic["threshold_mA"] > 0
    assert anodic["threshold_mA"] > abs(cathodic["threshold_mA"])  # cathodes excite more
    biphasic = RUNNER.invoke(app, [*SMALL, "--waveform", "biphasic", "--interphase-us", "20"])
    assert json.loads(biphasic.stdout)["threshold_mA"] < 0


def test_bad_options_exit_2_with_field_value_allowed() -> None:
    result = RUNNER.invoke(app, [*SMALL, "--diameter-um", "40"])
    assert result.exit_code == 2
    err = json.loads(result.stderr)["error"]
    assert err["field"] == "diameter_um" and err["value"] == 40
    assert "um" in err["allowed"]
    result = RUNNER.invoke(app, ["threshold", "--waveform", "square"])
    assert result.exit_code == 2
    assert "waveform" in result.stderr or "shape" in result.stderr


@pytest.mark.neuron_xcheck
def test_neuron_backend_gives_the_same_threshold() -> None:
    pytest.importorskip("neuron")
    ours = json.loads(RUNNER.invoke(app, SMALL).stdout)
    result = RUNNER.invoke(app, [*SMALL, "--backend", "neuron"])
    assert result.exit_code == 0, result.output
    theirs = json.loads(result.stdout)
    assert theirs["backend"] == "neuron"
    assert theirs["threshold_mA"] == pytest.approx(ours["threshold_mA"], rel=0.01)
