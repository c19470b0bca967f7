"""A drive far beyond any stimulator's reach ends in a SolverError, never in a crash of the kernel.

Rate functions underflow to zero at membrane potentials of volts; the kernel then divides by zero.
That must give a non-finite potential, which ``simulate`` reports, and a failed row in the
threshold search, instead of an exception escaping the parallel loop.
"""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import SolverError
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, monophasic


def test_extreme_drive_raises_solver_error_not_a_kernel_crash() -> None:
    cell = sundt_c_neuron()
    opts = SolverOptions(dt=25 * u.us, t_stop=1 * u.ms)
    rng = np.random.default_rng(0)
    drive = rng.normal(0.0, 1.0, cell.n_comp)  # volts per ampere: a few volts per compartment
    stim = Stimulus(waveform=monophasic(0.2 * u.ms, opts.dt, opts.n_t), extracellular=drive)
    # a small amplitude stays finite; thousands of volts do not
    simulate(cell, stim, [1 * u.uA], opts)
    with pytest.raises(SolverError, match="non-finite"):
        simulate(cell, stim, [3.0], opts)
