"""Outcomes of a program from per-cell thresholds: recruitment, paresthesia, side effects, dose.

Everything here works on thresholds (:class:`~drgsim.therapy.engine.CellThresholds`), so any
amplitude is evaluated without simulating again: a cell is recruited at amplitude ``A`` when its
threshold is at most ``A`` (for a fixed contact configuration and waveform the drive scales with
the amplitude). A threshold flagged non-monotonic (block above threshold) still counts from its
threshold up; the flag count is reported.

Paresthesia (``docs/assumptions.md`` P5). A recruited Aβ neuron evokes paresthesia in its
receptive region (drawn from the body-region atlas when the population was sampled). The
paresthesia *share* of region ``R`` on the stimulated side is

    share(R) = sum_L w(L, R) f_L(R) / sum_{L serving R} w(L, R)

over the modelled levels ``L`` serving ``R`` (atlas overlap weights ``w``), where ``f_L(R)`` is
the fraction of level ``L``'s sampled Aβ neurons with receptive region ``R`` that are recruited
(0 for levels without a lead). Where a stimulated level sampled no Aβ neuron for ``R``, ``f_L(R)``
is that level's overall Aβ recruited fraction: receptive regions are drawn independently of soma
position, so this is the same expectation. Coverage of the pain map is the mean share over the
painful regions [%]; paresthesia outside it is the share of recruited Aβ neurons whose region is
not painful [%].

Side effects. Motor axons of the ventral root recruited at the amplitude; the comfort margin is
the ratio of the first side-effect threshold (lowest motor-axon threshold) to the perception
threshold (lowest Aβ threshold), both in the program's amplitude units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drgsim._typing import FloatArray
from drgsim.anatomy.dermatomes import BodyRegion, overlap_weights
from drgsim.anatomy.ganglion import Side
from drgsim.anatomy.levels import SpinalLevel
from drgsim.neuron.cable import Region
from drgsim.neuron.population import CellKind
from drgsim.therapy.engine import CellThresholds, DrgModel

#: Region codes reported as initiation sites (names as in the report).
INITIATION_NAMES = {int(r): r.name.lower() for r in Region}


def recruited(thresholds: CellThresholds, amplitude: float) -> np.ndarray:
    """Which cells fire at ``amplitude`` [A] (threshold finite and at most the amplitude)."""
    t = thresholds.threshold
    return np.asarray(np.isfinite(t) & (t <= amplitude * (1 + 1e-12)), dtype=bool)


def recruitment_curve(
    thresholds: CellThresholds, kinds: np.ndarray, kind: CellKind, amplitudes: FloatArray
) -> FloatArray:
    """Fraction [1] of the cells of ``kind`` recruited at each of ``amplitudes`` [A].

    NaN when the DRG has no cell of that kind. Non-decreasing in amplitude by construction.
    """
    sel = kinds == int(kind)
    if not sel.any():
        return np.full(len(amplitudes), np.nan)
    t = thresholds.threshold[sel]
    t = np.where(np.isfinite(t), t, np.inf)
    a = np.asarray(amplitudes, dtype=np.float64)
    out: FloatArray = (t[None, :] <= a[:, None] * (1 + 1e-12)).mean(axis=1)
    return out


def initiation_counts(thresholds: CellThresholds, mask: np.ndarray | None = None) -> dict[str, int]:
    """Number of cells whose AP started in each region, over cells with a threshold."""
    has = np.isfinite(thresholds.threshold)
    if mask is not None:
        has &= mask
    codes, counts = np.unique(thresholds.initiation_region[has], return_counts=True)
    return {
        INITIATION_NAMES.get(int(c), "unknown"): int(n) for c, n in zip(codes, counts, strict=True)
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelRecruitment:
    """Aβ recruitment of one stimulated DRG, by receptive region."""

    level: SpinalLevel
    side: Side
    n_abeta: dict[BodyRegion, int]
    n_recruited: dict[BodyRegion, int]

    @property
    def overall(self) -> float:
        """Recruited fraction of all the level's Aβ neurons [1] (NaN without Aβ)."""
        total = sum(self.n_abeta.values())
        return sum(self.n_recruited.values()) / total if total else float("nan")

    def fraction(self, region: BodyRegion) -> float:
        """Recruited fraction of the Aβ neurons serving ``region`` (see the module docstring)."""
        n = self.n_abeta.get(region, 0)
        if n:
            return self.n_recruited.get(region, 0) / n
        overall = self.overall
        return 0.0 if overall != overall else overall


def level_recruitment(model: DrgModel, fired: np.ndarray) -> LevelRecruitment:
    """Count sampled and recruited Aβ neurons of ``model`` per receptive region."""
    pop = model.population
    cells = model.cells
    n_ab: dict[BodyRegion, int] = {}
    n_rec: dict[BodyRegion, int] = {}
    for c in np.flatnonzero(cells.kind == CellKind.A_BETA):
        region = pop.region_names[int(pop.receptive_region[int(cells.population_index[c])])]
        n_ab[region] = n_ab.get(region, 0) + 1
        if fired[c]:
            n_rec[region] = n_rec.get(region, 0) + 1
    return LevelRecruitment(
        level=model.ganglion.level, side=model.ganglion.side, n_abeta=n_ab, n_recruited=n_rec
    )


def paresthesia_shares(
    levels: Sequence[LevelRecruitment], secondary_weight: float
) -> dict[tuple[BodyRegion, Side], float]:
    """Paresthesia share [1] of every region served by a stimulated level, per side."""
    out: dict[tuple[BodyRegion, Side], float] = {}
    by_side: dict[Side, dict[str, LevelRecruitment]] = {}
    for lr in levels:
        by_side.setdefault(lr.side, {})[str(lr.level)] = lr
    modelled = {str(x) for x in SpinalLevel}
    for side, at in by_side.items():
        for region in BodyRegion:
            weights = {
                k: v for k, v in overlap_weights(region, secondary_weight).items() if k in modelled
            }
            if not any(k in at for k in weights):
                continue
            total = sum(weights.values())
            got = sum(w * at[k].fraction(region) for k, w in weights.items() if k in at)
            out[(region, side)] = got / total if total else 0.0
    return out


def coverage(
    shares: Mapping[tuple[BodyRegion, Side], float], pain: Sequence[tuple[BodyRegion, Side]]
) -> float:
    """Mean paresthesia share over the painful regions [1]."""
    if not pain:
        return float("nan")
    return float(np.mean([shares.get((BodyRegion(r), Side(s)), 0.0) for r, s in pain]))


def off_target_fraction(
    levels: Sequence[LevelRecruitment], pain: Sequence[tuple[BodyRegion, Side]]
) -> float:
    """Share of recruited Aβ neurons whose receptive region is not painful [1] (0 if none)."""
    painful = {(BodyRegion(r), Side(s)) for r, s in pain}
    total = outside = 0
    for lr in levels:
        for region, n in lr.n_recruited.items():
            total += n
            if (region, lr.side) not in painful:
                outside += n
    return outside / total if total else 0.0


def min_threshold(thresholds: CellThresholds, kinds: np.ndarray, kind: CellKind) -> float:
    """Lowest finite threshold of the cells of ``kind`` [A] (inf when none fires)."""
    t = thresholds.threshold[(kinds == int(kind)) & np.isfinite(thresholds.threshold)]
    return float(t.min()) if t.size else float("inf")


__all__ = [
    "INITIATION_NAMES",
    "LevelRecruitment",
    "coverage",
    "initiation_counts",
    "level_recruitment",
    "min_threshold",
    "off_target_fraction",
    "paresthesia_shares",
    "recruited",
    "recruitment_curve",
]
