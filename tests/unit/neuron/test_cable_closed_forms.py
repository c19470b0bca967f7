"""Rallpack-style checks of the cable solver against closed-form cable theory."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Region, compile_cables
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus

RA = 100 * u.ohm_cm
RM = 10 * u.kohm_cm2
CM = 1 * u.uF_per_cm2
E_REST = -65 * u.mV


def _cable(lengths: list[float], diameters: list[float], parents: list[int]) -> CableModel:
    n = len(lengths)
    return CableModel(
        name="passive",
        parent=np.array(parents),
        length=np.array(lengths),
        diameter=np.array(diameters),
        position=np.zeros((n, 3)),
        region=np.full(n, Region.AXON, dtype=np.int8),
        kind=np.array(
            [Kind.JUNCTION if x == 0 else Kind.UNMYELINATED for x in lengths], dtype=np.int8
        ),
        cm=np.full(n, CM),
        ra=np.full(n, RA),
        g_leak=np.full(n, 1 / RM),
        e_leak=np.full(n, E_REST),
        v_init=np.full(n, E_REST),
        temperature=u.celsius(37),
    )


def _steady_state(model: CableModel, at: int, current: float) -> np.ndarray:
    """Membrane depolarisation [V] after a long constant current injected at ``at``."""
    inj = np.zeros(model.n_comp)
    inj[at] = 1.0
    opts = SolverOptions(dt=1 * u.ms, t_stop=400 * u.ms)
    stim = Stimulus(waveform=np.ones(opts.n_t), intracellular=inj)
    res = simulate(model, stim, [current], opts, trace=list(range(model.n_comp)))
    return res.traces[0, 0, :, -1] - E_REST


def _lambda_ri(d: float) -> tuple[float, float]:
    r_i = 4 * RA / (np.pi * d**2)  # [ohm/m]
    r_m = RM / (np.pi * d)  # [ohm m]
    return float(np.sqrt(r_m / r_i)), float(r_i)


def test_sealed_cable_profile_matches_cosh() -> None:
    d, length, n = 1 * u.um, 1 * u.mm, 400
    h = length / n
    model = _cable([h] * n, [d] * n, list(range(-1, n - 1)))
    current = 10 * u.nA / 1000
    v = _steady_state(model, 0, current)
    lam, r_i = _lambda_ri(d)
    x = (np.arange(n) + 0.5) * h
    # compartment centres; the sealed ends sit at the outer faces of the end compartments
    expected = current * r_i * lam * np.cosh((length - x) / lam) / np.sinh(length / lam)
    np.testing.assert_allclose(v, expected, rtol=5e-3)


def test_input_resistance_of_sealed_cable() -> None:
    d, length, n = 2 * u.um, 0.5 * u.mm, 500
    h = length / n
    model = _cable([h] * n, [d] * n, list(range(-1, n - 1)))
    current = 20 * u.nA / 1000
    r_in = _steady_state(model, 0, current)[0] / current
    lam, r_i = _lambda_ri(d)
    expected = r_i * lam / np.tanh(length / lam)
    assert r_in == pytest.approx(expected, rel=2e-3)


def test_branched_tree_input_resistance() -> None:
    # trunk (d0, L0) -> zero-length junction -> two daughters (d1, L1) and (d2, L2), sealed
    n = 300
    specs = [(2 * u.um, 0.3 * u.mm), (1 * u.um, 0.4 * u.mm), (1.5 * u.um, 0.2 * u.mm)]
    lengths: list[float] = []
    diams: list[float] = []
    parents: list[int] = []
    d0, l0 = specs[0]
    for i in range(n):
        lengths.append(l0 / n)
        diams.append(d0)
        parents.append(i - 1)
    junction = len(lengths)
    lengths.append(0.0)
    diams.append(d0)
    parents.append(junction - 1)
    for d, length in specs[1:]:
        start = len(lengths)
        for i in range(n):
            lengths.append(length / n)
            diams.append(d)
            parents.append(junction if i == 0 else start + i - 1)
    model = _cable(lengths, diams, parents)
    current = 20 * u.nA / 1000
    r_in = _steady_state(model, 0, current)[0] / current

    def g_inf(d: float) -> tuple[float, float]:
        lam, r_i = _lambda_ri(d)
        return 1 / (r_i * lam), lam

    load = 0.0
    for d, length in specs[1:]:
        g, lam = g_inf(d)
        load += g * np.tanh(length / lam)
    g0, lam0 = g_inf(d0)
    t = np.tanh(l0 / lam0)
    g_in = g0 * (load + g0 * t) / (g0 + load * t)
    assert r_in == pytest.approx(1 / g_in, rel=5e-3)


def test_junction_needs_zero_length() -> None:
    with pytest.raises(ConfigurationError) as err:
        _cable([1e-6, 1e-6, 1e-6], [1e-6] * 3, [-1, 0, 0])
    assert err.value.field == "length"


def test_axial_conductance_is_half_plus_half() -> None:
    model = _cable([10 * u.um, 30 * u.um], [1 * u.um, 2 * u.um], [-1, 0])
    arrays = compile_cables([model, model])
    r = RA * 5 * u.um / (np.pi * (1 * u.um) ** 2 / 4) + RA * 15 * u.um / (
        np.pi * (2 * u.um) ** 2 / 4
    )
    assert arrays.g_axial[1] == pytest.approx(1 / r)
    assert arrays.g_axial[3] == pytest.approx(1 / r)
    assert arrays.comp_start.tolist() == [0, 2]
    assert arrays.parent.tolist() == [-1, 0, -1, 0]
