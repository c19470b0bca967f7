"""A small one-level model shared by the field tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

from drgsim import units as u
from drgsim.field import FieldGeometry, FieldLead, MeshResolution, Tissue, TissueConductivity

# Conductivities of reference/anatomy.md §5: white matter 0.6 / 0.083 S/m [READ] for the DRG,
# endoneurium 1/1.75 and 1/6 S/m [READ] for roots and nerve, CSF 1.7, fat 0.04, bone 0.02 [READ],
# epineurium 1/6.3 S/m [READ, secondary] for the dura.
NERVE = TissueConductivity(longitudinal=1 / 1.75, transverse=1 / 6.0)
CONDUCTIVITIES = {
    Tissue.DRG: TissueConductivity(longitudinal=0.6, transverse=0.083),
    Tissue.DORSAL_ROOT: NERVE,
    Tissue.VENTRAL_ROOT: NERVE,
    Tissue.SPINAL_NERVE: NERVE,
    Tissue.CSF: TissueConductivity.isotropic(1.7),
    Tissue.DURA: TissueConductivity.isotropic(1 / 6.3),
    Tissue.FAT: TissueConductivity.isotropic(0.04),
    Tissue.BONE: TissueConductivity.isotropic(0.02),
}
COARSE = MeshResolution(
    contact_size=0.6 * u.mm, tissue_size=1.2 * u.mm, far_size=5 * u.mm, growth_distance=8 * u.mm
)


def make_lead(name: str = "L0", z: float = 3.6 * u.mm, **changes: Any) -> FieldLead:
    args: dict[str, Any] = {
        "name": name,
        "tip": np.array([6.0 * u.mm, 0.0, z]),
        "direction": np.array([-1.0, 0.0, 0.0]),
        "diameter": 1.0 * u.mm,
        "contact_offsets": np.array([1.5, 6.5, 11.5, 16.5]) * u.mm,
        "contact_length": 1.25 * u.mm,
        "body_length": 20 * u.mm,
    }
    args.update(changes)
    return FieldLead(**args)


def make_geometry(
    leads: tuple[FieldLead, ...] | None = None,
    conductivities: Mapping[Tissue, TissueConductivity] | None = None,
    **changes: Any,
) -> FieldGeometry:
    args: dict[str, Any] = {
        "drg_semi_axes": np.array([5.4, 2.9, 2.9]) * u.mm,
        "dorsal_root_radius": 1.2 * u.mm,
        "ventral_root_radius": 1.0 * u.mm,
        "spinal_nerve_radius": 3.5 * u.mm,
        "ventral_root_gap": 0.3 * u.mm,
        "csf_thickness": 0.3 * u.mm,
        "dura_thickness": 0.3 * u.mm,
        "foramen_radius": 7.0 * u.mm,
        "box_half_size": np.array([16.0, 14.0, 14.0]) * u.mm,
        "leads": (make_lead(),) if leads is None else leads,
        "conductivities": CONDUCTIVITIES if conductivities is None else conductivities,
    }
    args.update(changes)
    return FieldGeometry(**args)


def homogeneous(sigma: float) -> dict[Tissue, TissueConductivity]:
    return {t: TissueConductivity.isotropic(sigma) for t in Tissue}


@pytest.fixture(scope="session")
def geometry() -> FieldGeometry:
    return make_geometry()
