"""Seconds-scale fading of C-neuron transmission under 20 Hz stimulation (validation.md D4).

Chao et al. 2020 (D4): transmission of C-unit spikes fades progressively under 20 Hz ganglionic
stimulation. The set-up follows ``test_pain_transmission_drgs.py``: a cathode 100 um from the
T-junction (isotropic 0.3 S/m, 0.2 mA, symmetric biphasic 100 us at 20 Hz) and seeded random
peripheral spikes at a mean 10 Hz, over 3 s in 0.75 s bins. The Figure 8c cell (pump, SK,
L-type Ca2+, Na+/K+ pools) passes most spikes in the first bin and fewer and fewer after; the
Figure 5d cell filters from the first bin on (the strict expected failure of that file).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import Region
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


@pytest.mark.slow
def test_d4_figure_8c_c_neuron_transmission_fades_over_seconds() -> None:
    cell = sundt_c_neuron(configuration="figure_8c", n_seg=50)
    junction = cell.position[cell.region == Region.T_JUNCTION].mean(axis=0)
    r = np.linalg.norm(cell.position - (junction + np.array([0.0, 0.0, 100 * u.um])), axis=1)
    drive = -0.2 * u.mA / (4 * math.pi * SIGMA * r)
    options = TransmissionOptions(duration=DURATION, bin_width=BIN)
    onsets = peripheral_onsets(options, np.random.default_rng(1))
    (res,) = simulate_arrivals([cell], [drive], onsets, PULSES, amplitude=0.2 * u.nA)
    b = bin_arrivals([res], DURATION, BIN)
    assert np.all(b.fraction_without >= 0.75)  # without stimulation the train passes
    assert b.fraction_with[0] >= 0.5  # at first most spikes still pass
    assert b.fraction_with[-1] <= 0.5 * b.fraction_with[0]  # then they fade
    assert np.all(np.diff(b.fraction_with) <= 0.0)  # progressively
