"""Body-region atlas, clinical targets and tissue conductivities."""

from __future__ import annotations

import numpy as np
import pytest

from drgsim.anatomy.dermatomes import (
    CLINICAL_TARGETS,
    BodyRegion,
    TargetTag,
    overlap_weights,
    parse_region,
    region_entry,
    region_levels,
    regions_served_by,
)
from drgsim.anatomy.levels import SpinalLevel
from drgsim.anatomy.tissues import Tissue, conductivity, conductivity_table
from drgsim.errors import ConfigurationError

# reference/anatomy.md §6.5 rows: region -> roots, primary first
SECTION_6_5 = {
    "groin": ["L1", "T12"],
    "anterior_thigh": ["L2", "L1", "L3"],
    "medial_thigh": ["L2", "L3"],
    "knee": ["L3", "L4"],
    "medial_leg": ["L4"],
    "lateral_leg": ["L5"],
    "dorsum_of_foot": ["L5", "L4"],
    "great_toe": ["L5", "L4"],
    "sole": ["S1"],
    "heel": ["S1"],
    "lateral_foot": ["S1"],
    "posterior_thigh": ["S2", "S1"],
    "calf": ["S1", "S2"],
    "popliteal_fossa": ["S2"],
    "perineum": ["S2", "S3", "S4"],
    "abdomen": ["T10"],
}


@pytest.mark.parametrize(("region", "roots"), SECTION_6_5.items())
def test_atlas_rows_match_the_reference(region: str, roots: list[str]) -> None:
    assert list(region_entry(region).roots) == roots


def test_every_modelled_level_serves_a_region() -> None:
    for level in SpinalLevel:
        assert regions_served_by(level), level


def test_roots_outside_the_model_are_dropped_from_levels() -> None:
    assert region_levels("perineum") == (SpinalLevel.S2,)


def test_overlap_weights_primary_first() -> None:
    w = overlap_weights(BodyRegion.ANTERIOR_THIGH, 0.25)
    assert w == {"L2": 1.0, "L1": 0.25, "L3": 0.25}
    with pytest.raises(ConfigurationError) as info:
        overlap_weights("knee", 1.5)
    assert info.value.field == "anatomy.secondary_root_weight"


def test_region_names_accept_spaces_and_reject_unknown() -> None:
    assert parse_region("Dorsum of foot") is BodyRegion.DORSUM_OF_FOOT
    with pytest.raises(ConfigurationError) as info:
        parse_region("elbow", "pain.regions[0]")
    assert info.value.field == "pain.regions[0]"


def test_clinical_targets_carry_tags() -> None:
    assert CLINICAL_TARGETS["knee"].levels == (SpinalLevel.L3,)
    assert CLINICAL_TARGETS["low_back"].levels == (SpinalLevel.L2,)
    assert CLINICAL_TARGETS["hip"].tag is TargetTag.UNVERIFIED
    assert CLINICAL_TARGETS["groin"].tag is TargetTag.READ
    # unverified mappings are flagged in the atlas as well
    assert not region_entry("hip").is_verified
    assert region_entry("knee").is_verified


def test_conductivities_match_the_reference() -> None:
    assert conductivity("csf").longitudinal == 1.7
    wm = conductivity(Tissue.WHITE_MATTER)
    assert (wm.longitudinal, wm.transverse) == (0.6, 0.083)
    endo = conductivity("endoneurium")
    assert endo.longitudinal == pytest.approx(1 / 1.75)
    assert endo.transverse == pytest.approx(1 / 6)
    assert not conductivity("drg").is_verified
    assert conductivity("bone").is_verified
    assert len(conductivity_table()) == len(Tissue)
    for row in conductivity_table():
        assert row.source


def test_tensor_is_uniaxial() -> None:
    wm = conductivity("white_matter")
    axis = np.array([0.0, 0.0, 2.0])
    t = wm.tensor(axis)
    assert t @ np.array([0, 0, 1.0]) == pytest.approx([0, 0, 0.6])
    assert t @ np.array([1.0, 0, 0]) == pytest.approx([0.083, 0, 0])
    assert np.allclose(t, t.T)


def test_unknown_tissue_names_field() -> None:
    with pytest.raises(ConfigurationError) as info:
        conductivity("liver")
    assert info.value.field == "tissue"
