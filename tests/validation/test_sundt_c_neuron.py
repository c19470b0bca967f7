"""Sundt 2015 C-neuron: conduction, following frequency, Fig 5d trace, T-junction failure edges.

Targets: reference/validation.md V1, V2b, V3, V5 ([RAN] outputs of ModelDB 187473). Setup as
in ``Figure5d.hoc``: 35 degC, dt 25 us, IClamp 0.2 nA x 1 ms at ``peri(0.2)``, spikes counted
as upward crossings of -20 mV.
"""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus, sample_segments
from drgsim.neuron.transmission import PeripheralTrain, site, transmit

DT = 0.025 * u.ms  # Figure5d.hoc:118


def _region(cell: CableModel, region: Region) -> np.ndarray:
    """Compartments of a region in NEURON's x order (peripheral: distal end first)."""
    return np.flatnonzero(cell.region == region)


def _pulses(cells: list[CableModel], onsets_ms: list[float], t_stop_ms: float):
    opts = SolverOptions(dt=DT, t_stop=t_stop_ms * u.ms, max_spikes=40)
    wave = sample_segments([(t * u.ms, (t + 1) * u.ms, 1.0) for t in onsets_ms], DT, opts.n_t)
    inj = np.concatenate([np.eye(c.n_comp)[20] for c in cells])  # peri(0.2) of each cell
    return Stimulus(waveform=wave, intracellular=inj), opts


def test_v1_conduction_velocity_peripheral_and_central() -> None:
    cell = sundt_c_neuron()
    per, cen = _region(cell, Region.PERIPHERAL_AXON), _region(cell, Region.CENTRAL_AXON)
    rec = [per[30], per[80], cen[20], cen[80]]
    stim, opts = _pulses([cell], [5.0], 60.0)
    res = simulate(cell, stim, [0.2 * u.nA], opts, record=rec)
    t = res.spike_times[0, 0, :, 0]
    x = cell.position[rec]
    cv_per = np.linalg.norm(x[1] - x[0]) / (t[1] - t[0])
    cv_cen = np.linalg.norm(x[3] - x[2]) / (t[3] - t[2])
    assert cv_per == pytest.approx(0.404, rel=0.02)
    assert cv_cen == pytest.approx(0.275, rel=0.02)


def test_v3_figure_5d_trace_with_its_reflected_spike() -> None:
    # Figure5d.hoc's loop: first pulse at 70 ms, true period 1000/50 + 1 = 21 ms, 20 pulses
    cell = sundt_c_neuron()
    per, cen = _region(cell, Region.PERIPHERAL_AXON), _region(cell, Region.CENTRAL_AXON)
    tjperi = _region(cell, Region.T_JUNCTION)[0]
    rec = [per[0], per[95], tjperi, cen[80]]
    stim, opts = _pulses([cell], [70.0 + 21.0 * i for i in range(20)], 250.0)
    res = simulate(cell, stim, [0.2 * u.nA], opts, record=rec)
    counts = res.spike_count[0, 0].tolist()
    times = res.spike_times[0, 0] / u.ms
    assert counts == [9, 9, 8, 7]
    np.testing.assert_allclose(times[0, :9], 73 + 21 * np.arange(9), atol=0.5)
    assert np.any(np.abs(times[1, :9] - 147.7) < 0.5)  # reflected spike at peri(0.95)
    np.testing.assert_allclose(times[3, :7], [96, 117, 138, 159, 201, 222, 243], atol=0.5)


# V2b: (gKM [mS/cm2], rate [Hz], expected arrivals of 20 pulses)
V2B = [
    (0.0, 100.0, 20),
    (0.0, 110.0, 14),
    (0.0, 120.0, 13),
    (0.0, 150.0, 10),
    (0.4, 40.0, 20),
    (0.4, 50.0, 15),
    (0.4, 60.0, 14),
    (0.4, 110.0, 11),
    (1.0, 30.0, 20),
    (1.0, 40.0, 14),
    (1.0, 100.0, 2),
    (2.0, 30.0, 20),
    (2.0, 40.0, 14),
    (2.0, 80.0, 1),
]


@pytest.mark.slow
@pytest.mark.parametrize(("g_km", "rate", "expected"), V2B)
def test_v2b_following_frequency(g_km: float, rate: float, expected: int) -> None:
    cell = sundt_c_neuron(g_km=g_km * u.mS_per_cm2)
    train = PeripheralTrain(rate=rate, n_pulses=20, delay=70 * u.ms)
    arrival = site(cell, Region.CENTRAL_AXON, 0.6, from_distal=False)
    result = transmit(cell, train, stimulation_site=20, arrival_site=arrival)
    if expected == 20:
        assert result.n_arrived == 20  # exact pass at and below the following frequency
    else:
        assert abs(result.n_arrived - expected) <= 1


