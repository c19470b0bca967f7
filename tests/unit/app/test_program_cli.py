"""`drgsim program`: ranked table, JSON and Pareto figure; bad input exits 2 with one line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from drgsim.app.cli import app

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

TINY = """
[scenario]
name = "tiny-cli"
title = "tiny foot scenario"
indication = "crps"
seed = 3
[[pain]]
region = "foot"
side = "left"
[device]
pulse_generator = "axium-investigational"
[[leads]]
level = "L5"
side = "left"
model = "drg-quadripolar"
[[programs]]
name = "p"
[[programs.leads]]
lead = 0
polarities = "0-+0"
amplitude_mA = 0.8
pulse_width_us = 300
rate_Hz = 20
[population]
n_cells_per_drg = 3
"""

FAST = ["--pulse-width-us", "300", "--verify", "0"]


def test_program_writes_json_and_figures(tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(TINY, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["program", str(scenario), "--out", str(out), "--top", "3", *FAST])
    assert result.exit_code == 0, result.output
    assert "Automatic programming" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["pareto.png", "pareto.svg", "programs.json"]
    assert (out / "pareto.png").read_bytes().startswith(PNG_MAGIC)
    data = json.loads((out / "programs.json").read_text(encoding="utf-8"))
    assert data["scenario"] == "tiny-cli"
    assert 1 <= len(data["ranked"]) <= 3
    best = data["ranked"][0]
    assert best["leads"][0]["pulse_width_us"] == 300
    assert 0 <= best["coverage_percent"] <= 100
    assert data["pareto"]


def test_json_flag_prints_one_object(tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(TINY, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["program", str(scenario), "--out", str(out), "--json", "--top", "1", *FAST]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["ranked"]) == 1


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    cases = [
        (["program", "no-such-scenario"], "scenario="),
        (["program", "knee", "--top", "0"], "--top=0"),
        (["program", "knee", "--field", "magic"], "--field=magic"),
        (["program", "knee", "--pulse-width-us", "-5"], "pulse_widths_us=-5"),
        (["program", "knee", "--verify", "-1"], "n_verify=-1"),
    ]
    for args, start in cases:
        result = runner.invoke(app, [*args, "--out", str(tmp_path / "o")])
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: " + start), lines
    assert not (tmp_path / "o").exists()
