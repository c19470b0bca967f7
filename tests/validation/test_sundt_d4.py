"""Seconds-scale fading of C-neuron transmission under 20 Hz stimulation (validation.md D4).

Chao et al. 2020 (D4): transmission of C-unit spikes fades progressively under 20 Hz ganglionic
stimulation. The set-up follows ``test_pain_transmission_drgs.py``: a cathode 100 um from the
T-junction (isotropic 0.3 S/m, 0.2 mA, symmetric biphasic 100 us at 20 Hz) and seeded random
peripheral spikes at a mean 10 Hz, over 3 s in 0.75 s bins. The Figure 8c cell (pump, SK,
L-type Ca2+, Na+/K+ pools) passes most spikes in the first bin and fewer and fewer after; the
Figure 5d cell filters from the first bin on (the strict expected failure of that file). Over
20 s the cell's own stimulation-evoked spikes fade too, through its soma SK (second test).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import CableModel, Region
from drgsim.therapy.pain_transmission import (
    DrgPulses,
    bin_arrivals,
    peripheral_onsets,
    simulate_arrivals,
)
from drgsim.therapy.transmission_options import TransmissionOptions

PULSES = DrgPulses(waveform="biphasic-symmetric", pulse_width=100 * u.us, rate=20 * u.Hz)
SIGMA = 0.3  # [S/m] as in test_pain_transmission_drgs.py
DURATION = 3.0  # [s]
BIN = 0.75  # [s]


def _drive(cell: CableModel) -> FloatArray:
    """Potential [V] of a 0.2 mA cathode 100 um from the cell's T-junction."""
    junction = cell.position[cell.region == Region.T_JUNCTION].mean(axis=0)
    r = np.linalg.norm(cell.position - (junction + np.array([0.0, 0.0, 100 * u.um])), axis=1)
    drive: FloatArray = -0.2 * u.mA / (4 * math.pi * SIGMA * r)
    return drive


@pytest.mark.slow
def test_d4_figure_8c_c_neuron_transmission_fades_over_seconds() -> None:
    cell = sundt_c_neuron(configuration="figure_8c", n_seg=50)
    drive = _drive(cell)
    options = TransmissionOptions(duration=DURATION, bin_width=BIN)
    onsets = peripheral_onsets(options, np.random.default_rng(1))
    (res,) = simulate_arrivals([cell], [drive], onsets, PULSES, amplitude=0.2 * u.nA)
    b = bin_arrivals([res], DURATION, BIN)
    assert np.all(b.fraction_without >= 0.75)  # without stimulation the train passes
    assert b.fraction_with[0] >= 0.5  # at first most spikes still pass
    assert b.fraction_with[-1] <= 0.5 * b.fraction_with[0]  # then they fade
    assert np.all(np.diff(b.fraction_with) <= 0.0)  # progressively


@pytest.mark.slow
def test_d4_stimulation_evoked_c_spikes_fade_over_20_s_through_slow_k() -> None:
    """D4's first clause: the C unit's own stimulation-evoked spikes fade over 20 s.

    Same set-up, 20 s in 4 s bins, evoked rate = dorsal-root spikes under stimulation alone.
    The Figure 8c cell's soma SK builds up and the rate falls bin by bin; the same cell without
    its soma L-type Ca2+ and SK follows the 20 Hz stimulation to the end.
    """
    duration, width = 20.0, 4.0
    cells = [
        sundt_c_neuron(configuration="figure_8c", n_seg=50),
        sundt_c_neuron(configuration="figure_8c", n_seg=50, g_cal=0.0, g_sk=0.0),
    ]
    drives = [_drive(cell) for cell in cells]
    options = TransmissionOptions(duration=duration, bin_width=width)
    onsets = peripheral_onsets(options, np.random.default_rng(1))
    slow_k, no_slow_k = simulate_arrivals(cells, drives, onsets, PULSES, amplitude=0.2 * u.nA)
    evoked = bin_arrivals([slow_k], duration, width).evoked_rate
    assert np.all(np.diff(evoked) <= 0.0)  # progressively
    assert evoked[-1] <= 0.6 * evoked[0]
    assert np.all(bin_arrivals([no_slow_k], duration, width).evoked_rate >= 0.9 * 20.0)
