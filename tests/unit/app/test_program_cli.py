"""`drgsim program`: ranked table, JSON and Pareto figure; bad input exits 2 with one line."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from drgsim import units as u
from drgsim.app.cli import app
from drgsim.neuron.population import CellOptions
from drgsim.therapy.engine import EngineOptions

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

TINY = Path(__file__).resolve().parents[2] / "data" / "tiny-foot.toml"

FAST = ["--pulse-width-us", "300", "--verify", "0"]


def test_program_writes_json_and_figures_and_prints_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["program", str(TINY), "--out", str(out), "--top", "3", "--json", *FAST]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert sorted(p.name for p in out.iterdir()) == ["pareto.png", "pareto.svg", "programs.json"]
    assert (out / "pareto.png").read_bytes().startswith(PNG_MAGIC)
    data = json.loads((out / "programs.json").read_text(encoding="utf-8"))
    assert data == printed
    assert data["scenario"] == "tiny"
    assert 1 <= len(data["ranked"]) <= 3
    best = data["ranked"][0]
    assert best["leads"][0]["pulse_width_us"] == 300
    assert 0 <= best["coverage_percent"] <= 100
    assert data["pareto"]


def test_table_lists_the_ranked_programs(tmp_path: Path) -> None:
    from drgsim.app.program_command import program_table
    from drgsim.therapy.autoprogram import AutoprogramOptions, autoprogram
    from drgsim.therapy.scenario import load_scenario

    options = AutoprogramOptions(pulse_widths=(300 * u.us,), n_reference=1, n_verify=0)
    engine = EngineOptions(cells=CellOptions(n_motor=1, n_passage=0))
    result = autoprogram(load_scenario(TINY), options, engine=engine)
    console = Console(width=100, record=True)
    console.print(program_table(result, 2))
    text = console.export_text()
    assert "Automatic programming: tiny (best 2)" in text
    assert "0: " in text and " 300 20" in text


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
