"""Sundt 2015 Figure 8c: pump, SK, L-type Ca2+ and ion accumulation; spike failure at 100 Hz.

Target: reference/validation.md V4 ([RAN] output of ModelDB 187473 ``Figure8c/Figure8c.hoc``,
matching ``figure_8c.png``). Setup as in the hoc file: 35 degC, dt 25 us, IClamp 0.2 nA at
``peri(0.2)`` driven by the file's loop (nominal 100 Hz, true period 11 ms, 1 ms pulses from
about 110 ms), recorded at ``tjcentral(0.1)`` for 400 ms.
"""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus

DT_MS = 0.025  # Figure8c.hoc:183


def hoc_loop_waveform(rate_hz: float, n_pulses: int, t_stop_ms: float) -> np.ndarray:
    """The stimulus of ``Figure8c.hoc:178-224``, step by step (1 while the clamp is on)."""
    n = round(t_stop_ms / DT_MS)
    wave = np.zeros(n)
    t, countdown, left, period = 0.0, 0.0, n_pulses, 1000.0 / rate_hz
    for k in range(n):
        if t >= 100 and left > 0:
            if -1 < countdown <= 0:
                wave[k] = 1.0
            if countdown <= -1:
                countdown = period
                left -= 1
        countdown -= DT_MS
        t += DT_MS
    return wave


def tjcentral(cell: CableModel, x: float) -> int:
    """Compartment of ``tjcentral(x)`` (the central T-junction segment, junction side first)."""
    seg = np.flatnonzero(
        (cell.region == Region.T_JUNCTION) & (cell.length > 0) & (cell.diameter < 0.5 * u.um)
    )
    return int(seg[int(x * seg.size)])


@pytest.mark.slow
def test_v4_figure_8c_nine_spikes_pass_then_fail_as_ions_accumulate() -> None:
    cell = sundt_c_neuron(configuration="figure_8c")
    site = tjcentral(cell, 0.1)
    opts = SolverOptions(dt=DT_MS * u.ms, t_stop=400 * u.ms, max_spikes=40)
    inj = np.zeros(cell.n_comp)
    inj[20] = 1.0  # peri(0.2)
    stim = Stimulus(waveform=hoc_loop_waveform(100.0, 21, 400.0), intracellular=inj)
    res = simulate(cell, stim, [0.2 * u.nA], opts, record=[site], trace=[site])
    assert res.reversal_traces is not None
    v = res.traces[0, 0, 0] / u.mV
    t = res.trace_time / u.ms
    e_na, e_k = res.reversal_traces[0, 0, 0] / u.mV
    # the first 9 spikes pass (peaks +14 -> +4 mV), all later ones fail (peaks -21 to -38 mV)
    assert abs(int(res.spike_count[0, 0, 0]) - 9) <= 1
    onsets = np.flatnonzero(np.diff(stim.waveform) > 0) * DT_MS
    assert onsets.size == 20
    # a spike reaches tjcentral about 11 ms after its pulse (peri(0.2) is 4 mm away)
    peaks = np.array([v[(t >= s + 5) & (t < s + 16)].max() for s in onsets])
    assert 10 < peaks[0] < 18 and 0 < peaks[7] < 8
    assert np.all(peaks[10:] < -20) and np.all(peaks[10:] > -40)
    # reversal potentials: ENa 55.0 -> 52.7 mV (its low), EK -89.9 -> -83.3 mV (its high)
    assert e_na[0] == pytest.approx(55.0, abs=0.2)
    assert np.nanmin(e_na) == pytest.approx(52.7, abs=0.2)
    assert e_k[0] == pytest.approx(-89.9, abs=0.2)
    assert np.nanmax(e_k) == pytest.approx(-83.3, abs=0.2)
