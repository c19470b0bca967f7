"""Contacts, lead geometry, lead placement and the catalog."""

from __future__ import annotations

import math

import numpy as np
import pytest

from drgsim import device
from drgsim import units as u
from drgsim.errors import ConfigurationError, UnknownNameError


def test_contact_area_is_cylinder_side() -> None:
    c = device.Contact(index=0, centre=(0, 0, 0), length=1.25 * u.mm, diameter=1.0 * u.mm)
    # reference/safety.md §6: 1.0 x 1.25 mm -> 0.0393 cm2
    assert c.area / u.cm2 == pytest.approx(0.0393, abs=5e-5)
    assert not c.centre.flags.writeable
    assert c.centre.dtype == np.float64


@pytest.mark.parametrize("field", ["length", "diameter"])
def test_contact_rejects_non_positive_dimension(field: str) -> None:
    kwargs = {"index": 0, "centre": (0, 0, 0), "length": 1 * u.mm, "diameter": 1 * u.mm}
    kwargs[field] = -1 * u.mm
    with pytest.raises(ConfigurationError) as info:
        device.Contact(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert info.value.value == pytest.approx(-1.0)


def test_contact_rejects_bad_centre() -> None:
    with pytest.raises(ConfigurationError) as info:
        device.Contact(index=0, centre=(0, math.nan, 0), length=1e-3, diameter=1e-3)
    assert info.value.field == "centre"


def test_catalog_lead_is_flagged_assumption() -> None:
    g = device.lead_geometry("drg-quadripolar")
    assert g.n_contacts == 4
    assert "[UNVERIFIED]" in g.source
    assert g.contact_diameter == pytest.approx(1.0 * u.mm)
    assert g.contact_spacing == pytest.approx(5.0 * u.mm)
    assert g.contact_area / u.cm2 == pytest.approx(math.pi * 0.1 * 0.1)


def test_catalog_miss_lists_names() -> None:
    with pytest.raises(UnknownNameError) as info:
        device.lead_geometry("drg-quadripolr")
    assert info.value.field == "lead"
    assert "drg-quadripolar" in info.value.hint
    with pytest.raises(UnknownNameError):
        device.pulse_generator("nope")


def test_contacts_run_from_tip_along_direction(lead: device.Lead) -> None:
    contacts = lead.contacts
    assert [c.index for c in contacts] == [0, 1, 2, 3]
    z = [c.centre[2] / u.mm for c in contacts]
    assert z == pytest.approx([0.5, 5.5, 10.5, 15.5])
    assert lead.contact_centres.shape == (4, 3)
    assert not lead.contact_centres.flags.writeable


def test_direction_is_normalised() -> None:
    g = device.lead_geometry(device.DEFAULT_LEAD)
    lead = device.Lead(geometry=g, level="S1", side="right", tip=(1, 2, 3), direction=(0, 3, 4))
    assert np.linalg.norm(lead.direction) == pytest.approx(1.0)
    assert lead.side is device.Side.RIGHT
    spacing = np.linalg.norm(lead.contact_centres[1] - lead.contact_centres[0])
    assert spacing == pytest.approx(g.contact_spacing)
    moved = lead.moved((0, 0, 0))
    assert moved.level == "S1" and np.allclose(moved.tip, 0.0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"level": "L6"}, "level"),
        ({"level": "C5"}, "level"),
        ({"side": "middle"}, "side"),
        ({"direction": (0, 0, 0)}, "direction"),
        ({"tip": (0, 0)}, "tip"),
    ],
)
def test_lead_rejects_bad_placement(kwargs: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "geometry": device.lead_geometry(device.DEFAULT_LEAD),
        "level": "L5",
        "side": "left",
        "tip": (0, 0, 0),
        "direction": (0, 0, 1),
    }
    base.update(kwargs)
    with pytest.raises(ConfigurationError) as info:
        device.Lead(**base)  # type: ignore[arg-type]
    assert info.value.field == field


def test_every_modelled_level_is_accepted() -> None:
    g = device.lead_geometry(device.DEFAULT_LEAD)
    assert device.SPINAL_LEVELS[0] == "T10" and device.SPINAL_LEVELS[-1] == "S2"
    for level in device.SPINAL_LEVELS:
        assert (
            device.Lead(
                geometry=g, level=level, side="left", tip=(0, 0, 0), direction=(1, 0, 0)
            ).level
            == level
        )


def test_geometry_needs_source_and_no_overlap() -> None:
    kwargs: dict[str, object] = {
        "name": "x",
        "contact_length": 2 * u.mm,
        "contact_diameter": 1 * u.mm,
        "contact_spacing": 1 * u.mm,
        "lead_diameter": 1 * u.mm,
        "source": "test",
    }
    with pytest.raises(ConfigurationError) as info:
        device.LeadGeometry(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == "contact_spacing"
    kwargs.update(contact_spacing=5 * u.mm, source=" ")
    with pytest.raises(ConfigurationError) as info:
        device.LeadGeometry(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == "source"
