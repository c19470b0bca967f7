"""Which DRG levels to implant for a pain map: atlas and simulated coverage per level.

For every level serving a painful region (body-region atlas, :mod:`drgsim.anatomy.dermatomes`)
and its rostral and caudal neighbours, :func:`recommend_levels` reports

- the **atlas share**: the coverage a lead at that level alone would give if it recruited every
  Aβ neuron, ``mean over painful regions R of w(L, R) / sum_L' w(L', R)`` (the paresthesia share
  of ``docs/assumptions.md`` P5 with ``f_L = 1``);
- whether the level is a **clinical target** for the region (reference/clinical.md §5, with its
  READ/UNVERIFIED tag);
- the **simulated coverage**: the best program without motor recruitment (if any) that the
  automatic programmer finds for one lead
  placed at that level like the scenario's first lead (one full threshold search per level,
  at the reference configuration and the middle pulse width; no screening);

and ranks the levels by simulated coverage, then atlas share.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from drgsim import units as u
from drgsim.anatomy.dermatomes import CLINICAL_TARGETS, overlap_weights, region_levels
from drgsim.anatomy.ganglion import Side
from drgsim.anatomy.levels import SpinalLevel
from drgsim.field import ArrayCache
from drgsim.therapy.autoprogram.evidence import ProgramEvidence
from drgsim.therapy.autoprogram.options import AutoprogramOptions
from drgsim.therapy.autoprogram.run import autoprogram
from drgsim.therapy.engine import EngineOptions
from drgsim.therapy.scenario import Scenario


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelAdvice:
    """Evidence for implanting one lead at ``level`` on ``side``."""

    level: SpinalLevel
    side: Side
    atlas_share: float  #: [1]
    clinical_tag: str | None  #: READ/UNVERIFIED when a clinical target, else None
    best: ProgramEvidence  #: best program of one lead there (full model)

    @property
    def coverage(self) -> float:
        """Simulated coverage of the best program [1]."""
        return self.best.coverage

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready evidence."""
        lp = self.best.program.leads[0]
        return {
            "level": str(self.level),
            "side": str(self.side),
            "atlas_share_percent": 100 * self.atlas_share,
            "clinical_target": self.clinical_tag,
            "simulated_coverage_percent": 100 * self.coverage,
            "off_target_paresthesia_percent": 100 * self.best.off_target,
            "n_abeta": self.best.n_abeta,
            "n_abeta_recruited": self.best.n_abeta_recruited,
            "n_motor_recruited": self.best.n_motor_recruited,
            "program": {
                "polarities": "".join(lp.polarities),
                "amplitude_mA": lp.amplitude / u.mA,
                "pulse_width_us": lp.pulse_width / u.us,
                "rate_Hz": lp.rate / u.Hz,
            },
        }


def atlas_share(scenario: Scenario, level: SpinalLevel, side: Side) -> float:
    """Coverage of the pain map if a lead at ``level`` recruited all its Aβ neurons [1]."""
    modelled = {str(x) for x in SpinalLevel}
    w = scenario.anatomy.secondary_root_weight
    shares = []
    for pain in scenario.pain:
        if pain.side != side:
            shares.append(0.0)
            continue
        weights = {k: v for k, v in overlap_weights(pain.region, w).items() if k in modelled}
        total = sum(weights.values())
        shares.append(weights.get(str(level), 0.0) / total if total else 0.0)
    return sum(shares) / len(shares)


def clinical_tag(scenario: Scenario, level: SpinalLevel) -> str | None:
    """The evidence tag when ``level`` is a clinical target of a painful region, else None."""
    for pain in scenario.pain:
        target = CLINICAL_TARGETS.get(str(pain.region))
        if target and (level in target.levels or level in target.optional_levels):
            return str(target.tag)
    return None


def candidate_levels(scenario: Scenario) -> tuple[tuple[SpinalLevel, Side], ...]:
    """Levels serving a painful region, with their neighbours, per painful side."""
    order = list(SpinalLevel)
    out: set[tuple[SpinalLevel, Side]] = set()
    for pain in scenario.pain:
        for level in region_levels(pain.region):
            i = order.index(level)
            for j in (i - 1, i, i + 1):
                if 0 <= j < len(order):
                    out.add((order[j], pain.side))
    return tuple(sorted(out, key=lambda ls: (ls[1], ls[0].order)))


def recommend_levels(
    scenario: Scenario,
    options: AutoprogramOptions | None = None,
    *,
    engine: EngineOptions | None = None,
    cache: ArrayCache | None = None,
    levels: tuple[tuple[SpinalLevel, Side], ...] | None = None,
) -> tuple[LevelAdvice, ...]:
    """Rank levels to implant for ``scenario``'s pain map (module docstring), best first."""
    base = AutoprogramOptions() if options is None else options
    pws = sorted(base.pulse_widths)
    opts = replace(base, pulse_widths=(pws[len(pws) // 2],), n_reference=1, n_verify=0)
    template = scenario.leads[0]
    out = []
    for level, side in candidate_levels(scenario) if levels is None else levels:
        placement = replace(template, level=level, side=side, impedance=template.impedance)
        single = replace(scenario, leads=(placement,))
        result = autoprogram(single, opts, engine=engine, cache=cache)
        out.append(
            LevelAdvice(
                level=level,
                side=side,
                atlas_share=atlas_share(scenario, level, side),
                clinical_tag=clinical_tag(scenario, level),
                best=max(
                    result.ranked,
                    key=lambda e: (e.n_motor_recruited == 0, e.coverage, e.score),
                ),
            )
        )
    out.sort(key=lambda a: (-a.coverage, -a.atlas_share, a.level.order))
    return tuple(out)


__all__ = ["LevelAdvice", "atlas_share", "candidate_levels", "clinical_tag", "recommend_levels"]
