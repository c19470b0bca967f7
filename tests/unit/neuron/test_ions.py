"""Ion accumulation: Nernst potentials, input checks, and a pool that rests where it starts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import compile_cables
from drgsim.neuron.ions import IonAccumulation, nernst
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus


def test_nernst_gives_the_published_figure_8c_start_values() -> None:
    # reference/validation.md V4: ENa 55.0 mV, EK -89.9 mV at 35 degC (Figure8c.hoc:140-147)
    assert nernst(119.0, 15.0, u.celsius(35.0)) / u.mV == pytest.approx(55.0, abs=0.05)
    assert nernst(3.72, 110.0, u.celsius(35.0)) / u.mV == pytest.approx(-89.9, abs=0.05)


@given(
    st.floats(0.1, 500.0), st.floats(0.1, 500.0), st.floats(250.0, 320.0), st.sampled_from([1, 2])
)
def test_nernst_is_antisymmetric_and_scales_with_valence(
    c_out: float, c_in: float, temperature: float, z: int
) -> None:
    e = nernst(c_out, c_in, temperature, z)
    assert e == pytest.approx(-nernst(c_in, c_out, temperature, z), abs=1e-12)
    assert z * e == pytest.approx(nernst(c_out, c_in, temperature, 1), rel=1e-12)


def test_bad_pools_are_rejected_with_the_field_and_range() -> None:
    good = {
        "is_active": np.ones(3, dtype=bool),
        "concentrations": np.tile([15.0, 110.0, 119.0, 3.72], (3, 1)),
        "shell_width": 70e-9,
        "outer_tau": 0.15,
    }
    IonAccumulation(**good)
    for key, bad, field in (
        ("concentrations", np.zeros((3, 4)), "concentrations_mM"),
        ("concentrations", np.ones((2, 4)), "concentrations"),
        ("shell_width", 0.0, "shell_width_nm"),
        ("outer_tau", -1.0, "outer_tau_ms"),
    ):
        with pytest.raises(ConfigurationError) as err:
            IonAccumulation(**{**good, key: bad})
        assert err.value.field == field
    cell = sundt_c_neuron(configuration="figure_8c")
    assert cell.accumulation is not None
    short = dataclasses.replace(cell.accumulation, is_active=np.ones(3, dtype=bool),
                                concentrations=good["concentrations"])  # fmt: skip
    with pytest.raises(ConfigurationError):
        dataclasses.replace(cell, accumulation=short)


def test_only_cells_with_ions_take_the_ion_path() -> None:
    plain = compile_cables(sundt_c_neuron())
    pools = compile_cables(sundt_c_neuron(configuration="figure_8c"))
    assert plain.has_ions.tolist() == [0] and not plain.acc_active.any()
    assert pools.has_ions.tolist() == [1]
    assert int(pools.acc_active.sum()) == 300  # tjperi, tjcentral, stem: 100 segments each


def test_unstimulated_figure_8c_cell_rests_with_constant_reversals() -> None:
    # leak balanced at -60 mV with the Nernst potentials and the pump silent at rest: the
    # T-junction stays put; only the resting Na+ window current loads Na+ very slowly (the
    # non-specific leak balances charge, not Na+), as in the published model
    cell = sundt_c_neuron(configuration="figure_8c")
    site = int(np.flatnonzero(cell.accumulation.is_active)[150])  # type: ignore[union-attr]
    opts = SolverOptions(dt=25 * u.us, t_stop=5 * u.ms)
    stim = Stimulus(waveform=np.zeros(opts.n_t), intracellular=np.zeros(cell.n_comp))
    res = simulate(cell, stim, [0.0], opts, trace=[site])
    assert res.reversal_traces is not None
    e = res.reversal_traces[0, 0, 0] / u.mV
    assert 0 < e[0, 0] - e[0, -1] < 1e-3 and np.ptp(e[1]) < 1e-3
    assert e[0, 0] == pytest.approx(55.0, abs=0.05)
    assert np.ptp(res.traces[0, 0, 0]) / u.mV < 1e-3
