"""MRG intracellular chronaxie (reference/validation.md V9).

Same fibres as V8 (51 nodes, 37 degC, IClamp at node 25, AP detected at 90 % of the length).
Rheobase is the 10 ms threshold; the chronaxie is the pulse width whose threshold is twice it,
found by geometric bisection on the pulse width.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.cable import CableModel
from drgsim.neuron.mrg import build_mrg_axon, node_indices
from drgsim.neuron.simulate import SolverOptions
from drgsim.neuron.stimulus import Stimulus, monophasic
from drgsim.neuron.threshold import ThresholdSearch, ThresholdStatus, find_thresholds

V9 = [(5.7, 300.0), (8.7, 230.0), (10.0, 240.0), (12.8, 245.0)]
SEARCH = ThresholdSearch(
    polarity=1.0, min_amplitude=0.01 * u.nA, max_amplitude=50 * u.nA, rel_tolerance=0.002
)


def _threshold(axon: CableModel, pulse_width: float) -> float:
    opts = SolverOptions(dt=5 * u.us, t_stop=pulse_width + 2 * u.ms)
    inj = np.zeros(axon.n_comp)
    inj[node_indices(axon)[25]] = 1.0
    stim = Stimulus(waveform=monophasic(pulse_width, opts.dt, opts.n_t), intracellular=inj)
    res = find_thresholds(axon, stim, opts, SEARCH)
    assert res.status[0] == ThresholdStatus.OK
    return float(res.threshold[0])


@pytest.mark.slow
@pytest.mark.parametrize(("diameter_um", "chronaxie_us"), V9)
def test_mrg_intracellular_chronaxie(diameter_um: float, chronaxie_us: float) -> None:
    axon = build_mrg_axon(fiber_diameter=diameter_um * u.um, n_nodes=51)
    target = 2.0 * _threshold(axon, 10 * u.ms)
    lo, hi = 50 * u.us, 1 * u.ms  # threshold(lo) > target > threshold(hi)
    for _ in range(7):
        mid = math.sqrt(lo * hi)
        if _threshold(axon, mid) > target:
            lo = mid
        else:
            hi = mid
    assert math.sqrt(lo * hi) / u.us == pytest.approx(chronaxie_us, rel=0.10)
