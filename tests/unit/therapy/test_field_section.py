"""The field section: traces along cells, the potential map, results.json and the report block.

Built on the analytic field (fast); the finite-element path is exercised end to end by
``tests/validation/test_default_run_fem.py``.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from drgsim import units as u
from drgsim.field.transfer import second_difference
from drgsim.neuron.cable import Kind
from drgsim.neuron.population import CellKind, CellOptions, CSegmentation
from drgsim.therapy.drg_field import analytic_transfer
from drgsim.therapy.engine import DrgModel, EngineOptions, build_drg_models
from drgsim.therapy.field_section import axon_path, drg_field_view, field_section
from drgsim.therapy.pipeline import sample_populations
from drgsim.therapy.report import section_block
from drgsim.therapy.scenario import build_ganglia, default_scenario, place_leads

ENGINE = EngineOptions(
    cells=CellOptions(n_motor=1, n_passage=1, c_segmentation=CSegmentation.COARSE),
    slice_shape=(12, 20),
)


@pytest.fixture(scope="module")
def models() -> tuple[DrgModel, ...]:
    s = default_scenario()
    ganglia = build_ganglia(s)
    drgs = tuple(ganglia.values())
    pops = sample_populations(s, drgs)
    return build_drg_models(drgs, pops, place_leads(s, ganglia), s.seed, ENGINE)


def test_axon_path_runs_between_the_cells_extreme_ends(models: tuple[DrgModel, ...]) -> None:
    cells = models[0].cells
    for m in cells.models:
        path = axon_path(m)
        x = m.position[:, 0]
        assert len(set(path.tolist())) == path.size >= 3
        span = m.position[path, 0]
        assert span[0] == span.min() and span[-1] == span.max()  # one end to the other
        assert span[-1] - span[0] >= 0.9 * (x.max() - x.min())
        if np.any(m.kind == Kind.NODE):
            assert np.all(m.kind[path] == Kind.NODE)


def test_traces_are_the_program_potential_and_its_second_difference(
    models: tuple[DrgModel, ...],
) -> None:
    s = default_scenario()
    section = field_section(s, models, "analytic")
    assert [d.model.name for d in section.drgs] == [m.name for m in models]
    view = section.drgs[1]
    model = view.model
    assert view.amplitude == pytest.approx(s.programs[0].leads[1].amplitude)
    kinds = {t.kind for t in view.traces}
    assert kinds == {CellKind(int(k)) for k in np.unique(model.cells.kind)}
    lead = place_leads(s, build_ganglia(s))[1]
    weights = np.asarray(s.programs[0].leads[1].contact_weights())
    for t in view.traces:
        expected = analytic_transfer((lead,), t.positions) @ weights * view.amplitude
        assert t.potential == pytest.approx(expected, rel=1e-9)
        assert t.activating == pytest.approx(second_difference(t.potential))
        # the cell shown is the most strongly driven of its class
        phi = model.transfer @ weights * view.amplitude
        best = 0.0
        for c in np.flatnonzero(model.cells.kind == int(t.kind)):
            local = phi[model.cells.comp_start[c] : model.cells.comp_start[c + 1]]
            best = max(
                best, float(second_difference(local[axon_path(model.cells.models[c])]).max())
            )
        assert float(t.activating.max()) == pytest.approx(best)


def test_potential_scales_with_amplitude_and_is_nan_only_inside_the_lead(
    models: tuple[DrgModel, ...],
) -> None:
    model = models[0]
    w = np.zeros(model.transfer.shape[1])
    w[1], w[2] = -1.0, 1.0
    a = drg_field_view(model, w, 0.5 * u.mA, "p")
    b = drg_field_view(model, w, 1.0 * u.mA, "p")
    assert b.slice_potential == pytest.approx(2 * a.slice_potential, nan_ok=True)
    field = model.field
    assert field is not None and field.geometry is not None
    inside = ~field.geometry.is_conducting(field.slice_points)
    assert np.array_equal(np.isnan(a.slice_potential), inside)
    assert inside.any() and (~inside).any()
    assert field.slice_points.shape == (12 * 20, 3)


def test_results_json_and_report_block(models: tuple[DrgModel, ...]) -> None:
    section = field_section(default_scenario(), models, "analytic")
    data = json.loads(json.dumps(section.to_dict()))
    assert data["method"] == "analytic"
    drg = data["drgs"][0]
    assert drg["amplitude_mA"] == pytest.approx(0.8)
    assert len(drg["slice"]["z_mm"]) == 12 and len(drg["slice"]["x_mm"]) == 20
    assert len(drg["slice"]["potential_mV"]) == 12
    cell = drg["cells"][0]
    assert len(cell["arc_mm"]) == len(cell["potential_mV"]) == len(cell["activating_function_mV"])
    assert cell["peak_potential_mV"] == pytest.approx(max(abs(v) for v in cell["potential_mV"]))
    block = section_block(section, None)  # type: ignore[arg-type]
    assert block.title.startswith("Field")
    assert {f.kind for f in block.figures} == {"field_along_cells", "field_slice"}
    shown = {row[3] for row in block.tables[1].rows}
    assert f"{cell['peak_potential_mV']:.3g}" in shown  # the number shown is the number saved


def test_bad_slice_shape_names_the_field() -> None:
    from drgsim.errors import ConfigurationError

    with pytest.raises(ConfigurationError) as err:
        EngineOptions(slice_shape=(10, 1000))
    assert err.value.field == "engine.slice_shape"


def test_compartments_beyond_the_grounded_box_get_zero_and_the_rest_the_solution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The solver only sees points in the box; outside it the ground's 0 V applies (F8)."""
    from drgsim.field import FieldMethod
    from drgsim.field.transfer import TransferMatrix
    from drgsim.therapy import drg_field

    s = default_scenario()
    ganglia = build_ganglia(s)
    g = next(iter(ganglia.values()))
    lead = place_leads(s, ganglia)[0]
    seen = {}

    def fake(geometry, points, *, options, cache):  # type: ignore[no-untyped-def]
        assert np.all(np.abs(points) < geometry.box_half_size)
        seen["n"] = points.shape[0]
        values = np.arange(points.shape[0] * 4, dtype=float).reshape(-1, 4) + 1.0
        ids = geometry.contact_ids
        return TransferMatrix(values=values, points=points, contact_ids=ids, metadata={})

    monkeypatch.setattr(drg_field, "solve_transfer", fake)
    points = np.array([[0.0, 0.0, 0.0], [40e-3, 0.0, 0.0], [-5e-3, 1e-3, 0.0], [0, 0, -30e-3]])
    f = drg_field.compute_drg_field(g, (lead,), points, FieldMethod.FEM, slice_shape=(4, 5))
    assert f.transfer.shape == (4, 4)
    assert np.all(f.transfer[[1, 3]] == 0.0)
    assert f.transfer[0] == pytest.approx([1, 2, 3, 4])
    assert f.transfer[2] == pytest.approx([5, 6, 7, 8])
    in_slice = f.geometry.is_conducting(f.slice_points)  # type: ignore[union-attr]
    assert seen["n"] == 2 + int(in_slice.sum())
    assert (
        np.isnan(f.slice_transfer[~in_slice]).all()
        and np.isfinite(f.slice_transfer[in_slice]).all()
    )
