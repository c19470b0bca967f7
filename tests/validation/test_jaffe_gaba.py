"""GABA-A at the T-junction blocks C-fibre spikes (Jaffe-lab DRG filtering model).

Target: reference/validation.md V7 ([RAN] output of ``dbjaffe67/DRGsims``
``CfiberPropagation.hoc``; published: filtering at T-junctions, GABA effect nociceptor-specific,
PMC9847955). Setup as in the hoc file: 37 degC, dt 25 us, 250 ms to settle, then one IClamp
0.2 nA x 0.5 ms at ``peri(0)``; soma, ``tjperi(1)`` and the dorsal root ``central(0.8)``.
"""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.cable import Region
from drgsim.neuron.jaffe import JAFFE_SETTLE, jaffe_c_neuron
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, sample_segments

G_GABA_MS_PER_CM2 = (0.0, 0.5, 1.0, 2.0)
# [RAN] soma at the stimulus and tjperi(1) peak [mV] for 0.5, 1, 2 mS/cm2
SOMA_REST = (-45.3, -43.4, -42.1)
TJ_PEAK = (-30.8, -37.3, -41.9)


@pytest.mark.slow
def test_v7_gaba_a_near_the_t_junction_stops_the_dorsal_root_spike() -> None:
    cells = [jaffe_c_neuron(g_gaba=g * u.mS_per_cm2) for g in G_GABA_MS_PER_CM2]
    cell = cells[0]
    soma = int(np.flatnonzero(cell.region == Region.SOMA)[0])
    tjperi_end = int(cell.parent[np.flatnonzero(cell.length == 0)[0]])
    root = int(np.flatnonzero(cell.region == Region.CENTRAL_AXON)[80])  # central(0.8)
    onset = JAFFE_SETTLE + 5 * u.ms
    opts = SolverOptions(dt=25 * u.us, t_stop=onset + 45 * u.ms)
    wave = sample_segments([(onset, onset + 0.5 * u.ms, 1.0)], opts.dt, opts.n_t)
    inj = np.concatenate([np.eye(c.n_comp)[0] for c in cells])  # peri(0)
    res = simulate(cells, Stimulus(waveform=wave, intracellular=inj), [0.2 * u.nA], opts,
                   record=[root], trace=[soma, tjperi_end, root])  # fmt: skip
    k0 = round(onset / opts.dt)
    soma_v = res.traces[:, 0, 0, k0] / u.mV
    tj_peak = np.nanmax(res.traces[:, 0, 1, k0:], axis=1) / u.mV
    root_peak = np.nanmax(res.traces[:, 0, 2, k0:], axis=1) / u.mV
    fired = res.spike_count[:, 0, 0] > 0
    assert fired.tolist() == [True, False, False, False]
    assert root_peak[0] == pytest.approx(35.4, abs=3.0)
    np.testing.assert_allclose(soma_v[1:], SOMA_REST, atol=1.0)
    np.testing.assert_allclose(tj_peak[1:], TJ_PEAK, atol=3.0)
