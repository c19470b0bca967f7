"""Aβ and Aδ-LTMR pseudounipolar neurons against ABetaFiber.hoc / ADeltaFiber_LTMR.hoc."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.morphology import Placement
from drgsim.neuron.pseudounipolar import (
    abeta_neuron,
    adelta_neuron,
    central_fiber_diameter,
    fiber_geometry,
)


def _nodes(cell, region):
    return np.flatnonzero((cell.kind == Kind.NODE) & (cell.region == region))


def _spacings_um(cell, idx):
    return np.linalg.norm(np.diff(cell.position[idx], axis=0), axis=1) / u.um


def test_fiber_geometry_table_rows_and_fits() -> None:
    g = fiber_geometry(3.0 * u.um)
    assert (g.axon_diameter / u.um, g.node_diameter / u.um) == pytest.approx((2.3, 1.6))
    assert (g.node_spacing / u.um, g.flut_length / u.um, g.n_lamellae) == pytest.approx(
        (309, 21, 56)
    )
    # the Gaines fits pass close to the table rows they were fitted to
    for d in (5.7, 8.7, 12.8, 16.0):
        row = fiber_geometry(d * u.um)
        fit = fiber_geometry((d + 1e-4) * u.um)
        assert fit.node_spacing == pytest.approx(row.node_spacing, rel=0.1)
        assert fit.axon_diameter == pytest.approx(row.axon_diameter, rel=0.1)
    with pytest.raises(ConfigurationError):
        fiber_geometry(25 * u.um)


def test_abeta_stem_follows_amir_devor_spacings() -> None:
    cell = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    tj = np.flatnonzero((cell.kind == Kind.NODE) & (cell.region == Region.T_JUNCTION))
    stem = np.r_[tj, _nodes(cell, Region.STEM)]
    assert stem.size == 5
    np.testing.assert_allclose(_spacings_um(cell, stem), [201, 168, 130, 85])
    # lamella ratios appear as myelin conductance ratios of the stem STINs (xg ~ 1/nl)
    assert cell.periaxonal_xg is not None
    stin = np.flatnonzero((cell.kind == Kind.STIN) & (cell.region == Region.STEM))
    xg = cell.periaxonal_xg[stin].reshape(4, 6)[:, 0]
    np.testing.assert_allclose(xg[0] / xg, [1.0, 0.66197, 0.48592, 0.07747])
    flut = cell.length[(cell.kind == Kind.FLUT) & (cell.region == Region.STEM)]
    np.testing.assert_allclose(flut, 35 * u.um)


def test_abeta_soma_initial_segment_and_membrane_scaling() -> None:
    cell = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    soma = np.flatnonzero(cell.region == Region.SOMA)[0]
    iseg = np.flatnonzero(cell.region == Region.INITIAL_SEGMENT)[0]
    assert (cell.diameter[soma], cell.length[soma]) == pytest.approx((80 * u.um, 80 * u.um))
    assert (cell.diameter[iseg], cell.length[iseg]) == pytest.approx((5 * u.um, 200 * u.um))
    assert cell.parent[soma] == iseg
    assert cell.region[cell.parent[iseg]] == Region.STEM
    naf = next(m.density for m in cell.mechanisms if m.family == "gaines_naf")
    node = _nodes(cell, Region.PERIPHERAL_AXON)[0]
    assert naf[node] == pytest.approx(3.0 * u.S_per_cm2)
    assert naf[soma] / naf[node] == pytest.approx(300 / 2000)
    assert naf[iseg] / naf[node] == pytest.approx(500 / 2000)
    assert cell.e_leak[soma] == pytest.approx(-80 * u.mV)
    pain = abeta_neuron(peripheral_fiber_diameter=10 * u.um, pain=True)
    naf_p = next(m.density for m in pain.mechanisms if m.family == "gaines_naf")
    kf_p = next(m.density for m in pain.mechanisms if m.family == "gaines_kf")
    assert naf_p[soma] / naf_p[node] == pytest.approx(550 / 2000)
    assert kf_p[soma] / kf_p[node] == pytest.approx(0.8)


def test_abeta_axons_shorten_their_first_internodes_and_follow_lee_rule() -> None:
    cell = abeta_neuron(peripheral_fiber_diameter=10 * u.um, n_peripheral_nodes=8)
    periph = _nodes(cell, Region.PERIPHERAL_AXON)[::-1]  # stored distal end first (root)
    central = _nodes(cell, Region.CENTRAL_AXON)
    assert periph.size == 8 and central.size == 21
    np.testing.assert_allclose(
        _spacings_um(cell, periph)[:4], np.array([461 / 1567, 670 / 1567, 1119 / 1567, 1]) * 1150
    )
    dc = central_fiber_diameter(10 * u.um)
    assert dc / u.um == pytest.approx(8.03)
    g = fiber_geometry(dc)
    np.testing.assert_allclose(
        _spacings_um(cell, central)[:4],
        np.array([358 / 1450, 780 / 1450, 1170 / 1450, 1]) * g.node_spacing / u.um,
    )
    np.testing.assert_allclose(cell.diameter[central], g.node_diameter)
    # the stem and both axons meet at one zero-length junction at the T-junction point
    j = int(np.flatnonzero(cell.kind == Kind.JUNCTION)[0])
    assert cell.parent[j] == periph[0] and np.sum(cell.parent == j) == 2
    assert cell.parent[0] == -1 and cell.length[0] > 0  # a NEURON section can be the root
    np.testing.assert_allclose(cell.position[j], 0.0)


def test_abeta_double_cable_values_match_the_hoc() -> None:
    cell = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    assert cell.is_double_cable
    stin = np.flatnonzero((cell.kind == Kind.STIN) & (cell.region == Region.PERIPHERAL_AXON))[0]
    ratio = 6.9 / 10.0
    assert cell.diameter[stin] == pytest.approx(10 * u.um)
    assert cell.cm[stin] == pytest.approx(2 * ratio * u.uF_per_cm2)
    assert cell.g_leak[stin] == pytest.approx(0.0001 * ratio * u.S_per_cm2)
    assert cell.ra[stin] == pytest.approx(70 * u.ohm_cm / ratio**2)
    assert cell.periaxonal_xg[stin] == pytest.approx(0.001 / 240 * u.S_per_cm2)
    assert cell.periaxonal_xc[stin] == pytest.approx(0.1 / 240 * u.uF_per_cm2)
    # xraxial = rhoa / annulus (hoc Rpx, MOhm/cm -> ohm/m)
    r_hoc = 0.7e6 * 0.01 / (np.pi * ((6.9 / 2 + 0.004) ** 2 - (6.9 / 2) ** 2))  # MOhm/cm
    assert cell.periaxonal_xraxial[stin] == pytest.approx(r_hoc * 1e6 / 1e-2)


def test_adelta_geometry_matches_the_ltmr_hoc() -> None:
    cell = adelta_neuron()
    tj = np.flatnonzero((cell.kind == Kind.NODE) & (cell.region == Region.T_JUNCTION))
    stem = np.r_[tj, _nodes(cell, Region.STEM)]
    np.testing.assert_allclose(_spacings_um(cell, stem), [260, 241, 185, 123])
    soma = np.flatnonzero(cell.region == Region.SOMA)[0]
    assert (cell.diameter[soma], cell.length[soma]) == pytest.approx((34 * u.um, 29 * u.um))
    assert not np.any(cell.region == Region.INITIAL_SEGMENT)
    assert cell.kind[cell.parent[soma]] == Kind.NODE
    np.testing.assert_allclose(cell.length[(cell.kind == Kind.FLUT)], 21 * u.um)
    naf = next(m.density for m in cell.mechanisms if m.family == "gaines_naf")
    assert naf[soma] == pytest.approx(1.0 * u.S_per_cm2)
    assert set(np.round(cell.diameter[cell.kind == Kind.NODE] / u.um, 6)) == {1.6}


def test_myelinated_neurons_follow_a_bent_placement() -> None:
    p = Placement(
        t_junction=np.zeros(3),
        stem_direction=np.array([0, 1.0, 0]),
        peripheral_path=np.array([[-1e-3, 0, 0], [-1e-3, 0, 1.0]]),
        central_path=np.array([[1e-3, 0, 0]]),
    )
    cell = adelta_neuron(placement=p, n_peripheral_nodes=10)
    periph = cell.position[_nodes(cell, Region.PERIPHERAL_AXON)]
    assert periph[0, 2] > 0 and periph[0, 0] == pytest.approx(-1e-3)
    with pytest.raises(ConfigurationError):
        adelta_neuron(n_central_nodes=2)
