"""Build the field model of one level from the anatomy and device layers.

The DRG size and frame come from :class:`drgsim.anatomy.Ganglion`, the conductivities from
:mod:`drgsim.anatomy.tissues` and the leads from :class:`drgsim.device.lead.Lead`. What neither
layer gives (root and sleeve radii, the foramen, the box) is a :class:`LevelLayout` of
documented assumptions (``docs/assumptions.md``, rows F1-F6), each configurable.

Examples
--------
>>> from drgsim.anatomy import build_ganglion
>>> g = example_geometry()
>>> g.contact_ids
('lead0:c0', 'lead0:c1', 'lead0:c2', 'lead0:c3')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drgsim import units as u
from drgsim.anatomy.ganglion import Ganglion, Side, build_ganglion
from drgsim.anatomy.levels import parse_level
from drgsim.anatomy.tissues import Tissue as AnatomyTissue
from drgsim.anatomy.tissues import conductivity
from drgsim.device.catalog import DEFAULT_LEAD, lead_geometry
from drgsim.device.lead import Lead
from drgsim.errors import ConfigurationError
from drgsim.field.geometry import FieldGeometry, FieldLead, Tissue, TissueConductivity

#: Which reference tissue fills each model region (reference/anatomy.md §5).
TISSUE_SOURCES: Mapping[Tissue, AnatomyTissue] = {
    Tissue.DRG: AnatomyTissue.DRG,  # 0.6 / 0.083 S/m [UNVERIFIED], = white matter [READ]
    Tissue.DORSAL_ROOT: AnatomyTissue.ENDONEURIUM,  # 1/1.75, 1/6 S/m [READ] (ascent)
    Tissue.VENTRAL_ROOT: AnatomyTissue.ENDONEURIUM,
    Tissue.SPINAL_NERVE: AnatomyTissue.ENDONEURIUM,
    Tissue.CSF: AnatomyTissue.CSF,  # 1.7 S/m [READ]
    Tissue.DURA: AnatomyTissue.EPINEURIUM,  # 1/6.3 S/m [READ, secondary]; assumption F5
    Tissue.FAT: AnatomyTissue.EPIDURAL_FAT,  # 0.04 S/m [READ]
    Tissue.BONE: AnatomyTissue.BONE,  # 0.02 S/m [READ]
}


def default_conductivities() -> dict[Tissue, TissueConductivity]:
    """Conductivity of every model region from :mod:`drgsim.anatomy.tissues`."""
    out = {}
    for region, source in TISSUE_SOURCES.items():
        row = conductivity(source)
        out[region] = TissueConductivity(
            longitudinal=row.longitudinal, transverse=row.transverse, source=row.source
        )
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelLayout:
    """Dimensions of the one-level model that no reference sheet gives (all assumptions).

    Parameters
    ----------
    dorsal_root_radius, ventral_root_radius
        Root radii [m] (F1).
    ventral_root_gap
        Clearance between DRG and ventral root [m] (F2).
    csf_thickness, dura_thickness
        CSF layer and dural sleeve thickness around the roots [m] (F3).
    nerve_margin
        Spinal-nerve radius beyond the ventral root it encloses [m] (F1).
    fat_margin
        Epidural fat beyond the sleeve, nerve and DRG, giving the foramen radius [m] (F4).
    box_half_size
        Half-size of the grounded box [m] (F6).
    lead_extension
        Lead body modelled beyond its last contact [m] (F6).
    """

    dorsal_root_radius: float = 1.2 * u.mm
    ventral_root_radius: float = 1.0 * u.mm
    ventral_root_gap: float = 0.3 * u.mm
    csf_thickness: float = 0.3 * u.mm
    dura_thickness: float = 0.3 * u.mm
    nerve_margin: float = 0.3 * u.mm
    fat_margin: float = 3.0 * u.mm
    box_half_size: tuple[float, float, float] = (30 * u.mm, 25 * u.mm, 25 * u.mm)
    lead_extension: float = 5.0 * u.mm


def field_lead(lead: Lead, name: str, layout: LevelLayout | None = None) -> FieldLead:
    """The field layer's view of a placed device lead.

    The body is modelled from the tip to ``layout.lead_extension`` past the last contact; the
    contact diameter is taken as the lead diameter (flush ring contacts).
    """
    layout = layout or LevelLayout()
    g = lead.geometry
    offsets = g.contact_length / 2 + g.contact_spacing * np.arange(g.n_contacts, dtype=np.float64)
    return FieldLead(
        name=name,
        tip=lead.tip,
        direction=lead.direction,
        diameter=g.lead_diameter,
        contact_offsets=offsets,
        contact_length=g.contact_length,
        body_length=g.span + layout.lead_extension,
    )


def from_anatomy(
    ganglion: Ganglion,
    leads: Sequence[Lead | FieldLead],
    *,
    layout: LevelLayout | None = None,
    conductivities: Mapping[Tissue, TissueConductivity] | None = None,
) -> FieldGeometry:
    """The field model of a ganglion with its leads, in the ganglion frame.

    Parameters
    ----------
    ganglion
        The DRG (semi-axes from the anatomy layer).
    leads
        Placed leads (device leads are named ``lead0``, ``lead1``...).
    layout
        Assumed dimensions of roots, sleeve, foramen and box.
    conductivities
        Per-region conductivities; :func:`default_conductivities` when omitted.
    """
    layout = layout or LevelLayout()
    field_leads = tuple(
        lead if isinstance(lead, FieldLead) else field_lead(lead, f"lead{i}", layout)
        for i, lead in enumerate(leads)
    )
    a, b, c = (float(s) for s in ganglion.semi_axes)
    vr_z = -(c + layout.ventral_root_gap + layout.ventral_root_radius)
    centre = 0.5 * (layout.dorsal_root_radius + vr_z - layout.ventral_root_radius)
    nerve = abs(vr_z - centre) + layout.ventral_root_radius + layout.nerve_margin
    sleeve = (
        0.5 * (layout.dorsal_root_radius - vr_z + layout.ventral_root_radius)
        + layout.csf_thickness
        + layout.dura_thickness
    )
    outer = max(sleeve + abs(centre), nerve + abs(centre), b, c)
    if layout.fat_margin <= 0:
        raise ConfigurationError(
            field="layout.fat_margin", value=layout.fat_margin / u.mm, allowed="> 0 mm"
        )
    return FieldGeometry(
        drg_semi_axes=np.array([a, b, c]),
        dorsal_root_radius=layout.dorsal_root_radius,
        ventral_root_radius=layout.ventral_root_radius,
        spinal_nerve_radius=nerve,
        ventral_root_gap=layout.ventral_root_gap,
        csf_thickness=layout.csf_thickness,
        dura_thickness=layout.dura_thickness,
        foramen_radius=outer + layout.fat_margin,
        box_half_size=np.array(layout.box_half_size),
        leads=field_leads,
        conductivities=default_conductivities() if conductivities is None else conductivities,
    )


def example_geometry(
    level: str = "L5", n_leads: int = 1, layout: LevelLayout | None = None
) -> FieldGeometry:
    """A ready model: the Silav 2016 DRG of ``level`` with the catalogue lead over it.

    Lead 0 runs along the DRG's long axis on its dorsal side, 0.2 mm off the surface (the lead
    lies against the DRG, reference/device.md §3, qualitative [READ]; distance assumption F2), tip
    1 mm past the distal pole, contacts spreading medially along the foramen. A second lead,
    if asked, lies parallel to it, 45 degrees round the DRG towards ``+y``. Used by tests,
    benchmarks and examples.
    """
    ganglion = build_ganglion(level, "left")
    a, b, c = (float(s) for s in ganglion.semi_axes)
    geometry = lead_geometry(DEFAULT_LEAD)
    r = 0.5 * geometry.lead_diameter
    gap = 0.2 * u.mm
    placements = [
        (np.array([a + 1 * u.mm, 0.0, c + gap + r]), np.array([-1.0, 0.0, 0.0])),
        (
            np.array([a + 1 * u.mm, *(np.sqrt(0.5) * (b + gap + r) * np.ones(2))]),
            np.array([-1.0, 0.0, 0.0]),
        ),
    ]
    if not 1 <= n_leads <= len(placements):
        raise ConfigurationError(field="n_leads", value=n_leads, allowed="1 or 2")
    leads = [
        Lead(geometry=geometry, level=parse_level(level), side=Side.LEFT, tip=tip, direction=d)
        for tip, d in placements[:n_leads]
    ]
    return from_anatomy(ganglion, leads, layout=layout)


__all__ = [
    "TISSUE_SOURCES",
    "LevelLayout",
    "default_conductivities",
    "example_geometry",
    "field_lead",
    "from_anatomy",
]
