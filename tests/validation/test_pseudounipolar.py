"""Myelinated pseudounipolar neurons: through-conduction with an inexcitable soma, and no soma
initiation under extracellular stimulation.

Targets: reference/validation.md V6b/V11 (Amir & Devor 2003: removing soma excitability does not
affect conduction into the dorsal root, soma invasion needs soma excitability) applied to the
Graham Aβ neuron, and D1 (Farooqui 2024: extracellular DRG stimulation never initiates at the
soma). Both are qualitative; the Aβ membrane is the Gaines 2018 stand-in (docs/assumptions.md C1).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.cable import CableModel, Kind, Mechanism, Region
from drgsim.neuron.pseudounipolar import abeta_neuron, adelta_neuron
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, biphasic, isotropic_point_source, monophasic


def _nodes(cell: CableModel, region: Region) -> np.ndarray:
    return np.flatnonzero((cell.region == region) & (cell.kind == Kind.NODE))


def _without_soma_sodium(cell: CableModel) -> CableModel:
    """Soma and initial segment made inexcitable (their Na densities set to zero)."""
    mask = np.isin(cell.region, [Region.SOMA, Region.INITIAL_SEGMENT])
    mechs = tuple(
        Mechanism(
            family=m.family,
            density=np.where(mask & m.family.startswith("gaines_na"), 0.0, m.density),
            params=m.params,
        )
        for m in cell.mechanisms
    )
    return dataclasses.replace(cell, mechanisms=mechs)


def test_v11_inexcitable_soma_does_not_stop_conduction_to_the_central_axon() -> None:
    intact = abeta_neuron(peripheral_fiber_diameter=10 * u.um)
    inert = _without_soma_sodium(intact)
    cells = [intact, inert]
    opts = SolverOptions(dt=5 * u.us, t_stop=6 * u.ms)
    site = _nodes(intact, Region.PERIPHERAL_AXON)[5]  # stored distal end first
    inj = np.concatenate([np.eye(c.n_comp)[site] for c in cells])
    stim = Stimulus(waveform=monophasic(0.1 * u.ms, opts.dt, opts.n_t, delay=1 * u.ms),
                    intracellular=inj)  # fmt: skip
    soma = int(np.flatnonzero(intact.region == Region.SOMA)[0])
    central = int(_nodes(intact, Region.CENTRAL_AXON)[15])
    res = simulate(cells, stim, [2 * u.nA], opts, record=[soma, central])
    fired = res.spike_count[:, 0, :] > 0
    assert fired[0].tolist() == [True, True]  # intact: soma invaded, dorsal root reached
    assert fired[1].tolist() == [False, True]  # inexcitable soma: dorsal root still reached
    t_central = res.spike_times[:, 0, 1, 0]
    assert abs(t_central[0] - t_central[1]) < 0.05 * u.ms


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["abeta", "adelta"])
@pytest.mark.parametrize("offset_um", [(0, 0, 150), (0, 150, 0), (150, 0, 0)])
def test_d1_extracellular_stimulation_never_initiates_at_the_soma(builder, offset_um) -> None:
    cell = (
        abeta_neuron(peripheral_fiber_diameter=10 * u.um) if builder == "abeta" else adelta_neuron()
    )
    soma = int(np.flatnonzero(cell.region == Region.SOMA)[0])
    source = cell.position[soma] + np.asarray(offset_um, float) * u.um
    phi = isotropic_point_source(cell.position, source, 0.2)  # [V/A], 0.2 S/m
    opts = SolverOptions(dt=5 * u.us, t_stop=3 * u.ms)
    wave = biphasic(80 * u.us, opts.dt, opts.n_t, delay=0.5 * u.ms)  # D1: 80 us phases
    amplitudes = -np.geomspace(2 * u.uA, 5 * u.mA, 40)  # cathodic first
    res = simulate(cell, Stimulus(waveform=wave, extracellular=phi), amplitudes, opts)
    started = np.flatnonzero(res.initiation_index[0] >= 0)
    assert started.size, "no action potential up to 5 mA"
    # from threshold to about twice threshold, the first compartment to fire is never the soma
    regions = cell.region[res.initiation_index[0, started[:6]]]
    assert not np.any(regions == Region.SOMA)
