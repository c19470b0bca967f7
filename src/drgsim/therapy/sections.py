"""Sections of a scenario result: each a frozen object with ``key``, ``title`` and ``to_dict()``.

:class:`ResultSection` is the protocol; the sections computed today are the anatomy (DRGs and the
painful regions they serve), the leads, the charge per phase and density of every program, the
battery life and the sampled neuron populations. ``to_dict()`` gives JSON-ready numbers with
unit-suffixed keys (``results.json``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from drgsim import units as u
from drgsim.anatomy.dermatomes import MAP_NAME
from drgsim.anatomy.ganglion import Ganglion, Side
from drgsim.anatomy.levels import SpinalLevel
from drgsim.anatomy.populations import FiberClass, Population
from drgsim.device import BatteryModel, Lead, SafetyReport
from drgsim.therapy.scenario import LeadPlacement, PainRegion


@runtime_checkable
class ResultSection(Protocol):
    """What every section of a :class:`ScenarioResult` provides."""

    @property
    def key(self) -> str:
        """Short identifier, also the section's key in ``results.json``."""
        ...

    @property
    def title(self) -> str:
        """Heading in the report."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready numbers with unit-suffixed keys (``amplitude_mA``)."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class PainCoverage:
    """Which modelled levels serve a painful region and which of them carry a lead.

    Attributes
    ----------
    pain
        The painful region and side.
    levels
        Modelled levels serving the region, primary first (body-region atlas).
    treated_levels
        Those of ``levels`` with a lead on the same side.
    is_verified
        False where the atlas row is [UNVERIFIED].
    """

    pain: PainRegion
    levels: tuple[SpinalLevel, ...]
    treated_levels: tuple[SpinalLevel, ...]
    is_verified: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AnatomySection:
    """The DRGs the leads sit at and the painful regions they serve."""

    ganglia: tuple[Ganglion, ...]
    coverage: tuple[PainCoverage, ...]
    map_name: str = MAP_NAME
    key: str = "anatomy"
    title: str = "Anatomy: DRGs and painful regions"

    def ganglion(self, level: SpinalLevel, side: Side) -> Ganglion:
        """The DRG at ``level`` on ``side``."""
        for g in self.ganglia:
            if g.level == level and g.side == side:
                return g
        raise KeyError(f"{level} {side}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (lengths in mm)."""
        return {
            "dermatome_map": self.map_name,
            "ganglia": [
                {
                    "level": str(g.level),
                    "side": str(g.side),
                    "series": str(g.dimensions.series),
                    "length_mm": g.dimensions.length / u.mm,
                    "width_mm": g.dimensions.width / u.mm,
                    "semi_axes_mm": [float(x) / u.mm for x in g.semi_axes],
                    "volume_mm3": g.volume / u.mm**3,
                    "is_measured": g.dimensions.is_measured,
                    "measured_level": str(g.dimensions.measured_level),
                    "position": None
                    if g.dimensions.position is None
                    else str(g.dimensions.position),
                    "source": g.dimensions.source,
                }
                for g in self.ganglia
            ],
            "pain": [
                {
                    "region": str(c.pain.region),
                    "side": str(c.pain.side),
                    "levels": [str(x) for x in c.levels],
                    "treated_levels": [str(x) for x in c.treated_levels],
                    "is_verified": c.is_verified,
                }
                for c in self.coverage
            ],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadSection:
    """The implanted leads, each in the frame of its DRG."""

    placements: tuple[LeadPlacement, ...]
    leads: tuple[Lead, ...]
    key: str = "leads"
    title: str = "Leads"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (lengths in mm, angles in degrees)."""
        out = []
        for i, (p, lead) in enumerate(zip(self.placements, self.leads, strict=True)):
            g = lead.geometry
            out.append(
                {
                    "index": i,
                    "level": str(p.level),
                    "side": str(p.side),
                    "model": p.model,
                    "model_source": g.source,
                    "n_contacts": g.n_contacts,
                    "contact_length_mm": g.contact_length / u.mm,
                    "contact_diameter_mm": g.contact_diameter / u.mm,
                    "contact_spacing_mm": g.contact_spacing / u.mm,
                    "contact_area_cm2": g.contact_area / u.cm2,
                    "gap_mm": p.gap / u.mm,
                    "axial_offset_mm": p.axial_offset / u.mm,
                    "angle_deg": math.degrees(p.angle),
                    "impedance_ohm": p.impedance,
                    "tip_mm": [float(x) / u.mm for x in lead.tip],
                    "contact_centres_mm": [
                        [float(x) / u.mm for x in c] for c in lead.contact_centres
                    ],
                }
            )
        return {
            "frame": "each lead in the local frame of its DRG (x lateral, z dorsal)",
            "leads": out,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetySection:
    """Per program: charge per phase, charge density and Shannon k of every active contact."""

    reports: tuple[SafetyReport, ...]
    key: str = "safety"
    title: str = "Charge per phase and charge density"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (uC, uC/cm2, mA)."""
        limits = self.reports[0].limits if self.reports else None
        return {
            "limits": None
            if limits is None
            else {
                "max_charge_density_uC_per_cm2": limits.max_charge_density / u.uC_per_cm2,
                "max_charge_density_source": limits.max_charge_density_source,
                "max_shannon_k": limits.max_shannon_k,
                "max_shannon_k_source": limits.max_shannon_k_source,
                "soft_charge_density_uC_per_cm2": limits.soft_charge_density / u.uC_per_cm2,
                "soft_charge_density_source": limits.soft_charge_density_source,
            },
            "programs": [
                {
                    "program": r.program,
                    "is_safe": r.is_safe,
                    "max_charge_density_uC_per_cm2": r.max_density / u.uC_per_cm2,
                    "max_shannon_k": r.max_k,
                    "contacts": [
                        {
                            "lead": d.lead,
                            "contact": d.contact,
                            "amplitude_level": str(d.level),
                            "current_mA": d.current / u.mA,
                            "charge_per_phase_uC": d.charge / u.uC,
                            "charge_density_uC_per_cm2": d.density / u.uC_per_cm2,
                            "shannon_k": d.k,
                            "severity": None if d.severity is None else str(d.severity),
                        }
                        for d in r.doses
                    ],
                    "findings": [
                        {"severity": str(f.severity), "field": f.field, "message": f.message}
                        for f in r.findings
                    ],
                }
                for r in self.reports
            ],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramBattery:
    """Battery drain and service life of the generator running one program.

    Attributes
    ----------
    program
        Program name.
    impedances
        Lead impedance used per lead index [ohm].
    impedance_assumed
        Lead indices whose impedance is the unsourced typical value (not measured).
    energy_factors
        Battery power of each lead program (Abbott-style energy factor), program order [W].
    stimulation_power, quiescent_power
        Summed stimulation power and the generator's own drain [W].
    service_life
        Time until the cell is exhausted [s].
    """

    program: str
    impedances: dict[int, float]
    impedance_assumed: tuple[int, ...]
    energy_factors: tuple[float, ...]
    stimulation_power: float
    quiescent_power: float
    service_life: float


@dataclass(frozen=True, slots=True, kw_only=True)
class BatterySection:
    """Battery-life estimate per program (every battery number is an unsourced assumption)."""

    model: BatteryModel
    duty: float
    programs: tuple[ProgramBattery, ...]
    key: str = "battery"
    title: str = "Battery life"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (uW, years, ohm)."""
        m = self.model
        return {
            "model": {
                "capacity_mAh": m.capacity / u.mAh,
                "cell_voltage_V": m.cell_voltage / u.V,
                "conversion_efficiency": m.conversion_efficiency,
                "quiescent_current_uA": m.quiescent_current / u.uA,
                "source": m.source,
            },
            "stimulation_hours_per_day": self.duty * 24.0,
            "published_primary_cell_range_years": list(PUBLISHED_LIFE_RANGE_YEARS),
            "programs": [
                {
                    "program": b.program,
                    "impedance_ohm": {str(k): v / u.ohm for k, v in b.impedances.items()},
                    "impedance_assumed_leads": list(b.impedance_assumed),
                    "energy_factors_uW": [f / u.uW for f in b.energy_factors],
                    "stimulation_power_uW": b.stimulation_power / u.uW,
                    "quiescent_power_uW": b.quiescent_power / u.uW,
                    "battery_life_years": b.service_life / u.year,
                }
                for b in self.programs
            ],
        }


#: Published primary-cell service lives bracketing a DRG generator [years]: DBS primary cells
#: 3-5 years, non-rechargeable SCS mean 58 months (reference/device.md §7 [READ]); the issue's
#: 2-5 year check range. Shown next to the estimate, never used to compute it.
PUBLISHED_LIFE_RANGE_YEARS = (2.0, 5.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class PopulationSection:
    """The neurons sampled in each DRG (Aβ/Aδ/C, soma and stem geometry), seeded by the scenario.

    ``populations[i]`` belongs to ``ganglia[i]``; positions are in that DRG's frame [m].
    """

    ganglia: tuple[Ganglion, ...]
    populations: tuple[Population, ...]
    key: str = "population"
    title: str = "Neuron populations"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: counts and diameter ranges per class (um)."""
        out = []
        for g, pop in zip(self.ganglia, self.populations, strict=True):
            classes = {}
            for fc in FiberClass:
                mask = pop.fiber_class == fc
                n = int(mask.sum())
                entry: dict[str, Any] = {"n_cells": n}
                if n:
                    for name in ("soma_diameter", "peripheral_diameter", "central_diameter"):
                        values = getattr(pop, name)[mask] / u.um
                        entry[f"{name}_min_um"] = float(values.min())
                        entry[f"{name}_max_um"] = float(values.max())
                classes[fc.name.lower()] = entry
            out.append(
                {
                    "level": str(g.level),
                    "side": str(g.side),
                    "n_cells": pop.n_cells,
                    "classes": classes,
                    "regions": [str(r) for r in pop.region_names],
                }
            )
        return {"drgs": out}


__all__ = [
    "PUBLISHED_LIFE_RANGE_YEARS",
    "AnatomySection",
    "BatterySection",
    "LeadSection",
    "PainCoverage",
    "PopulationSection",
    "ProgramBattery",
    "ResultSection",
    "SafetySection",
]
