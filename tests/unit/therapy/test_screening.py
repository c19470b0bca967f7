"""Passive superposition of the screening model: linearity, peaks, sampling and bad input.

Cells: an Aβ neuron and a straight MRG axon beside it; field: two point current sources in a
homogeneous isotropic medium of conductivity ``SIGMA``, a synthetic field for these tests only.
Linearity tolerance: the superposed response of two contacts may differ from the simulated
response of both together by at most ``RTOL`` of the latter's largest magnitude (measured: up
to 5e-4 at ``LINEAR_LEVEL``, ten times more at ten times the level: the first-order error of
the non-linear membrane).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.device import DEFAULT_WAVEFORM
from drgsim.errors import ConfigurationError
from drgsim.neuron.mrg import build_mrg_axon
from drgsim.neuron.population import CellKind, CellSet
from drgsim.neuron.pseudounipolar import abeta_neuron
from drgsim.therapy.autoprogram import screening as sc

SIGMA = 0.3  # [S/m] synthetic test medium
RTOL = 1e-3
PULSE_WIDTH = 100 * u.us
DT = 5 * u.us


@pytest.fixture(scope="module")
def cells() -> CellSet:
    neuron = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    axon = build_mrg_axon(
        fiber_diameter=12 * u.um, n_nodes=21, origin=np.array([-11.5e-3, 1.2e-3, 0.0])
    )
    return CellSet(
        models=(neuron, axon),
        kind=np.array([CellKind.A_BETA, CellKind.PASSAGE], dtype=np.int8),
        population_index=np.array([0, -1]),
        diameter=np.array([10 * u.um, 12 * u.um]),
    )


@pytest.fixture(scope="module")
def transfer(cells: CellSet) -> np.ndarray:
    contacts = np.array([[-1e-3, 1.5e-3, 0.6e-3], [1e-3, 1.5e-3, 0.6e-3]])
    pos = cells.positions()
    r = np.linalg.norm(pos[:, None, :] - contacts[None], axis=2)
    out: np.ndarray = 1.0 / (4 * math.pi * SIGMA * np.maximum(r, 50e-6))
    return out


@pytest.fixture(scope="module")
def responses(cells: CellSet, transfer: np.ndarray) -> sc.ContactResponses:
    return sc.contact_responses(cells, transfer, PULSE_WIDTH, DEFAULT_WAVEFORM, dt=DT)


def _together(cells: CellSet, transfer: np.ndarray, w: np.ndarray) -> sc.ContactResponses:
    return sc.contact_responses(
        cells, (transfer @ w)[:, None], PULSE_WIDTH, DEFAULT_WAVEFORM, dt=DT
    )


def _assert_superposes(
    cells: CellSet, transfer: np.ndarray, responses: sc.ContactResponses, w: np.ndarray
) -> None:
    both = _together(cells, transfer, w)
    for c in range(len(responses.cells)):
        simulated = both.response[c][0]
        summed = sc.superpose(responses, w, c)
        scale = np.abs(simulated).max()
        assert scale > 0
        assert np.abs(summed - simulated).max() <= RTOL * scale


def test_sum_of_two_contacts_equals_both_together(cells, transfer, responses) -> None:  # type: ignore[no-untyped-def]
    _assert_superposes(cells, transfer, responses, np.array([-1.0, 1.0]))


@settings(max_examples=12, deadline=None)
@given(
    st.tuples(st.floats(-1.0, 1.0, allow_nan=False), st.floats(-1.0, 1.0, allow_nan=False)).filter(
        lambda w: max(abs(w[0]), abs(w[1])) > 0.05
    )
)
def test_superposition_holds_for_random_weights(cells, transfer, responses, w) -> None:  # type: ignore[no-untyped-def]
    _assert_superposes(cells, transfer, responses, np.array(w))


def test_responses_cover_active_membrane_and_phase_end(responses, cells) -> None:  # type: ignore[no-untyped-def]
    assert responses.n_contacts == 2
    assert responses.n_simulations == 2 * 3
    for c, comps in enumerate(responses.compartments):
        kinds = cells.models[c].kind[comps]
        assert np.all(np.isin(kinds, sc._ACTIVE_KINDS))
        assert responses.response[c].shape == (2, comps.size, responses.time.size)
    assert np.any(np.isclose(responses.time, PULSE_WIDTH))  # end of the first phase sampled
    assert responses.time[1] <= PULSE_WIDTH / 10


def test_peak_is_the_largest_superposed_depolarisation(responses) -> None:  # type: ignore[no-untyped-def]
    w = np.array([[-1.0, 1.0, 0.0], [1.0, -1.0, -1.0]])
    peak = sc.peak_depolarisation(responses, w)
    assert peak.shape == (2, 3)
    for c in range(2):
        v = sc.superpose(responses, w, c)
        assert np.allclose(peak[c], np.maximum(v.max(axis=(1, 2)), 0.0))
    assert np.all(peak > 0)
    assert np.allclose(sc.peak_depolarisation(responses, 2 * w), 2 * peak)
    # a cathode near the neuron depolarises it; the same contact as anode depolarises it less
    assert peak[0, 0] > peak[0, 1]


def test_unsimulated_cells_have_no_drive(cells, transfer) -> None:  # type: ignore[no-untyped-def]
    r = sc.contact_responses(
        cells, transfer, PULSE_WIDTH, DEFAULT_WAVEFORM, dt=DT, mask=np.array([False, True])
    )
    peak = sc.peak_depolarisation(r, np.array([[-1.0], [1.0]]))
    assert peak[0, 0] == 0 and peak[1, 0] > 0
    assert np.isnan(sc.predict(np.array([1.0, 1.0]), peak)[0, 0])


def test_bad_input_names_the_field(cells, transfer, responses) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigurationError, match="transfer"):
        sc.contact_responses(cells, transfer[:10], PULSE_WIDTH, DEFAULT_WAVEFORM, dt=DT)
    with pytest.raises(ConfigurationError, match="waveform"):
        sc.contact_responses(cells, transfer, PULSE_WIDTH, "square-ish", dt=DT)
    with pytest.raises(ConfigurationError, match="level_mV"):
        sc.contact_responses(cells, transfer, PULSE_WIDTH, DEFAULT_WAVEFORM, dt=DT, level=0.1)
    with pytest.raises(ConfigurationError, match="weights"):
        sc.superpose(responses, np.ones(3), 0)
