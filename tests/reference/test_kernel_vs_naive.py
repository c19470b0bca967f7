"""The numba kernel agrees with its dense numpy twin (``naive.py``)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from naive import simulate_naive

from drgsim import units as u
from drgsim.neuron.cable import CableModel
from drgsim.neuron.mrg import build_mrg_axon
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, biphasic, isotropic_point_source, monophasic

AXON = build_mrg_axon(fiber_diameter=5.7 * u.um, n_nodes=5)
SINGLE = dataclasses.replace(AXON, periaxonal_xraxial=None, periaxonal_xg=None, periaxonal_xc=None)
# The twin evaluates the channels exactly, so the kernel runs with exact rates here; the rate
# tables (assumption N5) are checked against exact traces in tests/unit/neuron/test_rate_tables.py.
OPTS = SolverOptions(dt=5 * u.us, t_stop=0.6 * u.ms, rate_tables=False)


def _both(model: CableModel, stim: Stimulus, amplitude: float) -> tuple[np.ndarray, np.ndarray]:
    res = simulate(model, stim, [amplitude], OPTS, trace=list(range(model.n_comp)))
    naive, first = simulate_naive(
        model,
        stim.waveform,
        OPTS.dt,
        amplitude,
        phi=stim.extracellular,
        inj=stim.intracellular,
    )
    assert res.initiation_index[0, 0] == first[0]
    return res.traces[0, 0].T, naive


@pytest.mark.parametrize("model", [AXON, SINGLE], ids=["double", "single"])
def test_intracellular_pulse(model: CableModel) -> None:
    inj = np.zeros(model.n_comp)
    inj[22] = 1.0
    stim = Stimulus(waveform=monophasic(0.1 * u.ms, OPTS.dt, OPTS.n_t), intracellular=inj)
    kernel, naive = _both(model, stim, 2 * u.nA)
    assert np.abs(naive).max() > 0.0  # an action potential happened (peak above 0 V)
    np.testing.assert_allclose(kernel, naive, atol=1e-9)


@pytest.mark.parametrize("model", [AXON, SINGLE], ids=["double", "single"])
def test_extracellular_biphasic_point_source(model: CableModel) -> None:
    source = model.position[22] + np.array([0.0, 0.5 * u.mm, 0.0])
    phi = isotropic_point_source(model.position, source, 0.2)
    wave = biphasic(0.1 * u.ms, OPTS.dt, OPTS.n_t, interphase=20 * u.us, delay=10 * u.us)
    stim = Stimulus(waveform=wave, extracellular=phi)
    kernel, naive = _both(model, stim, -1.5 * u.mA)
    np.testing.assert_allclose(kernel, naive, atol=1e-9)
