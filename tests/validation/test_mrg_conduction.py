"""MRG conduction velocity per fibre diameter (reference/validation.md V8).

Setup of the row: unmodified MRG, 51 nodes, 37 degC, IClamp 2 nA x 0.1 ms at node 25 (5 nA for
16 um), CV from the spike times at nodes 20 and 40. The spike leaves node 25 in both directions,
so the extra path between the two recordings is the 10 internodes from node 30 to node 40:
CV = (|x40 - x25| - |x20 - x25|) / (t40 - t20).
"""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.mrg import build_mrg_axon, node_indices
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, monophasic

V8 = [(5.7, 23.3), (8.7, 43.5), (10.0, 51.1), (12.8, 66.7), (16.0, 85.7)]


@pytest.mark.parametrize(("diameter_um", "cv_m_per_s"), V8)
def test_mrg_conduction_velocity(diameter_um: float, cv_m_per_s: float) -> None:
    axon = build_mrg_axon(fiber_diameter=diameter_um * u.um, n_nodes=51)
    nodes = node_indices(axon)
    opts = SolverOptions(dt=5 * u.us, t_stop=4 * u.ms, stop_when_recorded=True)
    inj = np.zeros(axon.n_comp)
    inj[nodes[25]] = 1.0
    wave = monophasic(0.1 * u.ms, opts.dt, opts.n_t, delay=1 * u.ms)
    amplitude = (5.0 if diameter_um == 16.0 else 2.0) * u.nA
    res = simulate(
        axon, Stimulus(waveform=wave, intracellular=inj), [amplitude], opts,
        record=[nodes[20], nodes[40]],
    )  # fmt: skip
    t20, t40 = res.spike_times[0, 0, :, 0]
    x = axon.position[:, 0]
    path = abs(x[nodes[40]] - x[nodes[25]]) - abs(x[nodes[20]] - x[nodes[25]])
    assert path / (t40 - t20) == pytest.approx(cv_m_per_s, rel=0.02)
