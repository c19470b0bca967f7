"""Batched threshold search: tolerance, consistency with direct simulation, block flags."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.errors import ConfigurationError, NonMonotonicResponseWarning
from drgsim.neuron.cable import CableModel
from drgsim.neuron.mrg import build_mrg_axon, node_indices
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, isotropic_point_source, monophasic
from drgsim.neuron.threshold import (
    Outcome,
    ThresholdSearch,
    ThresholdStatus,
    detection_points,
    find_thresholds,
)

OPTS = SolverOptions(dt=5 * u.us, t_stop=1.5 * u.ms)
WAVE = monophasic(100 * u.us, OPTS.dt, OPTS.n_t)


def _axon(diameter_um: float = 10.0, n_nodes: int = 11) -> CableModel:
    return build_mrg_axon(fiber_diameter=diameter_um * u.um, n_nodes=n_nodes)


def _phi(model: CableModel, distance: float) -> np.ndarray:
    nodes = node_indices(model)
    middle = nodes[nodes.size // 2]
    source = model.position[middle] + np.array([0.0, distance, 0.0])
    return isotropic_point_source(model.position, source, 0.2)


def _stimulus(models: list[CableModel], distances: list[float]) -> Stimulus:
    phi = np.concatenate([_phi(m, d) for m, d in zip(models, distances, strict=True)])
    return Stimulus(waveform=WAVE, extracellular=phi)


def test_threshold_meets_tolerance_and_matches_direct_simulation() -> None:
    axon = _axon()
    search = ThresholdSearch(rel_tolerance=0.01, max_amplitude=2 * u.mA)
    res = find_thresholds(axon, _stimulus([axon], [1 * u.mm]), OPTS, search)
    assert res.status[0] == ThresholdStatus.OK
    lo, hi = np.abs(res.bracket[0])
    assert res.threshold[0] < 0  # cathodic
    assert 0 < hi / lo - 1 <= 0.01
    assert abs(res.threshold[0]) == hi
    assert res.reached_central[0] and res.reached_peripheral[0]
    assert res.initiation_index[0] == node_indices(axon)[5]  # under the electrode
    # the threshold is a property of the model, not of the search: check it directly
    points = detection_points(axon)
    direct = simulate(
        axon, _stimulus([axon], [1 * u.mm]), [-lo, -hi], OPTS, record=[points.central]
    )
    assert direct.spike_count[0, :, 0].tolist() == [0, 1]


@settings(max_examples=4, deadline=None)
@given(
    distances_mm=st.lists(st.floats(0.3, 2.0), min_size=2, max_size=3, unique=True),
    diameter_um=st.sampled_from([5.7, 8.7, 12.8]),
)
def test_threshold_grows_with_distance(distances_mm: list[float], diameter_um: float) -> None:
    distances = sorted(d * u.mm for d in distances_mm)
    # 21 nodes keep the fibre ends (anode break at a terminal) away from the source
    models = [_axon(diameter_um, n_nodes=21)] * len(distances)
    search = ThresholdSearch(rel_tolerance=0.005, max_amplitude=2 * u.mA)
    with warnings.catch_warnings():
        # close sources block at the top of the scan; the threshold itself stays defined
        warnings.simplefilter("ignore", NonMonotonicResponseWarning)
        res = find_thresholds(models, _stimulus(models, distances), OPTS, search)
    assert not np.any(res.status & (ThresholdStatus.NO_RESPONSE | ThresholdStatus.ANODE_BREAK))
    magnitudes = np.abs(res.threshold)
    far_enough = np.diff(distances) / np.asarray(distances[:-1]) > 0.02
    assert np.all(np.diff(magnitudes)[far_enough] > 0)


def test_recruitment_is_monotone_across_fibre_diameters() -> None:
    diameters = [5.7, 8.7, 10.0, 12.8, 16.0]
    models = [_axon(d, n_nodes=21) for d in diameters]
    search = ThresholdSearch(max_amplitude=2 * u.mA)
    res = find_thresholds(models, _stimulus(models, [1.5 * u.mm] * 5), OPTS, search)
    assert np.all(res.status == ThresholdStatus.OK)
    # larger fibres are recruited first
    assert np.all(np.diff(np.abs(res.threshold)) < 0)
    amplitudes = np.geomspace(0.01, 2, 30) * u.mA
    recruited = [(np.abs(res.threshold) <= a).mean() for a in amplitudes]
    assert np.all(np.diff(recruited) >= 0)


def test_anodal_block_close_to_the_fibre_is_flagged_not_reported_plain() -> None:
    axon = _axon()
    search = ThresholdSearch(max_amplitude=20 * u.mA)
    with pytest.warns(NonMonotonicResponseWarning):
        res = find_thresholds(axon, _stimulus([axon], [0.1 * u.mm]), OPTS, search)
    status = ThresholdStatus(int(res.status[0]))
    assert ThresholdStatus.NON_MONOTONIC in status
    outcomes = res.tested_outcome[0][res.tested_outcome[0] >= 0]
    amplitudes = np.abs(res.tested_amplitudes[0][res.tested_outcome[0] >= 0])
    detected = (outcomes & Outcome.DETECTED) > 0
    # a detected amplitude sits below a blocked (started, not detected) one
    blocked = amplitudes[(outcomes & Outcome.STARTED > 0) & ~detected]
    assert blocked.size and blocked.min() > amplitudes[detected].min()


def test_anode_break_at_a_short_fibre_end_is_flagged() -> None:
    # 11 nodes of 16 um (15 mm): the cathodic pulse hyperpolarises the sealed ends, which fire
    # after the pulse at a lower amplitude than the node under the electrode
    axon = _axon(16.0)
    search = ThresholdSearch(max_amplitude=2 * u.mA)
    with pytest.warns(NonMonotonicResponseWarning):
        res = find_thresholds(axon, _stimulus([axon], [1.5 * u.mm]), OPTS, search)
    assert ThresholdStatus.ANODE_BREAK in ThresholdStatus(int(res.status[0]))
    # the source faces the middle node: both ends fire together, rounding picks which is first
    assert res.initiation_index[0] in (node_indices(axon)[0], node_indices(axon)[-1])
    assert res.initiation_time[0] > 100 * u.us


def test_no_response_below_the_scan_ceiling() -> None:
    axon = _axon()
    search = ThresholdSearch(min_amplitude=1 * u.nA, max_amplitude=1 * u.uA)
    res = find_thresholds(axon, _stimulus([axon], [1 * u.mm]), OPTS, search)
    assert res.status[0] == ThresholdStatus.NO_RESPONSE
    assert np.isnan(res.threshold[0])
    assert res.n_simulations[0] == search.n_scan


def test_an_estimate_moves_where_the_search_starts_not_what_it_finds() -> None:
    # three copies of one fibre: the estimate right, far too low and far too high
    axon = _axon()
    models = [axon] * 3
    stimulus = _stimulus(models, [1 * u.mm] * 3)
    full = find_thresholds(
        axon, _stimulus([axon], [1 * u.mm]), OPTS, ThresholdSearch(max_amplitude=2 * u.mA)
    )
    assert full.status[0] == ThresholdStatus.OK
    true = abs(float(full.threshold[0]))
    search = ThresholdSearch(max_amplitude=2 * u.mA, n_scan=2, n_refine=1, estimate_span=1.5)
    res = find_thresholds(models, stimulus, OPTS, search, estimate=[true, true / 30, true * 30])
    assert np.all(res.status == ThresholdStatus.OK)
    lo, hi = np.abs(res.bracket).T
    assert np.all(hi / lo - 1 <= search.rel_tolerance)
    # every bracket holds the threshold of the full-range search
    assert np.all((lo < true * 1.01) & (hi > true / 1.01))
    tested = np.abs(res.tested_amplitudes)
    # the scan is centred on the estimate; from too low it steps up, from too high it halves
    assert np.nanmin(tested[0]) == pytest.approx(true / 1.5)
    assert np.nanmax(tested[0]) == pytest.approx(true * 1.5)
    assert np.nanmax(tested[1]) <= true * 1.5**2 * 1.001
    assert np.nanmax(tested[2]) == pytest.approx(search.max_amplitude)  # kept in the range
    assert res.n_simulations[0] < full.n_simulations[0]
    assert res.n_simulations[0] < min(res.n_simulations[1], res.n_simulations[2])


def test_stepping_up_from_an_estimate_ends_at_the_scan_ceiling() -> None:
    axon = _axon()
    search = ThresholdSearch(
        min_amplitude=1 * u.nA, max_amplitude=1 * u.uA, n_scan=2, n_refine=1, estimate_span=1.5
    )
    res = find_thresholds(axon, _stimulus([axon], [1 * u.mm]), OPTS, search, estimate=[10 * u.nA])
    assert res.status[0] == ThresholdStatus.NO_RESPONSE
    tested = np.abs(res.tested_amplitudes[0])
    assert np.nanmax(tested) == pytest.approx(search.max_amplitude)
    assert np.all(np.diff(tested[np.isfinite(tested)]) > 0)


@pytest.mark.parametrize("estimate", [[1e-4, 1e-4], [-1e-4], [float("nan")]])
def test_estimates_are_checked(estimate: list[float]) -> None:
    axon = _axon()
    with pytest.raises(ConfigurationError) as err:
        find_thresholds(axon, _stimulus([axon], [1 * u.mm]), OPTS, estimate=estimate)
    assert err.value.field == "estimate"


def test_search_settings_are_checked() -> None:
    with pytest.raises(ConfigurationError) as err:
        ThresholdSearch(rel_tolerance=2.0)
    assert err.value.field == "rel_tolerance"
    with pytest.raises(ConfigurationError):
        ThresholdSearch(polarity=0.5)
    with pytest.raises(ConfigurationError) as err:
        ThresholdSearch(estimate_span=1.0)
    assert err.value.field == "estimate_span"
