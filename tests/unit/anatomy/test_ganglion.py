"""DRG ellipsoid, roots and sampled neuron populations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.anatomy.ganglion import Side, build_ganglion
from drgsim.anatomy.levels import DimensionSeries, SpinalLevel
from drgsim.anatomy.populations import (
    KAWAMURA_DYCK_L5_COUNTS,
    FiberClass,
    PlacementRule,
    class_counts,
    class_shares,
    sample_population,
)
from drgsim.errors import ConfigurationError


def test_semi_axes_are_half_length_and_half_width() -> None:
    g = build_ganglion("L4", "right", series="rohini2022")
    assert g.semi_axes / u.mm == pytest.approx([13.43 / 2, 6.80 / 2, 6.80 / 2])
    assert g.side is Side.RIGHT
    assert not g.semi_axes.flags.writeable
    # roots leave the poles along the long axis
    assert g.dorsal_root.origin[0] == pytest.approx(-g.semi_axes[0])
    assert g.spinal_nerve.direction @ g.dorsal_root.direction == pytest.approx(-1.0)
    assert g.ventral_root.origin[2] < 0.0  # ventral
    assert g.volume == pytest.approx(4 / 3 * np.pi * np.prod(g.semi_axes))


def test_bad_side_names_field() -> None:
    with pytest.raises(ConfigurationError) as info:
        build_ganglion("L4", "middle")
    assert info.value.field == "side"


def test_shares_follow_kawamura_dyck() -> None:
    shares = class_shares()
    # anatomy.md §2 derived: 16.7 % / 46.2 % / 37.1 %
    assert shares[FiberClass.A_BETA] == pytest.approx(0.167, abs=5e-4)
    assert shares[FiberClass.A_DELTA] == pytest.approx(0.462, abs=5e-4)
    assert shares[FiberClass.C] == pytest.approx(0.371, abs=5e-4)
    assert sum(KAWAMURA_DYCK_L5_COUNTS.values()) == 68_493


def test_large_sample_matches_shares_and_scaling_rules() -> None:
    g = build_ganglion("L5", "left")
    pop = sample_population(g, 20_000, np.random.default_rng(3))
    frac = np.bincount(pop.fiber_class, minlength=3) / pop.n_cells
    assert frac == pytest.approx([0.167, 0.462, 0.371], abs=5e-4)  # stratified: exact shares
    ab = pop.fiber_class == FiberClass.A_BETA
    d = pop.peripheral_diameter[ab] / u.um
    assert d.min() >= 6.0 and d.max() <= 20.0
    assert pop.central_diameter[ab] / u.um == pytest.approx(0.87 * d - 0.67)
    assert pop.soma_diameter[ab] / u.um == pytest.approx(2.78088956 * d + 40.55727893)
    c = pop.fiber_class == FiberClass.C
    soma_c = pop.soma_diameter[c] / u.um
    assert soma_c.min() >= 15.0 and soma_c.max() <= 31.0
    ad = pop.fiber_class == FiberClass.A_DELTA
    soma_ad = pop.soma_diameter[ad] / u.um
    assert soma_ad.min() >= 32.0 and soma_ad.max() <= 45.0


@given(n=st.integers(0, 100_000), seed=st.integers(0, 2**32 - 1))
def test_class_counts_keep_the_shares_and_every_class(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    raw = rng.random(3) * (rng.random(3) > 0.2)
    if raw.sum() == 0:
        raw[int(rng.integers(3))] = 1.0
    shares = {k: float(v) for k, v in zip(FiberClass, raw / raw.sum(), strict=True)}
    counts = class_counts(n, shares)
    assert sum(counts.values()) == n
    positive = [k for k in FiberClass if shares[k] > 0]
    assert all(counts[k] == 0 for k in FiberClass if shares[k] == 0)
    if n >= len(positive):
        assert all(counts[k] >= 1 for k in positive)
    # within one cell of the quota, except where a class was lifted to its first cell
    lifted = n >= len(positive) and any(n * shares[k] < 1 for k in positive)
    if not lifted:
        assert all(abs(counts[k] - n * shares[k]) < 1 for k in FiberClass)


@pytest.mark.parametrize(("n", "expected"), [(3, [1, 1, 1]), (12, [2, 6, 4]), (100, [17, 46, 37])])
def test_small_samples_hold_every_class_in_the_kawamura_dyck_shares(
    n: int, expected: list[int]
) -> None:
    pop = sample_population(build_ganglion("L5", "left"), n, np.random.default_rng(0))
    assert np.bincount(pop.fiber_class, minlength=3).tolist() == expected


@given(
    level=st.sampled_from(list(SpinalLevel)),
    series=st.sampled_from(list(DimensionSeries)),
    n=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_somata_sit_in_the_sperry_zone(
    level: SpinalLevel, series: DimensionSeries, n: int, seed: int
) -> None:
    g = build_ganglion(level, "left", series=series)
    rule = PlacementRule()
    pop = sample_population(g, n, np.random.default_rng(seed))
    semi = g.semi_axes[None, :] - pop.soma_diameter[:, None] / 2
    unit = pop.soma_position / semi
    assert np.all(np.sum(unit**2, axis=1) <= 1.0 + 1e-12)  # whole soma inside the DRG
    assert np.all(np.abs(unit[:, 0]) <= rule.axial_fraction + 1e-12)
    local = np.sqrt(1.0 - unit[:, 0] ** 2)
    rho = np.hypot(unit[:, 1], unit[:, 2]) / local
    assert np.all(rho >= 1.0 - rule.shell_fraction - 1e-12)
    assert np.all(unit[:, 2] / local >= 1.0 - 2.0 * rule.dorsal_fraction - 1e-12)
    # stems point inward and end inside the DRG, never past the long axis
    tj_rho = np.hypot(pop.t_junction_position[:, 1], pop.t_junction_position[:, 2])
    soma_rho = np.hypot(pop.soma_position[:, 1], pop.soma_position[:, 2])
    assert np.all(tj_rho <= soma_rho + 1e-15)
    assert np.all(g.contains(pop.t_junction_position))
    assert np.allclose(np.linalg.norm(pop.stem_direction, axis=1), 1.0)
    assert np.all(pop.receptive_region >= 0)
    assert np.all(pop.receptive_region < len(pop.region_names))


def test_same_seed_same_population() -> None:
    g = build_ganglion("L3", "left")
    a = sample_population(g, 50, np.random.default_rng(7))
    b = sample_population(g, 50, np.random.default_rng(7))
    c = sample_population(g, 50, np.random.default_rng(8))
    assert np.array_equal(a.soma_position, b.soma_position)
    assert np.array_equal(a.fiber_class, b.fiber_class)
    assert not np.array_equal(a.soma_position, c.soma_position)
    assert not a.soma_position.flags.writeable


@pytest.mark.parametrize("n", [0, -3, 2_000_000, 2.5, True])
def test_bad_cell_count_names_the_field(n: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        sample_population(build_ganglion("L5", "left"), n, np.random.default_rng(0))  # type: ignore[arg-type]
    assert info.value.field == "population.n_cells"
