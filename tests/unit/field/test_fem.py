"""Finite-element pipeline on a coarse one-level model: reciprocity, conservation, caching."""

from __future__ import annotations

import numpy as np
import pytest
from field_models import COARSE, make_geometry

from drgsim import units as u
from drgsim.app.cache import DiskCache
from drgsim.errors import GeometryError
from drgsim.field import FieldGeometry, SolverOptions, Tissue, solve_fem, solve_transfer
from drgsim.field import fem as fem_module
from drgsim.field import mesh as mesh_module
from drgsim.field.fem import FemSolution
from drgsim.field.transfer import TransferMatrix

OPTIONS = SolverOptions(resolution=COARSE)


@pytest.fixture(scope="module")
def model() -> FieldGeometry:
    return make_geometry()


@pytest.fixture(scope="module")
def cached(
    model: FieldGeometry, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DiskCache, TransferMatrix]:
    """One mesh and solve per file: the first run fills a cache the other tests reuse."""
    cache = DiskCache(tmp_path_factory.mktemp("field-cache"))
    return cache, solve_transfer(model, _points(), options=OPTIONS, cache=cache)


@pytest.fixture(scope="module")
def solution(model: FieldGeometry, cached: tuple[DiskCache, TransferMatrix]) -> FemSolution:
    return solve_fem(model, OPTIONS, cached[0])


def _points() -> np.ndarray:
    x = np.linspace(-5, 5, 21) * u.mm
    return np.column_stack([x, np.zeros_like(x), np.full_like(x, 1.0 * u.mm)])


def test_reciprocity(solution: FemSolution) -> None:
    r = solution.mutual_resistance
    assert r.shape == (4, 4)
    np.testing.assert_allclose(r, r.T, rtol=1e-9)
    assert np.all(np.diag(r) > r.max(axis=0) - 1e-9)  # each contact sees itself most


def test_current_conservation(solution: FemSolution) -> None:
    np.testing.assert_allclose(solution.ground_current, 1.0, rtol=1e-9)


def test_potential_decays_away_from_contact(solution: FemSolution, model: FieldGeometry) -> None:
    centre = model.leads[0].contact_centres[0]
    near = centre + np.array([0.0, 0.0, -1.2 * u.mm])
    far = centre + np.array([0.0, 0.0, -4.0 * u.mm])
    phi = solution.probe(np.array([near, far]))
    assert phi[0, 0] > phi[1, 0] > 0


def test_point_inside_lead_raises(solution: FemSolution, model: FieldGeometry) -> None:
    with pytest.raises(GeometryError) as err:
        solution.probe(model.leads[0].contact_centres[:1])
    assert err.value.part == "points[0]"


def test_second_run_neither_meshes_nor_solves(
    cached: tuple[DiskCache, TransferMatrix], model: FieldGeometry, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, first = cached
    assert first.values.shape == (21, 4)
    assert cache.misses > 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("cache missed: meshed or solved again")

    monkeypatch.setattr(mesh_module, "mesh_level", refuse)
    monkeypatch.setattr(fem_module, "solve_unit_currents", refuse)
    again = solve_transfer(model, _points(), options=OPTIONS, cache=cache)
    np.testing.assert_array_equal(again.values, first.values)
    assert again.metadata["content_hash"] == first.metadata["content_hash"]
    # New points on the same geometry reuse the stored mesh and solution.
    moved = solve_transfer(model, _points() + 0.1 * u.mm, options=OPTIONS, cache=cache)
    assert moved.metadata["content_hash"] != first.metadata["content_hash"]
    assert np.all(np.abs(moved.values - first.values) < 0.2 * np.abs(first.values).max())


def test_transfer_is_linear_superposition(solution: FemSolution) -> None:
    pts = _points()
    values = solution.probe(pts)
    bipolar = values @ np.array([1.0, -1.0, 0.0, 0.0])
    np.testing.assert_allclose(bipolar, values[:, 0] - values[:, 1])


def test_analytic_option_has_the_same_signature(model: FieldGeometry) -> None:
    fem_like = solve_transfer(model, _points(), options=SolverOptions(method="analytic"))
    assert fem_like.metadata["method"] == "analytic"
    assert fem_like.contact_ids == model.contact_ids
    assert np.all(fem_like.values > 0)


def test_floating_contacts_are_equipotential_reciprocal_and_conserve_current(
    solution: FemSolution, model: FieldGeometry
) -> None:
    from drgsim.field import ContactModel

    tensors = {t.value: model.tensor(t) for t in Tissue}
    floating = fem_module.solve_unit_currents(solution.mesh, tensors, 1, ContactModel.FLOATING)
    r = floating.mutual_resistance
    np.testing.assert_allclose(r, r.T, rtol=1e-9)
    np.testing.assert_allclose(floating.ground_current, 1.0, rtol=1e-9)
    for k, triangles in enumerate(solution.mesh.contact_facets):
        on_k = np.unique(triangles)
        assert np.ptp(floating.dofs[on_k], axis=0) == pytest.approx(0.0, abs=1e-12)
        np.testing.assert_allclose(floating.dofs[on_k[0]], r[k], rtol=1e-9)
    # a floating metal contact shorts the field along it: its self-resistance is below the
    # uniform-current mean potential (a uniform density over-drives the contact's ends), and
    # far from the lead the two models agree
    assert np.all(np.diag(r) < np.diag(solution.mutual_resistance))
    far = np.array([[0.0, 0.0, -8.0 * u.mm]])
    np.testing.assert_allclose(floating.probe(far), solution.probe(far), rtol=0.05)


def test_unknown_contact_model_names_the_field(solution: FemSolution) -> None:
    from drgsim.errors import ConfigurationError

    with pytest.raises(ConfigurationError) as err:
        SolverOptions(contact_model="sticky")  # type: ignore[arg-type]
    assert err.value.field == "contact_model"
