"""`drgsim run`: writes both files with embedded figures; bad input exits 2 leaving --out empty."""

from __future__ import annotations

import base64
import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drgsim.app.cli import app
from drgsim.therapy.scenario import bundled_scenario_text

runner = CliRunner()
DEFAULT = bundled_scenario_text("crps-foot")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_default_run_writes_report_and_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--no-neurons", "--out", str(out)])
    assert result.exit_code == 0, result.output
    kinds = ("charge_density", "leads_over_drgs", "pain_regions", "population")
    figures = [f"{k}.{ext}" for k in kinds for ext in ("png", "svg")]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["report.html", "results.json", *figures]
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 4
    assert all(base64.b64decode(i).startswith(PNG_MAGIC) for i in images)
    assert "http://" not in html and "https://" not in html.split("<footer>")[0].replace(
        "https://toml.io", ""
    )
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["scenario"]["name"] == "crps-foot"
    contact = data["safety"]["programs"][0]["contacts"][0]
    lead = data["leads"]["leads"][0]
    area_cm2 = math.pi * lead["contact_diameter_mm"] * lead["contact_length_mm"] / 100
    q = 0.8 * 300 / 1000  # uC
    assert contact["charge_per_phase_uC"] == pytest.approx(q)
    assert contact["charge_density_uC_per_cm2"] == pytest.approx(q / area_cm2)
    assert f"{q / area_cm2:.3g}" in html  # the number shown is the number saved
    assert "crps-foot" in result.output or "CRPS" in result.output


def test_named_scenario_runs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "knee", "--no-neurons", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "results.json").read_text())["scenario"]["name"] == "knee"


BAD = [
    ("amplitude_mA = 0.8", "amplitude_mA = 7", "programs[0].leads[0].amplitude_mA=7"),
    ("pulse_width_us = 300", "pulse_width_us = 305", "programs[0].leads[0].pulse_width_us=305"),
    ("rate_Hz = 20", "rate_Hz = 150", "programs[0].leads[0].rate_Hz=150"),
    ('level = "L4"', 'level = "L6"', "leads[0].level=L6"),
    ('polarities = "0-+0"', 'polarities = "0-+0+"', "programs[0].leads[0].polarities=0-+0+"),
    (
        "amplitude_mA = 0.8\npulse_width_us = 300",
        "amplitude_mA = 6\npulse_width_us = 720",
        "programs[0].leads[0].amplitude_mA=6",
    ),
    ("[population]", "[population\n", "bad.toml:line"),
]


@pytest.mark.parametrize(("old", "new", "field"), BAD)
def test_bad_input_exits_2_names_the_field_and_writes_nothing(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text(DEFAULT.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["run", str(scenario), "--no-neurons", "--out", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert field in lines[0]
    assert "allowed" in lines[0] or "expected" in lines[0]
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_missing_scenario_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.toml"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: scenario=")
    assert list(tmp_path.iterdir()) == []


def _capture_run(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replace the pipeline by a run without neurons that records what the CLI asked for."""
    from drgsim.therapy import pipeline

    seen: dict[str, object] = {}
    real = pipeline.run_scenario

    def fake(scenario, *, engine=None, cache=None):  # type: ignore[no-untyped-def]
        seen["engine"], seen["cache"] = engine, cache
        return real(scenario)

    monkeypatch.setattr(pipeline, "run_scenario", fake)
    return seen


def test_run_uses_the_finite_element_field_cached_in_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _capture_run(monkeypatch)
    monkeypatch.delenv("DRGSIM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(app, ["run", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert str(seen["engine"].field) == "fem"  # type: ignore[attr-defined]
    assert seen["cache"].root == tmp_path / "xdg" / "drgsim"  # type: ignore[attr-defined]
    assert "field: fem" in result.output


def test_cache_folder_from_the_environment_or_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _capture_run(monkeypatch)
    monkeypatch.setenv("DRGSIM_CACHE_DIR", str(tmp_path / "env"))
    args = ["run", "--field", "analytic", "--out", str(tmp_path / "out")]
    assert runner.invoke(app, args).exit_code == 0
    assert str(seen["engine"].field) == "analytic"  # type: ignore[attr-defined]
    assert seen["cache"].root == tmp_path / "env"  # type: ignore[attr-defined]
    assert runner.invoke(app, [*args, "--cache-dir", str(tmp_path / "opt")]).exit_code == 0
    assert seen["cache"].root == tmp_path / "opt"  # type: ignore[attr-defined]


def test_unknown_field_model_exits_2_naming_the_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--field", "bem", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --field=bem: allowed analytic, fem")
    assert list(tmp_path.iterdir()) == []
