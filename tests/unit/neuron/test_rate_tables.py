"""Rate tables (ChannelFamily.tabulated) against the exact rate functions."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import c_axon
from drgsim.neuron.channels import FAMILIES
from drgsim.neuron.channels.base import ChannelFamily
from drgsim.neuron.mrg import build_mrg_axon
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, monophasic


@pytest.mark.parametrize("kind", ["mrg", "rattay", "sundt"])
def test_tables_follow_exact_traces(kind: str) -> None:
    if kind == "mrg":
        cell = build_mrg_axon(fiber_diameter=10 * u.um, n_nodes=11)
        amp = 20 * u.nA
    else:
        cell = c_axon(diameter=1 * u.um, length=1 * u.mm, kinetics=kind)
        amp = 2 * u.nA
    inj = np.zeros(cell.n_comp)
    inj[cell.n_comp // 2] = 1.0
    traces = []
    for tables in (False, True):
        opts = SolverOptions(dt=5 * u.us, t_stop=3 * u.ms, rate_tables=tables)
        stim = Stimulus(waveform=monophasic(0.3 * u.ms, opts.dt, opts.n_t), intracellular=inj)
        res = simulate(cell, stim, [amp], opts, trace=[0, cell.n_comp // 2, cell.n_comp - 1])
        traces.append(res.traces)
    assert np.nanmax(traces[0]) > 0.0  # an action potential
    assert np.nanmax(np.abs(traces[1] - traces[0])) < 0.2 * u.mV


def test_ion_reading_family_cannot_be_tabulated() -> None:
    pump = next(f for f in FAMILIES if f.reads_ions)
    with pytest.raises(ConfigurationError):
        ChannelFamily(
            name="x",
            state_names=pump.state_names,
            param_names=pump.param_names,
            default_params=pump.default_params,
            steady_state=pump.steady_state,
            advance=pump.advance,
            current=pump.current,
            source="test",
            carries=pump.carries,
            reads_ions=True,
            tabulated=True,
        )
