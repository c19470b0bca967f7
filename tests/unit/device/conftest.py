"""Shared device fixtures: the catalog lead placed at L5 and the Axium generator."""

from __future__ import annotations

import pytest

from drgsim import device
from drgsim import units as u


@pytest.fixture
def lead() -> device.Lead:
    return device.Lead(
        geometry=device.lead_geometry(device.DEFAULT_LEAD),
        level="L5",
        side="left",
        tip=(0.0, 0.0, 0.0),
        direction=(0.0, 0.0, 1.0),
    )


@pytest.fixture
def generator() -> device.PulseGenerator:
    return device.pulse_generator("axium-investigational")


@pytest.fixture
def bipolar() -> device.LeadProgram:
    return device.LeadProgram(
        lead=0,
        polarities=("-", "+", "0", "0"),
        amplitude=0.8 * u.mA,
        pulse_width=300 * u.us,
        rate=20 * u.Hz,
    )
