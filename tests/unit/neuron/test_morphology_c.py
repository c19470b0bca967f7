"""Sundt 2015 C-neuron and straight C axons against Figure5d.hoc and cFiberBuilder.hoc."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import c_axon, sundt_c_neuron
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.channels import sundt_kdr, sundt_km, sundt_na
from drgsim.neuron.morphology import Placement, balance_leak


def _lengths_by_region(cell):
    return {r: float(cell.length[cell.region == r].sum()) / u.um for r in Region}


def test_sundt_geometry_matches_figure5d() -> None:
    cell = sundt_c_neuron()
    assert cell.n_comp == 5 * 100 + 1 + 1  # five sections of nseg 100, soma, junction
    lengths = _lengths_by_region(cell)
    assert lengths[Region.PERIPHERAL_AXON] == pytest.approx(5000)
    assert lengths[Region.CENTRAL_AXON] == pytest.approx(5000)
    assert lengths[Region.T_JUNCTION] == pytest.approx(200)  # tjperi + tjcentral
    assert lengths[Region.STEM] == pytest.approx(75)
    soma = cell.region == Region.SOMA
    assert cell.diameter[soma][0] == pytest.approx(25 * u.um)
    assert cell.length[soma][0] == pytest.approx(25 * u.um)
    d = {r: set(np.round(cell.diameter[cell.region == r] / u.um, 6)) for r in Region}
    assert d[Region.PERIPHERAL_AXON] == {0.8}
    assert d[Region.CENTRAL_AXON] == {0.4}
    assert d[Region.STEM] == {1.4}
    assert d[Region.T_JUNCTION] == {0.8, 0.4}
    assert cell.temperature == pytest.approx(u.celsius(35.0))


def test_sundt_topology_has_one_three_way_junction() -> None:
    cell = sundt_c_neuron()
    junction = np.flatnonzero(cell.kind == Kind.JUNCTION)
    assert junction.size == 1
    j = int(junction[0])
    assert cell.length[j] == 0
    neighbours = {int(cell.parent[j])} | set(np.flatnonzero(cell.parent == j).tolist())
    assert {Region(int(cell.region[k])) for k in neighbours} == {Region.T_JUNCTION, Region.STEM}
    assert {round(float(cell.diameter[k]) / u.um, 1) for k in neighbours} == {0.8, 0.4, 1.4}
    # everything else is a chain
    counts = np.bincount(cell.parent[cell.parent >= 0], minlength=cell.n_comp)
    assert np.flatnonzero(counts > 1).tolist() == [j]


def test_sundt_channels_sit_where_figure5d_puts_them() -> None:
    cell = sundt_c_neuron()
    dens = {m.family: m.density for m in cell.mechanisms}
    axon = np.isin(cell.region, [Region.PERIPHERAL_AXON, Region.CENTRAL_AXON])
    drg = np.isin(cell.region, [Region.T_JUNCTION, Region.STEM, Region.SOMA]) & (cell.length > 0)
    soma = cell.region == Region.SOMA
    assert np.all(dens["sundt_km"][axon] == 0)
    np.testing.assert_allclose(dens["sundt_km"][drg], 0.0004 * u.S_per_cm2)
    np.testing.assert_allclose(dens["sundt_na"][soma], 0.02 * u.S_per_cm2)
    np.testing.assert_allclose(dens["sundt_na"][axon], 0.04 * u.S_per_cm2)
    np.testing.assert_allclose(dens["sundt_kdr"][cell.length > 0], 0.04 * u.S_per_cm2)
    np.testing.assert_allclose(cell.ra, 100 * u.ohm_cm)


def test_sundt_soma_ca_dependent_k_goes_only_into_the_soma() -> None:
    cell = sundt_c_neuron(g_km=0.0, g_cal=0.25 * u.mS_per_cm2, g_sk=1.0 * u.mS_per_cm2)
    dens = {m.family: m.density for m in cell.mechanisms}
    soma = cell.region == Region.SOMA
    np.testing.assert_allclose(dens["sundt_cal"][soma], 0.25 * u.mS_per_cm2)
    np.testing.assert_allclose(dens["sundt_sk"][soma], 1.0 * u.mS_per_cm2)
    assert np.all(dens["sundt_cal"][~soma] == 0) and np.all(dens["sundt_sk"][~soma] == 0)
    assert "sundt_sk" not in {m.family for m in sundt_c_neuron().mechanisms}  # Fig 5d: none


def test_sundt_leak_balances_rest_at_minus_60_mV() -> None:
    cell = sundt_c_neuron(g_km=1.0 * u.mS_per_cm2)
    fams = {f.name: f for f in (sundt_na.FAMILY, sundt_kdr.FAMILY, sundt_km.FAMILY)}
    # net membrane current with all gates at steady state is zero at -60 mV
    i = cell.g_leak * (-60 * u.mV - cell.e_leak)
    for mech in cell.mechanisms:
        fam = fams[mech.family]
        p = np.array(
            [
                mech.params.get(k, d)
                for k, d in zip(fam.param_names, fam.default_params, strict=True)
            ]
        )
        s = np.zeros(fam.n_states)
        fam.steady_state(-60 * u.mV, cell.temperature, p, s)
        i += mech.density * fam.current(-60 * u.mV, cell.temperature, s, 1.0, p)
    np.testing.assert_allclose(i, 0.0, atol=1e-12)
    # the M current (outward at rest) pushes e_leak up in the DRG sections only
    stem = cell.region == Region.STEM
    axon = cell.region == Region.PERIPHERAL_AXON
    assert cell.e_leak[stem].min() > cell.e_leak[axon].max()
    np.testing.assert_allclose(balance_leak(cell, fams, -60 * u.mV), cell.e_leak)


def test_sundt_positions_follow_the_placement() -> None:
    p = Placement.straight(t_junction=(1e-3, 2e-3, 0), stem_direction=(0, 0, 1))
    cell = sundt_c_neuron(placement=p)
    soma = cell.position[cell.region == Region.SOMA][0]
    np.testing.assert_allclose(soma, [1e-3, 2e-3, (75 + 12.5) * u.um])
    periph = cell.position[cell.region == Region.PERIPHERAL_AXON]
    assert periph[:, 0].min() == pytest.approx(1e-3 - 5075 * u.um)
    central = cell.position[cell.region == Region.CENTRAL_AXON]
    assert central[:, 0].max() == pytest.approx(1e-3 + 5075 * u.um)
    # neighbours are one compartment apart (no gaps or overlaps along the cable)
    child = np.flatnonzero(cell.parent >= 0)
    gap = np.linalg.norm(cell.position[child] - cell.position[cell.parent[child]], axis=1)
    half = (cell.length[child] + cell.length[cell.parent[child]]) / 2
    np.testing.assert_allclose(gap, half, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stem_diameter": 1.4}, "stem_diameter"),  # metres expected, 1.4 m given
        ({"soma_diameter": 0.0}, "soma_diameter"),
        ({"g_km": -1.0}, "g_km"),
        ({"g_cal": -1.0}, "g_cal"),
        ({"g_sk": 1e6}, "g_sk"),
        ({"n_seg": 0}, "n_seg"),
    ],
)
def test_sundt_rejects_out_of_range_input(kwargs, field: str) -> None:
    with pytest.raises(ConfigurationError) as err:
        sundt_c_neuron(**kwargs)
    assert err.value.field == field


def test_rattay_axon_matches_pelot_setup() -> None:
    ax = c_axon(diameter=1.0 * u.um, length=2 * u.mm)
    assert ax.n_comp == 240  # 2000 / (50/6)
    np.testing.assert_allclose(ax.length, 50 / 6 * u.um)
    np.testing.assert_allclose(ax.position.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(ax.v_init, -70 * u.mV)
    np.testing.assert_allclose(ax.e_leak, -59.4 * u.mV)
    np.testing.assert_allclose(ax.g_leak, 0.0003 * u.S_per_cm2)
    assert {m.family for m in ax.mechanisms} == {"rattay_na", "rattay_k"}
    assert ax.temperature == pytest.approx(u.celsius(37.0))
    assert np.all(ax.region == Region.AXON)


def test_sundt_straight_axon_uses_the_sundt_axon_membrane() -> None:
    ax = c_axon(diameter=0.8 * u.um, length=1 * u.mm, kinetics="sundt", direction=(0, 2, 0))
    assert {m.family for m in ax.mechanisms} == {"sundt_na", "sundt_kdr"}
    assert np.ptp(ax.position[:, 1]) == pytest.approx(1 * u.mm - 50 / 6 * u.um)
    with pytest.raises(ValueError):
        c_axon(diameter=0.8 * u.um, length=1 * u.mm, kinetics="tigerholm")
