"""The quiet stop ends rows back at rest after the stimulus without changing any spike."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from drgsim import units as u
from drgsim.neuron.mrg import build_mrg_axon
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, monophasic


def test_quiet_stop_keeps_spikes_and_ends_subthreshold_rows_early() -> None:
    axon = build_mrg_axon(fiber_diameter=10 * u.um, n_nodes=11)
    opts = SolverOptions(dt=5 * u.us, t_stop=2 * u.ms)
    inj = np.zeros(axon.n_comp)
    inj[5 * 11] = 1.0
    stim = Stimulus(waveform=monophasic(0.1 * u.ms, opts.dt, opts.n_t), intracellular=inj)
    # hyperpolarising (anode-break side), subthreshold and suprathreshold amplitudes
    amps = np.array([-2.0, -0.2, 0.0, 0.2, 0.5, 0.8, 1.0, 1.5, 2.0, 4.0]) * u.nA
    record = [[0, 5 * 11, 10 * 11]]
    full = simulate(axon, stim, amps, opts, record=record, trace=[5 * 11])
    quiet = simulate(
        axon, stim, amps, replace(opts, stop_when_quiet=True), record=record, trace=[5 * 11]
    )
    np.testing.assert_array_equal(quiet.spike_count, full.spike_count)
    np.testing.assert_array_equal(quiet.initiation_index, full.initiation_index)
    np.testing.assert_allclose(quiet.spike_times, full.spike_times, rtol=0, atol=0)
    assert np.all(full.steps == opts.n_t)
    pulse_end = round(0.1 * u.ms / opts.dt)
    assert np.all(quiet.steps > pulse_end)
    silent = full.spike_count[0, :, :].sum(axis=1) == 0
    assert silent.any() and (~silent).any()
    assert np.all(quiet.steps[0, silent] < opts.n_t)
    # up to the stop the traces are the same; the stopped row is back near rest
    for a in np.flatnonzero(silent):
        k = int(quiet.steps[0, a])
        np.testing.assert_array_equal(quiet.traces[0, a, 0, : k + 1], full.traces[0, a, 0, : k + 1])
        rest = axon.v_init[5 * 11]
        assert abs(full.traces[0, a, 0, -1] - rest) <= opts.quiet_tolerance
