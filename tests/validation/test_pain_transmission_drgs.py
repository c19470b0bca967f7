"""Pain-signal transmission under DRG stimulation (reference/validation.md D3, D4).

A cathode 100 um from the T-junction drives the neuron at 20 Hz (the clinical rate, T5) while
random peripheral spikes arrive at a mean 10 Hz; the stimulation is suprathreshold for the
neuron, as ganglionic field stimulation was for the C units of Chao et al. 2020 (D4).

- D3 (Graham, Jhand & Lempka 2022): suprathreshold stimulation augments T-junction filtering
  in C neurons (fewer peripheral spikes reach the dorsal root) and raises their own activity.
- D4 (Chao et al. 2020): Aβ transmission persists under 20 Hz stimulation; C-unit transmission
  fades over seconds. The fade needs slow K+ (SK) and ion accumulation, which the Sundt Fig 5d
  cell (M current only) lacks: that check is a strict expected failure until a C-neuron preset
  with them is used.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.pseudounipolar import abeta_neuron
from drgsim.therapy.pain_transmission import (
    BinnedTransmission,
    DrgPulses,
    bin_arrivals,
    peripheral_onsets,
    simulate_arrivals,
)
from drgsim.therapy.transmission_options import TransmissionOptions

pytestmark = pytest.mark.slow

PULSES = DrgPulses(waveform="biphasic-symmetric", pulse_width=100 * u.us, rate=20 * u.Hz)
SIGMA = 0.3  # S/m, between the DRG transverse 0.083 and longitudinal 0.6 S/m (anatomy.md §5)
DURATION = 3.0
BIN = 0.75


def _run(
    cell: CableModel, amplitude: float, pulse: float = 0.2 * u.nA
) -> tuple[BinnedTransmission, float]:
    junction = cell.position[cell.region == Region.T_JUNCTION].mean(axis=0)
    r = np.linalg.norm(cell.position - (junction + np.array([0.0, 0.0, 100 * u.um])), axis=1)
    drive = -amplitude / (4 * math.pi * SIGMA * r)
    options = TransmissionOptions(duration=DURATION, bin_width=BIN)
    onsets = peripheral_onsets(options, np.random.default_rng(1))
    (res,) = simulate_arrivals([cell], [drive], onsets, PULSES, amplitude=pulse)
    return bin_arrivals([res], DURATION, BIN), float(res.latency)


@pytest.fixture(scope="module")
def c_neuron() -> tuple[BinnedTransmission, float]:
    # Sundt Fig 5d cell (M current 0.4 mS/cm2, V3) with 100 um compartments on its 5 mm axons
    return _run(sundt_c_neuron(n_seg=50), 0.2 * u.mA)


def test_d3_suprathreshold_drgs_filters_c_neuron_pain_signals(c_neuron) -> None:  # type: ignore[no-untyped-def]
    b, latency = c_neuron
    assert 10 * u.ms < latency < 50 * u.ms  # C conduction over ~9 mm at 0.3-0.4 m/s (V1)
    assert b.overall_without >= 0.85  # a mean 10 Hz is followed without stimulation (V2b)
    assert np.all(b.fraction_without >= 0.75)  # and stays so over time
    assert b.overall_with <= 0.6 * b.overall_without  # filtering augmented
    np.testing.assert_allclose(b.evoked_rate, 20.0, atol=2.0)  # activity raised: 20 Hz


@pytest.mark.xfail(
    strict=True,
    reason="D4 fade over seconds needs SK / Na-K pump / ion accumulation, absent from the "
    "Sundt Fig 5d cell (M current only): here suprathreshold 20 Hz stimulation filters from "
    "the first bin on instead of progressively",
)
def test_d4_c_neuron_transmission_fades_progressively(c_neuron) -> None:  # type: ignore[no-untyped-def]
    b, _ = c_neuron
    assert b.fraction_with[0] >= 0.5
    assert b.fraction_with[-1] <= 0.5 * b.fraction_with[0]


def test_d4_abeta_transmission_persists_under_20hz_stimulation() -> None:
    cell = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    # Sundt's 0.2 nA does not excite a 10 um axon; 5 nA x 1 ms does (V6a, V8 use 5 nA)
    b, latency = _run(cell, 0.2 * u.mA, pulse=5 * u.nA)
    assert latency < 2 * u.ms  # myelinated: tens of m/s over a few mm
    assert np.all(b.evoked_rate > 15.0)  # the stimulation fires the Aβ neuron too
    assert b.overall_without >= 0.95
    assert np.all(b.fraction_with >= 0.85)  # and its peripheral signals still pass
