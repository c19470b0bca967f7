"""Sundt 2015 published following-frequency bands (reference/validation.md V2a).

Published (abstract): the C-neuron follows trains up to about 110 Hz with fast Na and Kdr only,
about 30 Hz with the M current, and about 6 Hz once the hyperpolarisation of a much slower
conductance, a Ca2+-dependent K+ current, is added; ion accumulation and the Na+/K+ pump have no
effect on the following frequency. The band test sends 20 pulses (0.2 nA x 1 ms at
``peri(0.2)``) and looks for each pulse's spike at 60 % of the central axon: the cell follows
when every pulse's spike arrives. A band [low, high) holds when the cell follows at ``low`` and
not at ``high``.
"""

from __future__ import annotations

import numpy as np
import pytest

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.channels import sundt_cal, sundt_sk
from drgsim.neuron.sundt_config import FIG5D_STEM_LENGTH
from drgsim.neuron.transmission import PeripheralTrain, site, transmit

N_PULSES = 20


def distinct_arrivals(arrived: FloatArray, period: float) -> int:
    """Arrivals counted once per pulse: a spike within half a period of the last one counted
    (a reflection of the same pulse through the soma) is not counted again."""
    count, last = 0, -np.inf
    for t in np.sort(arrived):
        if t - last > 0.5 * period:
            count, last = count + 1, t
    return count


def _follows(cell: CableModel, rate: float) -> bool:
    train = PeripheralTrain(rate=rate, n_pulses=N_PULSES, delay=70 * u.ms)
    arrival = site(cell, Region.CENTRAL_AXON, 0.6, from_distal=False)
    result = transmit(cell, train, stimulation_site=20, arrival_site=arrival)
    return distinct_arrivals(result.arrived_times, 1.0 / rate) == N_PULSES


def test_distinct_arrivals_merges_reflections_and_sees_failures() -> None:
    period = 0.1
    onsets = 0.02 + period * np.arange(5)
    assert distinct_arrivals(onsets, period) == 5
    assert distinct_arrivals(np.r_[onsets, onsets[2] + 0.004], period) == 5  # a reflection
    assert distinct_arrivals(np.delete(onsets, 3), period) == 4  # a failure
    assert distinct_arrivals(np.array([]), period) == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("label", "g_km_mS_per_cm2", "low", "high"),
    [("Na + Kdr: ~110 Hz", 0.0, 100.0, 120.0), ("+ M current: ~30 Hz", 1.0, 30.0, 40.0)],
)
def test_v2a_following_band(label: str, g_km_mS_per_cm2: float, low: float, high: float) -> None:
    cell = sundt_c_neuron(g_km=g_km_mS_per_cm2 * u.mS_per_cm2)
    assert _follows(cell, low), label
    assert not _follows(cell, high), label


@pytest.mark.slow
def test_v2a_following_band_with_ca_dependent_k() -> None:
    """Na + Kdr cell with Figure8c.hoc's soma L-type Ca2+ and SK (assumption N6): ~6 Hz."""
    cell = sundt_c_neuron(g_km=0.0, g_cal=sundt_cal.DENSITY, g_sk=sundt_sk.DENSITY)
    assert not _follows(cell, 10.0)  # checked first: the slower train costs more
    assert _follows(cell, 6.0)
    # the slow K+ current sets the band: with the Ca2+ current alone the 10 Hz train passes
    assert _follows(sundt_c_neuron(g_km=0.0, g_cal=sundt_cal.DENSITY, g_sk=0.0), 10.0)


@pytest.mark.slow
def test_v2a_ion_accumulation_and_pump_leave_the_band() -> None:
    """Figure 8c pools and pump without SK/CaL, on the Figure 5d stem: still the ~110 Hz band."""
    cell = sundt_c_neuron(
        configuration="figure_8c", stem_length=FIG5D_STEM_LENGTH, g_cal=0.0, g_sk=0.0
    )
    assert _follows(cell, 100.0)
    assert not _follows(cell, 120.0)
