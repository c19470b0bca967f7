"""Therapy-level behaviour of the engine (reference/validation.md D1, D2; clinical.md §5).

Small populations keep these to minutes; they are marked slow.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.levels import SpinalLevel
from drgsim.neuron.population import CellKind, CellOptions, CSegmentation
from drgsim.therapy.engine import EngineOptions
from drgsim.therapy.pipeline import run_scenario
from drgsim.therapy.scenario import Scenario, default_scenario
from drgsim.therapy.transmission_options import TransmissionOptions

ENGINE = EngineOptions(
    cells=CellOptions(n_motor=2, n_passage=2, c_segmentation=CSegmentation.COARSE),
    n_strength_duration_cells=0,
)


def _one_lead(level: str, n_cells: int, amplitude: float = 0.8 * u.mA) -> Scenario:
    s = default_scenario()
    lead = dataclasses.replace(s.leads[1], level=SpinalLevel(level))
    program = dataclasses.replace(
        s.programs[0],
        leads=(dataclasses.replace(s.programs[0].leads[0], lead=0, amplitude=amplitude),),
    )
    return dataclasses.replace(
        s,
        leads=(lead,),
        programs=(program,),
        n_cells_per_drg=n_cells,
        transmission=TransmissionOptions(n_per_class=0),  # not what these tests check
    )


@pytest.mark.slow
def test_abeta_before_c_and_never_at_the_soma() -> None:
    """D1: no soma initiation; D2: Aβ recruited within clinical amplitudes, C not."""
    r = run_scenario(_one_lead("L5", 16), engine=ENGINE)
    d = r.outcomes.programs[0].drgs[0]
    kinds = d.model.cells.kind
    t = d.thresholds.threshold
    ab = t[kinds == CellKind.A_BETA]
    c = t[kinds == CellKind.C]
    assert d.initiation.get("soma", 0) == 0
    assert np.isfinite(ab).any()
    lowest_ab = np.nanmin(ab)
    assert lowest_ab <= 6 * u.mA  # within the generator's range
    assert not (np.isfinite(c) & (c <= lowest_ab)).any()


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason=(
        "known gap: a 12-neuron L5 sample holds one Aβ neuron, whose threshold in the analytic "
        "field (3.47 mA) is above the 3 mA program, so foot coverage is 0 from L5 as from L1; "
        "several Aδ neurons fire below it. Larger populations and the FEM field are needed "
        "before this clinical.md §5 behaviour can be checked"
    ),
)
def test_foot_coverage_higher_from_l5_than_from_l1() -> None:
    """clinical.md §5: the foot is served by L4/L5/S1; an L1 lead cannot reach it."""
    cov = {}
    for level in ("L5", "L1"):
        s = _one_lead(level, 12, 3 * u.mA)
        r = run_scenario(s, engine=ENGINE)
        p = r.outcomes.programs[0]
        cov[level] = p.coverage
        assert (BodyRegion.FOOT, r.scenario.pain[0].side) in p.shares or level == "L1"
    assert cov["L5"] > cov["L1"] == 0.0


@pytest.mark.slow
def test_outcomes_are_reproducible_for_a_seed() -> None:
    s = _one_lead("L5", 6)
    a = run_scenario(s, engine=ENGINE).outcomes.programs[0].drgs[0]
    b = run_scenario(s, engine=ENGINE).outcomes.programs[0].drgs[0]
    assert np.array_equal(a.thresholds.threshold, b.thresholds.threshold, equal_nan=True)
