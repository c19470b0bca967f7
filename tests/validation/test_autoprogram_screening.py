"""The screening model against the full model, and the level recommendation for foot pain.

Screening (``docs/assumptions.md`` AP2): on the default scenario's L5 DRG at 300 us, calibrated
on the two reference configurations, the thresholds that passive superposition predicts for the
simulated cells (Aβ, motor, passage) of eight other configurations must match the full threshold
search with a median error under a factor 1.65 (|log ratio| < 0.5), and the configurations'
lowest predicted thresholds must rank like the full ones (Spearman >= 0.5). Measured: median
error a factor 1.02, Spearman 0.99 (the former peak-potential rule: 1.25 and 0.11).

Levels (issue 6 check): for the left-foot pain map the best level is one the clinical reference
names for the foot (L4, L5 or S1; clinical.md §5 [READ]), and levels serving the foot rank
above the distant neighbours.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from drgsim import units as u
from drgsim.device import DEFAULT_WAVEFORM
from drgsim.neuron.population import CellKind
from drgsim.therapy.autoprogram import AutoprogramOptions, recommend_levels
from drgsim.therapy.autoprogram import screening as sc
from drgsim.therapy.autoprogram.configs import configuration_weights, contact_configurations
from drgsim.therapy.autoprogram.search import reference_indices
from drgsim.therapy.engine import EngineOptions, build_drg_models, drg_thresholds
from drgsim.therapy.pipeline import sample_populations
from drgsim.therapy.scenario import build_ganglia, default_scenario, place_leads

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def screened() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(simulated mask, predicted, full thresholds) of eight configurations at L5, 300 us."""
    s = default_scenario()
    ganglia = build_ganglia(s)
    leads = place_leads(s, ganglia)
    drgs = tuple(ganglia.values())
    models = build_drg_models(drgs, sample_populations(s, drgs), leads, s.seed, EngineOptions())
    model = next(m for m in models if 1 in m.lead_indices)
    configs = contact_configurations(4)
    weights = np.array([configuration_weights(c) for c in configs]).T
    kinds = model.cells.kind
    simulated = np.isin(kinds, [int(CellKind.A_BETA), int(CellKind.MOTOR), int(CellKind.PASSAGE)])

    def full(j: int) -> np.ndarray:
        res = drg_thresholds(
            model, weights[:, j], 300 * u.us, DEFAULT_WAVEFORM, dt=s.solver.dt,
            rel_tolerance=0.03, max_amplitude=6 * u.mA, mask=simulated,
        )  # fmt: skip
        return np.where(simulated, res.threshold, np.nan)

    refs = reference_indices(configs, 2)
    others = [j for j in np.random.default_rng(1).permutation(len(configs)) if j not in refs][:8]
    responses = sc.contact_responses(
        model.cells, model.transfer, 300 * u.us, DEFAULT_WAVEFORM, dt=s.solver.dt, mask=simulated
    )
    drive = sc.peak_depolarisation(responses, weights)
    constants = sc.calibrate(drive[:, refs], np.column_stack([full(j) for j in refs]), kinds)
    predicted = sc.predict(constants, drive[:, others])
    measured = np.column_stack([full(j) for j in others])
    return simulated, predicted, measured


def test_screening_thresholds_within_stated_error(screened) -> None:  # type: ignore[no-untyped-def]
    simulated, predicted, measured = screened
    both = np.isfinite(measured) & np.isfinite(predicted) & simulated[:, None]
    assert both.sum() >= 10
    error = np.abs(np.log(predicted[both] / measured[both]))
    print(f"screening median threshold error: factor {np.exp(np.median(error)):.3f}")
    assert np.median(error) < 0.5


def test_screening_ranks_configurations_like_the_full_model(screened) -> None:  # type: ignore[no-untyped-def]
    simulated, predicted, measured = screened
    lowest_full = np.nanmin(np.where(simulated[:, None], measured, np.nan), axis=0)
    lowest_pred = np.nanmin(np.where(simulated[:, None], predicted, np.nan), axis=0)
    rho = spearmanr(lowest_full, lowest_pred)[0]
    print(f"screening Spearman of the configurations' lowest thresholds: {rho:.3f}")
    assert rho >= 0.5, (lowest_full, lowest_pred)


def test_foot_pain_levels_rank_clinical_targets_first() -> None:
    s = default_scenario()
    advice = recommend_levels(s, AutoprogramOptions(pulse_widths=(300 * u.us,)))
    names = [str(a.level) for a in advice]
    assert set(names) == {"L3", "L4", "L5", "S1", "S2"}
    assert names[0] in {"L4", "L5", "S1"}
    assert advice[0].clinical_tag == "READ"
    serving = [a for a in advice if a.atlas_share > 0]
    distant = [a for a in advice if a.atlas_share == 0]
    assert all(d.coverage == 0 for d in distant)  # no foot share without foot dermatomes
    assert max(a.coverage for a in serving) > 0
