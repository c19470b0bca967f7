"""Outcome arithmetic on thresholds: recruitment, paresthesia shares, coverage, off-target."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion, overlap_weights
from drgsim.anatomy.ganglion import Side
from drgsim.anatomy.levels import SpinalLevel
from drgsim.neuron.population import CellKind
from drgsim.therapy.engine import CellThresholds
from drgsim.therapy.outcomes import (
    LevelRecruitment,
    coverage,
    initiation_counts,
    off_target_fraction,
    paresthesia_shares,
    recruited,
    recruitment_curve,
)


def _thresholds(values_mA: list[float], regions: list[int] | None = None) -> CellThresholds:
    t = np.array(values_mA) * u.mA
    n = t.size
    return CellThresholds(
        threshold=t,
        status=np.zeros(n, np.int8),
        initiation_region=np.array(regions or [-1] * n, np.int8),
        n_simulations=0,
    )


def test_recruited_counts_threshold_at_or_below_amplitude() -> None:
    t = _thresholds([0.5, 1.0, float("nan"), 2.0])
    assert recruited(t, 1.0 * u.mA).tolist() == [True, True, False, False]


def test_recruitment_curve_is_monotone_and_nan_without_cells() -> None:
    t = _thresholds([0.5, 1.0, float("nan"), 2.0])
    kinds = np.array([0, 0, 0, 2], np.int8)
    grid = np.linspace(0, 3, 31) * u.mA
    ab = recruitment_curve(t, kinds, CellKind.A_BETA, grid)
    assert np.all(np.diff(ab) >= 0)
    assert ab[-1] == pytest.approx(2 / 3)
    assert np.isnan(recruitment_curve(t, kinds, CellKind.MOTOR, grid)).all()


def test_initiation_counts_by_region_name() -> None:
    t = _thresholds([0.5, 1.0, float("nan")], regions=[4, 4, -1])
    counts = initiation_counts(t)
    assert sum(counts.values()) == 2 and len(counts) == 1


def _level(level: str, counts: dict[BodyRegion, tuple[int, int]]) -> LevelRecruitment:
    return LevelRecruitment(
        level=SpinalLevel(level),
        side=Side.LEFT,
        n_abeta={r: n for r, (n, _) in counts.items()},
        n_recruited={r: k for r, (_, k) in counts.items() if k},
    )


def test_share_is_the_atlas_weighted_recruited_fraction() -> None:
    l5 = _level("L5", {BodyRegion.FOOT: (4, 2)})
    shares = paresthesia_shares([l5], 0.5)
    w = {k: v for k, v in overlap_weights(BodyRegion.FOOT, 0.5).items() if k in {"L4", "L5", "S1"}}
    expected = w["L5"] * 0.5 / sum(w.values())
    assert shares[(BodyRegion.FOOT, Side.LEFT)] == pytest.approx(expected)
    assert coverage(shares, [(BodyRegion.FOOT, Side.LEFT)]) == pytest.approx(expected)
    assert coverage(shares, [(BodyRegion.FOOT, Side.RIGHT)]) == 0.0


def test_nothing_recruited_means_no_paresthesia_anywhere() -> None:
    l5 = _level("L5", {BodyRegion.FOOT: (4, 0), BodyRegion.CALF: (3, 0)})
    assert all(v == 0 for v in paresthesia_shares([l5], 0.5).values())
    assert off_target_fraction([l5], [(BodyRegion.FOOT, Side.LEFT)]) == 0.0


def test_off_target_fraction_counts_recruited_outside_the_pain() -> None:
    l5 = _level("L5", {BodyRegion.FOOT: (4, 1), BodyRegion.CALF: (3, 3)})
    assert off_target_fraction([l5], [(BodyRegion.FOOT, Side.LEFT)]) == pytest.approx(0.75)
