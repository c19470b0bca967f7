"""Every route into the kernel compiles the same specialisation of ``_run_rows``.

numba compiles the whole kernel once per distinct argument type, a read-only flag included: a
plain ``simulate`` with current injection, a threshold search and cable arrays unpickled in a
worker process must all hand over the same types. Batches with ion rows add one more.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron import _kernels
from drgsim.neuron.cable import compile_cables
from drgsim.neuron.mrg import build_mrg_axon
from drgsim.neuron.simulate import SolverOptions, prepare_drive, run_rows, simulate
from drgsim.neuron.stimulus import Stimulus, monophasic
from drgsim.neuron.threshold import ThresholdSearch, find_thresholds


# the short axon and run may end in a flagged search; only the kernel call matters here
@pytest.mark.filterwarnings("ignore::drgsim.errors.NonMonotonicResponseWarning")
def test_simulate_threshold_search_and_unpickled_arrays_share_one_signature() -> None:
    axon = build_mrg_axon(fiber_diameter=10 * u.um, n_nodes=5)
    opts = SolverOptions(dt=5 * u.us, t_stop=0.5 * u.ms)
    inj = np.zeros(axon.n_comp)
    inj[0] = 1.0
    simulate(axon, Stimulus(waveform=np.ones(opts.n_t), intracellular=inj), [1 * u.nA], opts)

    source = axon.position[axon.n_comp // 2] + np.array([0.0, 0.0, 1 * u.mm])
    phi = 1.0 / (4 * np.pi * 0.2 * np.linalg.norm(axon.position - source, axis=1))
    stim = Stimulus(waveform=monophasic(0.1 * u.ms, opts.dt, opts.n_t), extracellular=phi)
    result = find_thresholds(
        axon, stim, opts, ThresholdSearch(min_amplitude=10 * u.uA, max_amplitude=1 * u.mA)
    )
    assert len(result.threshold) == 1

    arrays = pickle.loads(pickle.dumps(compile_cables([axon])))
    assert arrays.parent.flags.writeable  # what a worker process receives
    record = np.zeros((1, 1), dtype=np.int32)
    out = run_rows(
        prepare_drive(arrays, stim, opts),
        np.zeros(1, dtype=np.int32),
        [-1 * u.mA],
        opts,
        record=record,
        trace=np.zeros((1, 0), dtype=np.int64),
    )
    assert out.status[0] == 0
    # at most two specialisations, which differ only in ``has_ions``: None for batches without
    # ion rows (the ion path is pruned), an array for batches with them
    where = _kernels._run_rows.py_func.__code__.co_varnames.index("has_ions")
    signatures = _kernels._run_rows.signatures
    assert len({sig[:where] + sig[where + 1 :] for sig in signatures}) == 1
    assert len(signatures) == len({sig[where] for sig in signatures}) <= 2
    assert any(str(sig[where]) == "none" for sig in signatures)
