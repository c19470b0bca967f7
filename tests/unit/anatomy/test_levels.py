"""Spinal levels and DRG sizes against reference/anatomy.md §1."""

from __future__ import annotations

import math

import pytest

from drgsim import units as u
from drgsim.anatomy.levels import (
    DimensionSeries,
    PositionType,
    SpinalLevel,
    drg_dimensions,
    parse_level,
)
from drgsim.errors import ConfigurationError

# reference/anatomy.md §1.1 (mm): level -> (Silav length, width, Rohini length, width)
TABLE = {
    "L1": (5.39, 4.36, 6.49, 5.01),
    "L2": (5.83, 4.56, 9.63, 5.96),
    "L3": (7.24, 4.99, 12.18, 6.71),
    "L4": (7.97, 5.22, 13.43, 6.80),
    "L5": (10.83, 5.82, 14.95, 6.83),
}


@pytest.mark.parametrize("level", list(TABLE))
def test_both_series_match_the_cadaver_table(level: str) -> None:
    sl, sw, rl, rw = TABLE[level]
    s = drg_dimensions(level, "silav2016")
    r = drg_dimensions(level, "rohini2022")
    assert (s.length / u.mm, s.width / u.mm) == pytest.approx((sl, sw))
    assert (r.length / u.mm, r.width / u.mm) == pytest.approx((rl, rw))
    assert s.is_measured and r.is_measured


def test_levels_run_t10_to_s2_in_order() -> None:
    names = [str(level) for level in SpinalLevel]
    assert names == ["T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2"]
    assert SpinalLevel.L5.order > SpinalLevel.L1.order


def test_size_grows_from_l1_to_l5_in_both_series() -> None:
    # Shen 2006 / Spine 1996: dimensions increase L1 -> L5 (anatomy.md §1.2)
    for series in DimensionSeries:
        lengths = [drg_dimensions(f"L{i}", series).length for i in range(1, 6)]
        assert lengths == sorted(lengths)


def test_l5_ellipsoid_volumes_bracket_the_mr_mean() -> None:
    # anatomy.md §1.2 derived: V = pi/6 L W^2 -> 192 (Silav), 365 (Rohini) mm^3; MR 290.7 mm^3
    vols = []
    for series in DimensionSeries:
        d = drg_dimensions("L5", series)
        vols.append(math.pi / 6 * d.length * d.width**2 / u.mm**3)
    assert vols[0] == pytest.approx(192, abs=1)
    assert vols[1] == pytest.approx(365, abs=1)
    mr = drg_dimensions("L5").mr_volume
    assert mr is not None and vols[0] < mr / u.mm**3 < vols[1]


@pytest.mark.parametrize("level", ["T10", "T11", "T12", "S1", "S2"])
def test_unmeasured_levels_are_flagged_or_refused(level: str) -> None:
    d = drg_dimensions(level, "silav2016", "nearest")
    assert not d.is_measured
    assert d.measured_level in (SpinalLevel.L1, SpinalLevel.L5)
    assert "borrowed" in d.source
    with pytest.raises(ConfigurationError) as info:
        drg_dimensions(level, "silav2016", "raise")
    assert info.value.field == "level"
    assert info.value.value == level


def test_positions_and_mr_volumes_where_listed() -> None:
    assert drg_dimensions("L1").position is PositionType.INTRASPINAL
    assert drg_dimensions("L5").position is PositionType.EXTRAFORAMINAL
    assert drg_dimensions("T11").position is None
    s1 = drg_dimensions("S1").mr_volume
    assert s1 is not None and s1 / u.mm**3 == pytest.approx(384.2)
    assert drg_dimensions("L3").mr_volume is None


@pytest.mark.parametrize("bad", ["L6", "C5", "", 5, None])
def test_unknown_level_names_the_field(bad: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_level(bad, "leads[0].level")
    assert info.value.field == "leads[0].level"
    assert "T10" in info.value.allowed


def test_unknown_series_is_refused() -> None:
    with pytest.raises(ConfigurationError) as info:
        drg_dimensions("L5", "gray1918")
    assert info.value.field == "anatomy.dimension_series"
