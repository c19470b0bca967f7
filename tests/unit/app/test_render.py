"""Figures return their ax; the writer leaves all files or none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Side, build_ganglion
from drgsim.anatomy.populations import sample_population
from drgsim.app.render import error_line, write_atomically
from drgsim.errors import ConfigurationError
from drgsim.plot import (
    plot_charge_density,
    plot_leads_over_drg,
    plot_pain_regions,
    plot_population,
)
from drgsim.therapy.pipeline import run_scenario
from drgsim.therapy.scenario import default_scenario


def _ax():  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    return Figure().subplots()


def test_plot_functions_take_and_return_ax() -> None:
    r = run_scenario(default_scenario())
    g = r.anatomy.ganglia[0]
    lead = r.leads.leads[0]
    ax = _ax()
    assert plot_leads_over_drg(ax, g, [lead], [r.scenario.programs[0].leads[0].polarities]) is ax
    assert len(ax.patches) >= 3 + lead.n_contacts  # DRG, two roots, contacts
    ax = _ax()
    assert plot_pain_regions(ax, [(BodyRegion.FOOT, Side.LEFT)]) is ax
    ax = _ax()
    assert plot_charge_density(ax, r.safety.reports) is ax
    assert len(ax.patches) == len(r.safety.reports[0].doses)
    ax = _ax()
    pop = sample_population(build_ganglion("L5", "left"), 30, np.random.default_rng(0))
    assert plot_population(ax, build_ganglion("L5", "left"), pop) is ax


def test_every_region_can_be_drawn_on_both_sides() -> None:
    ax = _ax()
    regions = [(r, s) for r in BodyRegion for s in Side]
    plot_pain_regions(ax, regions)


def test_writer_writes_all_files(tmp_path: Path) -> None:
    paths = write_atomically({"a.txt": "A", "b.txt": "B"}, tmp_path / "new")
    assert [p.read_text() for p in paths] == ["A", "B"]
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["a.txt", "b.txt"]


def test_writer_refuses_a_file_as_directory(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ConfigurationError) as info:
        write_atomically({"a.txt": "A"}, target)
    assert info.value.field == "--out"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_writer_cleans_up_when_a_write_fails(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_atomically({"a.txt": "A", "b.txt": 42}, tmp_path)  # type: ignore[dict-item]
    assert list(tmp_path.iterdir()) == []


def test_error_line_is_one_line_with_field_value_and_range() -> None:
    err = ConfigurationError("programs[0].leads[0].rate_Hz", 150.0, "4-100 Hz", hint="use\n100 Hz")
    line = error_line(err)
    assert line == "error: programs[0].leads[0].rate_Hz=150.0: allowed 4-100 Hz; use 100 Hz"
