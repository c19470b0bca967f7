"""Geometry errors name the part and the value."""

from __future__ import annotations

import numpy as np
import pytest
from field_models import CONDUCTIVITIES, make_geometry, make_lead

from drgsim import units as u
from drgsim.errors import ConfigurationError, GeometryError
from drgsim.field import Tissue, TissueConductivity


def test_overlapping_contacts_named() -> None:
    with pytest.raises(GeometryError) as err:
        make_lead(contact_offsets=np.array([1.5, 2.0, 8.0]) * u.mm)
    assert err.value.part == "L0.contacts[1]"
    assert err.value.value == "2 mm"


def test_contact_off_the_lead_named() -> None:
    with pytest.raises(GeometryError) as err:
        make_lead(contact_offsets=np.array([1.5, 19.8]) * u.mm)
    assert err.value.part == "L0.contacts[1]"


def test_lead_outside_domain_named() -> None:
    lead = make_lead(tip=np.array([15.5, 0.0, 3.6]) * u.mm)
    with pytest.raises(GeometryError) as err:
        make_geometry(leads=(lead,))
    assert err.value.part == "L0.tip"
    assert "15.5" in err.value.value


def test_lead_into_drg_named() -> None:
    with pytest.raises(GeometryError) as err:
        make_geometry(leads=(make_lead(z=2.0 * u.mm),))
    assert err.value.part == "L0"
    assert "DRG" in err.value.problem


def test_leads_overlapping() -> None:
    with pytest.raises(GeometryError) as err:
        make_geometry(leads=(make_lead("A"), make_lead("B", z=4.0 * u.mm)))
    assert err.value.part == "B"


@pytest.mark.parametrize("sigma", [0.0, -1.0, float("inf"), 170.0])
def test_bad_conductivity_named(sigma: float) -> None:
    with pytest.raises(ConfigurationError) as err:
        TissueConductivity.isotropic(sigma)
    assert err.value.field == "conductivity.longitudinal"
    assert str(sigma) in str(err.value.value)


def test_missing_conductivity_named() -> None:
    partial = {k: v for k, v in CONDUCTIVITIES.items() if k is not Tissue.CSF}
    with pytest.raises(ConfigurationError) as err:
        make_geometry(conductivities=partial)
    assert "csf" in str(err.value.value)


def test_length_in_mm_by_mistake() -> None:
    with pytest.raises(ConfigurationError) as err:
        make_geometry(csf_thickness=0.3)  # 0.3 m
    assert err.value.field == "csf_thickness"


def test_hash_depends_on_every_input() -> None:
    base = make_geometry()
    assert base.content_hash() == make_geometry().content_hash()
    moved = make_geometry(leads=(make_lead(z=3.7 * u.mm),))
    assert moved.content_hash() != base.content_hash()
    other = dict(CONDUCTIVITIES)
    other[Tissue.FAT] = TissueConductivity.isotropic(0.05)
    cond = make_geometry(conductivities=other)
    assert cond.content_hash() != base.content_hash()
    assert cond.content_hash(with_conductivity=False) == base.content_hash(with_conductivity=False)


def test_tensor_is_anisotropic_along_root() -> None:
    t = make_geometry().tensor(Tissue.DRG)
    np.testing.assert_allclose(np.diag(t), [0.6, 0.083, 0.083])
