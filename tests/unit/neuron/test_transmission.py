"""Spike trains through the T-junction: sites, counting, and the two independent drives."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import Kind, Region
from drgsim.neuron.pseudounipolar import adelta_neuron
from drgsim.neuron.transmission import (
    DrgStimulation,
    PeripheralTrain,
    TransmissionResult,
    site,
    transmit,
)


def _small_cell():
    # Sundt membrane and diameters on shorter axons, coarser sections: a fast stand-in
    return sundt_c_neuron(axon_length=1 * u.mm, n_seg=20)


def test_sites_follow_neuron_section_convention() -> None:
    cell = sundt_c_neuron()
    per = np.flatnonzero(cell.region == Region.PERIPHERAL_AXON)
    cen = np.flatnonzero(cell.region == Region.CENTRAL_AXON)
    assert site(cell, Region.PERIPHERAL_AXON, 0.2, from_distal=True) == per[20]  # peri(0.2)
    assert site(cell, Region.CENTRAL_AXON, 0.6, from_distal=False) == cen[60]  # central(0.6)
    myel = adelta_neuron()
    k = site(myel, Region.CENTRAL_AXON, 0.5, from_distal=False)
    assert myel.kind[k] == Kind.NODE and myel.region[k] == Region.CENTRAL_AXON
    with pytest.raises(ConfigurationError):
        site(cell, Region.INITIAL_SEGMENT, 0.5, from_distal=False)


def test_low_rate_train_passes_entirely() -> None:
    cell = _small_cell()
    train = PeripheralTrain(rate=20.0, n_pulses=4)
    res = transmit(cell, train, tail=20 * u.ms)
    assert res.n_sent == 4 and res.n_arrived == 4
    assert res.fraction == 1.0
    # arrivals follow their pulses by one conduction delay
    delay = res.arrived_times - train.onsets
    assert np.all(delay > 0) and np.ptp(delay) < 0.5 * u.ms
    starts, frac = res.fraction_over_time(0.1)
    assert starts[0] == pytest.approx(train.onsets[0])
    np.testing.assert_allclose(frac, 1.0)


def test_zero_drg_field_changes_nothing_and_drives_are_independent() -> None:
    cell = _small_cell()
    train = PeripheralTrain(rate=50.0, n_pulses=3)
    alone = transmit(cell, train, tail=20 * u.ms)
    silent = DrgStimulation(
        extracellular=np.zeros(cell.n_comp), amplitude=-1 * u.mA, rate=20.0, pulse_width=0.2e-3
    )
    both = transmit(cell, train, drg=silent, tail=20 * u.ms)
    np.testing.assert_allclose(both.arrived_times, alone.arrived_times)
    np.testing.assert_allclose(both.sent_times, alone.sent_times)


def test_fraction_over_time_bins_by_sending_pulse() -> None:
    res = TransmissionResult(
        pulse_onsets=np.array([0.0, 0.1, 0.2, 0.3]),
        sent_times=np.array([0.01, 0.11, 0.21, 0.31]),
        arrived_times=np.array([0.03, 0.13]),
        sites=(0, 1, 2),
    )
    assert res.fraction == 0.5
    starts, frac = res.fraction_over_time(0.2)
    np.testing.assert_allclose(starts, [0.0, 0.2])
    np.testing.assert_allclose(frac, [1.0, 0.0])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rate": 0.0, "n_pulses": 3}, "rate_Hz"),
        ({"rate": 100.0, "n_pulses": 3, "pulse_width": 20e-3}, "pulse_width_ms"),
        ({"rate": 10.0, "n_pulses": 0}, "n_pulses"),
        ({"rate": 10.0, "n_pulses": 3, "amplitude": 1.0}, "amplitude_nA"),
    ],
)
def test_train_rejects_bad_input(kwargs, field: str) -> None:
    with pytest.raises(ConfigurationError) as err:
        PeripheralTrain(**kwargs)
    assert err.value.field == field


def test_layer_exports_the_neuron_builders_and_transmission() -> None:
    import drgsim.neuron as neuron

    for name in (
        "sundt_c_neuron",
        "c_axon",
        "abeta_neuron",
        "adelta_neuron",
        "Placement",
        "PeripheralTrain",
        "DrgStimulation",
        "TransmissionResult",
        "transmit",
    ):
        assert name in neuron.__all__
        assert callable(getattr(neuron, name))
    assert list(neuron.__all__) == sorted(neuron.__all__)


def test_intracellular_waveform_must_match_the_waveform() -> None:
    from drgsim.neuron.stimulus import Stimulus

    with pytest.raises(ConfigurationError) as err:
        Stimulus(waveform=np.zeros(10), intracellular=np.ones(3), intracellular_waveform=np.ones(9))
    assert err.value.field == "intracellular_waveform"
