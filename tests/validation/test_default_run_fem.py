"""`drgsim run` on the default scenario, finite-element field and all, end to end (issue 5).

Slow: meshes and solves both levels (cold cache), then finds every neuron's threshold. A second
build of the same DRGs must take the field from the cache without meshing or solving.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from drgsim.app.cache import DiskCache
from drgsim.app.cli import app
from drgsim.field import fem, mesh
from drgsim.therapy.engine import EngineOptions, build_drg_models
from drgsim.therapy.field_section import field_section
from drgsim.therapy.pipeline import sample_populations
from drgsim.therapy.scenario import build_ganglia, default_scenario, place_leads


@pytest.mark.slow
def test_default_run_uses_the_fem_field_and_a_second_build_reuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    result = CliRunner().invoke(app, ["run", "--out", str(out), "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["outcomes"]["field"] == "fem"
    field = data["field"]
    assert field["method"] == "fem"
    assert [d["drg"] for d in field["drgs"]] == ["L4 left", "L5 left"]
    for drg in field["drgs"]:
        assert drg["mesh_nodes"] > 5000 and drg["mesh_tetrahedra"] > 5 * drg["mesh_nodes"] / 2
        assert {c["class"] for c in drg["cells"]} >= {"Aβ", "Aδ", "C"}
        phi = np.array(drg["slice"]["potential_mV"], dtype=float)
        assert np.isnan(phi).any() and np.nanmax(np.abs(phi)) > 0  # the lead is cut out
    for kind in ("field_along_cells", "field_slice"):
        assert (out / f"{kind}.png").stat().st_size > 0 and (out / f"{kind}.svg").is_file()
    assert "Field: potential and activating function" in (out / "report.html").read_text()
    program = data["outcomes"]["programs"][0]
    assert all(d["soma_initiations"] == 0 for d in program["drgs"])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("meshed or solved although the cache holds the field")

    monkeypatch.setattr(mesh, "mesh_level", refuse)
    monkeypatch.setattr(fem, "solve_unit_currents", refuse)
    s = default_scenario()
    ganglia = build_ganglia(s)
    drgs = tuple(ganglia.values())
    models = build_drg_models(
        drgs, sample_populations(s, drgs), place_leads(s, ganglia), s.seed,
        EngineOptions(field="fem"), DiskCache(cache),
    )  # fmt: skip
    again = json.loads(json.dumps(field_section(s, models, "fem").to_dict()))
    for first, second in zip(field["drgs"], again["drgs"], strict=True):
        assert second["cells"] == first["cells"]
        assert second["slice"] == first["slice"]