def _single_spike(cells: list[CableModel]):
    """One pulse; returns per cell (soma spiked, central end spiked, peripheral spiked)."""
    stim, opts = _pulses(cells, [5.0], 80.0)
    rec = [
        [
            int(_region(c, Region.SOMA)[0]),
            int(_region(c, Region.CENTRAL_AXON)[80]),
            int(_region(c, Region.PERIPHERAL_AXON)[60]),
        ]
        for c in cells
    ]
    res = simulate(cells, stim, [0.2 * u.nA], opts, record=rec)
    return res.spike_count[:, 0, :] > 0


@pytest.mark.slow
def test_v5_t_junction_failure_edges() -> None:
    km = 0.4 * u.mS_per_cm2
    cases = {
        "stem 1.4 um": sundt_c_neuron(g_km=km),
        "stem 1.6 um": sundt_c_neuron(g_km=km, stem_diameter=1.6 * u.um),
        "stem 1.8 um": sundt_c_neuron(g_km=km, stem_diameter=1.8 * u.um),
        "stem 50 um long": sundt_c_neuron(g_km=km, stem_length=50 * u.um),
        "stem 60 um long": sundt_c_neuron(g_km=km, stem_length=60 * u.um),
        "gNa 0.035": sundt_c_neuron(g_km=km, g_na=0.035 * u.S_per_cm2,
                                    soma_g_na=0.0175 * u.S_per_cm2),
        "gNa 0.034": sundt_c_neuron(g_km=km, g_na=0.034 * u.S_per_cm2,
                                    soma_g_na=0.017 * u.S_per_cm2),
        "soma 25 um": sundt_c_neuron(g_km=km, soma_diameter=25 * u.um),
        "soma 30 um": sundt_c_neuron(g_km=km, soma_diameter=30 * u.um),
        "soma 40 um": sundt_c_neuron(g_km=km, soma_diameter=40 * u.um),
        "soma 45 um": sundt_c_neuron(g_km=km, soma_diameter=45 * u.um),
    }  # fmt: skip
    fired = dict(zip(cases, _single_spike(list(cases.values())).tolist(), strict=True))
    # (soma spike, central spike): the edges of validation.md V5
    assert fired["stem 1.4 um"][1] and fired["stem 1.6 um"][1]
    assert not fired["stem 1.8 um"][1]
    assert not fired["stem 50 um long"][1] and fired["stem 60 um long"][1]
    assert fired["gNa 0.035"][1]
    assert not fired["gNa 0.034"][1] and fired["gNa 0.034"][2]  # peripheral still conducts
    assert fired["soma 25 um"][:2] == [True, True]
    assert fired["soma 30 um"][:2] == [False, True]
    assert fired["soma 40 um"][:2] == [False, True]
    assert not fired["soma 45 um"][1]


@pytest.mark.slow
def test_v10_ap_amplitude_and_input_resistance_lowest_at_the_t_junction() -> None:
    # Sundt 2015 abstract: input impedance and propagating AP amplitude are lowest at the
    # T-junction. Checked along the axonal path (peripheral -> T-junction -> central); the DC
    # input resistance of the stem and soma is lower still (they hang off the junction).
    cell = sundt_c_neuron()
    per, cen = _region(cell, Region.PERIPHERAL_AXON), _region(cell, Region.CENTRAL_AXON)
    junction = int(np.flatnonzero(cell.length == 0)[0])
    path = [int(per[50]), int(per[99]), junction, int(cen[0]), int(cen[50])]
    stim, opts = _pulses([cell], [5.0], 60.0)
    res = simulate(cell, stim, [0.2 * u.nA], opts, trace=path)
    peaks = np.nanmax(res.traces[0, 0], axis=1)
    assert int(np.argmin(peaks)) == path.index(junction)
    assert peaks[path.index(junction)] < peaks.max() - 10 * u.mV
    # DC input resistance: 1 pA for 150 ms at each site, each site a copy of the cell
    sites = [p for p in path if p != junction] + [int(cell.parent[junction])]
    opts = SolverOptions(dt=DT, t_stop=160 * u.ms)
    wave = sample_segments([(10 * u.ms, 160 * u.ms, 1.0)], DT, opts.n_t)
    inj = np.concatenate([np.eye(cell.n_comp)[k] for k in sites])
    res = simulate([cell] * len(sites), Stimulus(waveform=wave, intracellular=inj), [1e-12],
                   opts, trace=[[k] for k in sites])  # fmt: skip
    tr = res.traces[:, 0, 0, :]
    r_in = tr[:, -1] - tr[:, int(9 * u.ms / DT)]
    assert int(np.argmin(r_in)) == len(sites) - 1  # next to the junction
