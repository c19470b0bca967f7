"""Sundt 2015 published following-frequency bands (reference/validation.md V2a).

Published (abstract): the C-neuron follows trains up to about 110 Hz with fast Na and Kdr only,
about 30 Hz with the M current, about 6 Hz with a Ca2+-dependent K+ current. The band test sends
20 pulses (0.2 nA x 1 ms at ``peri(0.2)``) and counts arrivals at 60 % of the central axon: the
cell follows when all 20 arrive. A band [low, high) holds when the cell follows at ``low`` and
not at ``high``.
"""

from __future__ import annotations

import pytest

from drgsim import units as u
from drgsim.neuron.c_fibers import sundt_c_neuron
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.transmission import PeripheralTrain, site, transmit


def _follows(cell: CableModel, rate: float) -> bool:
    train = PeripheralTrain(rate=rate, n_pulses=20, delay=70 * u.ms)
    arrival = site(cell, Region.CENTRAL_AXON, 0.6, from_distal=False)
    return transmit(cell, train, stimulation_site=20, arrival_site=arrival).n_arrived == 20


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
@pytest.mark.xfail(
    strict=True,
    reason="Figure8c.hoc places SK and L-type Ca2+ in the soma only, off the conduction path; "
    "the Ca2+-dependent K+ placement behind the published 6 Hz is not in the public code",
)
def test_v2a_following_band_with_ca_dependent_k() -> None:
    cell = sundt_c_neuron(configuration="figure_8c")
    assert not _follows(cell, 10.0)  # checked first: the slower train costs more
    assert _follows(cell, 5.0)
