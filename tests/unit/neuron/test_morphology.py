"""Placement of neurons in space and the compartment assembler."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.errors import ConfigurationError, GeometryError
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.morphology import CableAssembler, Placement, along_polyline


def test_along_polyline_follows_corners_and_extends_past_the_end() -> None:
    v = np.array([[0, 0, 0], [2, 0, 0], [2, 3, 0]], float)
    pts = along_polyline(v, np.array([0.0, 1.0, 2.0, 4.0, 10.0]))
    np.testing.assert_allclose(pts, [[0, 0, 0], [1, 0, 0], [2, 0, 0], [2, 2, 0], [2, 8, 0]])


@settings(max_examples=40)
@given(st.lists(st.floats(0.0, 100.0), min_size=2, max_size=20))
def test_along_polyline_keeps_arc_length_on_a_line(arcs: list[float]) -> None:
    v = np.array([[1, 1, 1], [1 + 3 / 5, 1 + 4 / 5, 1]], float)
    a = np.sort(np.array(arcs))
    pts = along_polyline(v, a)
    np.testing.assert_allclose(np.linalg.norm(pts - v[0], axis=1), a, atol=1e-9)


def test_placement_normalises_and_places_branches() -> None:
    p = Placement(
        t_junction=np.array([1e-3, 0, 0]),
        stem_direction=np.array([0, 0, 5.0]),
        peripheral_path=np.array([[0.0, 0, 0], [0, -1e-3, 0]]),
        central_path=np.array([[2e-3, 0, 0]]),
    )
    np.testing.assert_allclose(p.stem_direction, [0, 0, 1])
    np.testing.assert_allclose(p.stem_points(np.array([1e-4]))[0], [1e-3, 0, 1e-4])
    np.testing.assert_allclose(p.peripheral_points(np.array([1.5e-3]))[0], [0, -0.5e-3, 0])
    np.testing.assert_allclose(p.central_points(np.array([3e-3]))[0], [4e-3, 0, 0])


def test_placement_from_soma_points_the_stem_at_the_soma() -> None:
    p = Placement.from_soma(
        soma_position=(0, 2e-4, 0),
        t_junction=(0, 0, 0),
        peripheral_path=[[-1e-3, 0, 0]],
        central_path=[[1e-3, 0, 0]],
    )
    np.testing.assert_allclose(p.stem_direction, [0, 1, 0])


def test_placement_rejects_bad_input() -> None:
    with pytest.raises(ConfigurationError) as err:
        Placement.straight(stem_direction=(0, 0, 0))
    assert err.value.field == "stem_direction"
    with pytest.raises(GeometryError):
        Placement(
            t_junction=np.zeros(3),
            stem_direction=np.array([0, 1.0, 0]),
            peripheral_path=np.zeros((1, 3)),
            central_path=np.ones((1, 3)),
        )
    with pytest.raises(ConfigurationError):
        Placement(
            t_junction=np.zeros(3),
            stem_direction=np.array([0, 1.0, 0]),
            peripheral_path=np.ones(3),
            central_path=np.ones((1, 3)),
        )


def test_assembler_builds_a_valid_model_and_rejects_bad_parents() -> None:
    asm = CableAssembler()
    kw = dict(
        diameter=1 * u.um,
        region=Region.AXON,
        kind=Kind.UNMYELINATED,
        cm=0.01,
        ra=1.0,
        g_leak=1.0,
        e_leak=-0.07,
        v_init=-0.07,
    )
    a = asm.add(parent=-1, length=1e-5, position=np.zeros(3), densities={"x": 2.0}, **kw)
    b = asm.add(parent=a, length=1e-5, position=np.ones(3), **kw)
    with pytest.raises(ConfigurationError):
        asm.add(parent=b + 1, length=1e-5, position=np.ones(3), **kw)
    model = asm.build(name="t", temperature=300.0)
    assert model.n_comp == 2
    assert model.mechanisms[0].family == "x"
    np.testing.assert_allclose(model.mechanisms[0].density, [2.0, 0.0])
    assert not model.is_double_cable
