"""Therapy-level behaviour of the engine (reference/validation.md D1, D2; clinical.md §5).

Small populations keep these to minutes; they are marked slow.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from drgsim import units as u
from drgsim.anatomy.levels import SpinalLevel
from drgsim.app.cache import DiskCache
from drgsim.neuron.population import CellKind, CellOptions, CSegmentation
from drgsim.therapy.engine import EngineOptions, FieldMethod
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
def test_foot_coverage_higher_from_l5_than_from_l1(tmp_path: Path) -> None:
    """clinical.md §5: the foot is served by L4/L5/S1; an L1 lead cannot reach it.

    Finite-element field, 12 neurons per DRG sampled stratified (2 Aβ, 6 Aδ, 4 C; assumption
    A19), the shipped program's 0.8 mA (assumption A15, "sub-milliampere" in clinical.md §2).
    Both leads recruit Aβ neurons, so the difference comes from the dermatomes each level
    serves, not from a silent lead.
    """
    engine = dataclasses.replace(ENGINE, field=FieldMethod.FEM, slice_shape=(0, 0))
    cache = DiskCache(tmp_path)
    cov, n_abeta = {}, {}
    for level in ("L5", "L1"):
        r = run_scenario(_one_lead(level, 12, 0.8 * u.mA), engine=engine, cache=cache)
        p = r.outcomes.programs[0]
        d = p.drgs[0]
        cov[level] = p.coverage
        n_abeta[level] = int((d.fired & (d.model.cells.kind == CellKind.A_BETA)).sum())
    assert n_abeta["L5"] >= 1 and n_abeta["L1"] >= 1
    assert cov["L5"] > cov["L1"] == 0.0


@pytest.mark.slow
def test_outcomes_are_reproducible_for_a_seed() -> None:
    s = _one_lead("L5", 6)
    a = run_scenario(s, engine=ENGINE).outcomes.programs[0].drgs[0]
    b = run_scenario(s, engine=ENGINE).outcomes.programs[0].drgs[0]
    assert np.array_equal(a.thresholds.threshold, b.thresholds.threshold, equal_nan=True)
