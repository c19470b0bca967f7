"""The implant preview: thresholds cached per contact configuration, coverage at any amplitude."""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Side
from drgsim.device import LeadProgram, Program
from drgsim.errors import ConfigurationError
from drgsim.therapy.preview import ImplantGeometry, ImplantPreview
from drgsim.therapy.scenario import LeadPlacement

PAIN = ((BodyRegion.FOOT, Side.LEFT),)


def _program(
    amplitude: float, polarities: str = "0-+0", pulse_width: float = 300 * u.us
) -> Program:
    return Program(
        name="p",
        leads=(
            LeadProgram(
                lead=0,
                polarities=tuple(polarities),  # type: ignore[arg-type]
                amplitude=amplitude,
                pulse_width=pulse_width,
                rate=20 * u.Hz,
                enabled=True,
            ),
        ),
    )


@pytest.fixture(scope="module")
def preview() -> ImplantPreview:
    geometry = ImplantGeometry(
        leads=(LeadPlacement(level="L5", side="left", model="drg-quadripolar"),),
        n_cells_per_drg=10,
        seed=3,
    )
    p = ImplantPreview(geometry)
    assert p.compute(_program(1 * u.mA)) == 1
    return p


def test_not_ready_before_compute_and_no_outcome() -> None:
    geometry = ImplantGeometry(
        leads=(LeadPlacement(level="L4", side="left", model="drg-quadripolar"),), n_cells_per_drg=4
    )
    p = ImplantPreview(geometry)
    assert not p.is_ready(_program(1 * u.mA))
    assert p.outcome(_program(1 * u.mA), PAIN) is None


def test_amplitude_changes_need_no_new_simulation(preview: ImplantPreview) -> None:
    for amplitude in (0.1, 0.5, 2.0, 6.0):
        assert preview.is_ready(_program(amplitude * u.mA))
        assert preview.compute(_program(amplitude * u.mA)) == 0
    assert not preview.is_ready(_program(1 * u.mA, polarities="-+00"))
    assert not preview.is_ready(_program(1 * u.mA, pulse_width=120 * u.us))


def test_coverage_grows_with_amplitude_and_matches_counts(preview: ImplantPreview) -> None:
    values = []
    for amplitude in np.linspace(0.0, 6.0, 13):
        out = preview.outcome(_program(float(amplitude) * u.mA), PAIN)
        assert out is not None
        assert 0.0 <= out.coverage <= 1.0
        assert 0 <= out.n_recruited <= out.n_abeta
        values.append(out.coverage)
    assert values == sorted(values)
    assert values[0] == 0.0
    top = preview.outcome(_program(6 * u.mA), PAIN)
    assert top is not None and top.n_abeta > 0
    # below the lowest Aβ threshold nothing is recruited; at it, at least one neuron is
    low = top.perception_threshold
    assert math.isfinite(low)
    below = preview.outcome(_program(low * 0.99), PAIN)
    at = preview.outcome(_program(low * 1.001), PAIN)
    assert below is not None and below.n_recruited == 0
    assert at is not None and at.n_recruited >= 1
    assert top.regions[0].region is BodyRegion.FOOT
    assert top.regions[0].share == pytest.approx(top.coverage)


def test_disabled_program_covers_nothing(preview: ImplantPreview) -> None:
    off = Program(name="off", leads=(LeadProgram(lead=0, polarities=("0", "-", "+", "0"),
                  amplitude=0.0, pulse_width=300 * u.us, rate=20 * u.Hz),))  # fmt: skip
    out = preview.outcome(off, PAIN)
    assert out is not None and out.coverage == 0.0 and out.n_recruited == 0


def test_unknown_lead_is_refused(preview: ImplantPreview) -> None:
    lp = LeadProgram(lead=1, polarities=("-", "+", "0", "0"), amplitude=1 * u.mA,
                     pulse_width=300 * u.us, rate=20 * u.Hz, enabled=True)  # fmt: skip
    bad = Program(name="x", leads=(lp,))
    with pytest.raises(ConfigurationError) as err:
        preview.is_ready(bad)
    assert err.value.field == "lead"


def test_geometry_checks_itself() -> None:
    with pytest.raises(ConfigurationError):
        ImplantGeometry(leads=())
