"""Report content for a :class:`~drgsim.therapy.pipeline.ScenarioResult`, without rendering.

:func:`build_report` turns a result into a :class:`Report`: one :class:`ReportBlock` per result
section, each with paragraphs, tables of text already converted to the user's units, and
:class:`FigureSpec` entries naming the figures the renderer should draw (``app.render`` maps each
``kind`` to a function of :mod:`drgsim.plot`). :func:`results_dict` gives every number shown, with
unit-suffixed keys, for ``results.json``.

A section added by a later stage may bring its own block by defining
``report_block(result) -> ReportBlock``; otherwise its ``to_dict()`` is shown as a key/value
table.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from drgsim import __version__
from drgsim import units as u
from drgsim.anatomy.populations import FiberClass
from drgsim.therapy.pipeline import (
    PUBLISHED_LIFE_RANGE_YEARS,
    AnatomySection,
    BatterySection,
    LeadSection,
    PopulationSection,
    ResultSection,
    SafetySection,
    ScenarioResult,
)
from drgsim.therapy.scenario import Scenario


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A table of text cells."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureSpec:
    """A figure the renderer draws: ``kind`` names the plot, ``caption`` describes it."""

    kind: str
    caption: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportBlock:
    """One report section."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[FigureSpec, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The whole report: title, the scenario summary and one block per section."""

    title: str
    subtitle: str
    version: str
    blocks: tuple[ReportBlock, ...]


def _f(x: float, digits: int = 3) -> str:
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if abs(x) >= 10**digits:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def _span(lo: float, hi: float) -> str:
    return _f(lo) if _f(lo) == _f(hi) else f"{_f(lo)}-{_f(hi)}"


def scenario_dict(s: Scenario) -> dict[str, Any]:
    """The scenario with unit-suffixed keys, as in the TOML format."""
    return {
        "name": s.name,
        "title": s.title,
        "description": s.description,
        "indication": str(s.indication),
        "source": s.source,
        "seed": s.seed,
        "pain": [{"region": str(p.region), "side": str(p.side)} for p in s.pain],
        "anatomy": {
            "dimension_series": str(s.anatomy.dimension_series),
            "unmeasured_levels": str(s.anatomy.unmeasured_levels),
            "secondary_root_weight": s.anatomy.secondary_root_weight,
        },
        "device": {"pulse_generator": s.pulse_generator, "safety_limits": str(s.safety)},
        "battery": {
            "capacity_mAh": s.battery.capacity / u.mAh,
            "cell_voltage_V": s.battery.cell_voltage / u.V,
            "conversion_efficiency": s.battery.conversion_efficiency,
            "quiescent_current_uA": s.battery.quiescent_current / u.uA,
            "stimulation_hours_per_day": s.stimulation_hours_per_day,
        },
        "programs": [
            {
                "name": p.name,
                "leads": [
                    {
                        "lead": lp.lead,
                        "polarities": "".join(lp.polarities),
                        "amplitude_mA": lp.amplitude / u.mA,
                        "pulse_width_us": lp.pulse_width / u.us,
                        "rate_Hz": lp.rate / u.Hz,
                        "waveform": lp.waveform,
                        "enabled": lp.enabled,
                        "patient_max_amplitude_mA": None
                        if lp.patient_max_amplitude is None
                        else lp.patient_max_amplitude / u.mA,
                    }
                    for lp in p.leads
                ],
            }
            for p in s.programs
        ],
        "population": {"n_cells_per_drg": s.n_cells_per_drg},
        "solver": {
            "dt_us": s.solver.dt / u.us,
            "temperature_C": u.to_celsius(s.solver.temperature),
            "threshold_tolerance": s.solver.threshold_tolerance,
        },
    }


def results_dict(result: ScenarioResult) -> dict[str, Any]:
    """Every number of the report, JSON-ready, with unit-suffixed keys."""
    out: dict[str, Any] = {
        "drgsim_version": __version__,
        "scenario": scenario_dict(result.scenario),
    }
    for section in result.sections:
        out[section.key] = section.to_dict()
    return out


def results_json(result: ScenarioResult) -> str:
    """:func:`results_dict` as indented JSON text (non-finite numbers become null)."""
    return json.dumps(_finite(results_dict(result)), indent=2, ensure_ascii=False) + "\n"


def _finite(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_finite(v) for v in x]
    return x


def _scenario_block(s: Scenario) -> ReportBlock:
    rows = []
    for p in s.programs:
        for lp in p.leads:
            placement = s.leads[lp.lead] if lp.lead < len(s.leads) else None
            where = "?" if placement is None else f"{placement.level} {placement.side}"
            rows.append(
                (
                    p.name,
                    f"{lp.lead} ({where})",
                    "".join(lp.polarities),
                    _f(lp.amplitude / u.mA),
                    _f(lp.pulse_width / u.us),
                    _f(lp.rate / u.Hz),
                    lp.waveform,
                    "on" if lp.enabled else "off",
                )
            )
    pain = ", ".join(f"{p.region.replace('_', ' ')} ({p.side})" for p in s.pain)
    return ReportBlock(
        key="scenario",
        title="Scenario",
        paragraphs=(
            s.description,
            f"Indication: {s.indication.replace('_', ' ')}. Painful regions: {pain}. "
            f"Pulse generator: {s.pulse_generator}. Seed: {s.seed}. Source: {s.source}.",
        ),
        tables=(
            Table(
                caption="Programs (contact 0 is the lead tip; '-' cathode, '+' anode, '0' off)",
                headers=(
                    "program",
                    "lead",
                    "contacts",
                    "amplitude [mA]",
                    "pulse width [us]",
                    "rate [Hz]",
                    "waveform",
                    "state",
                ),
                rows=tuple(rows),
            ),
        ),
    )


def _anatomy_block(a: AnatomySection) -> ReportBlock:
    g_rows = tuple(
        (
            f"{g.level} {g.side}",
            _f(g.dimensions.length / u.mm),
            _f(g.dimensions.width / u.mm),
            _f(g.volume / u.mm**3),
            str(g.dimensions.position or "not given"),
            g.dimensions.source,
        )
        for g in a.ganglia
    )
    p_rows = tuple(
        (
            f"{c.pain.region.replace('_', ' ')} ({c.pain.side})",
            ", ".join(c.levels) or "none modelled",
            ", ".join(c.treated_levels) or "none",
            "yes" if c.is_verified else "no (assumption)",
        )
        for c in a.coverage
    )
    return ReportBlock(
        key=a.key,
        title=a.title,
        paragraphs=(f"Body-region atlas: {a.map_name}.",),
        tables=(
            Table(
                caption="DRGs with a lead (prolate ellipsoid: length x width x width)",
                headers=("DRG", "length [mm]", "width [mm]", "volume [mm3]", "position", "source"),
                rows=g_rows,
            ),
            Table(
                caption="Painful regions and the levels that serve them (primary first)",
                headers=("region", "levels", "with a lead", "atlas row verified"),
                rows=p_rows,
            ),
        ),
        figures=(FigureSpec(kind="pain_regions", caption="Painful body regions (front and back)"),),
    )


def _lead_block(section: LeadSection) -> ReportBlock:
    rows = tuple(
        (
            str(i),
            f"{p.level} {p.side}",
            p.model,
            _f(lead.geometry.contact_area / u.mm2),
            _f(p.gap / u.mm),
            _f(p.axial_offset / u.mm),
            _f(math.degrees(p.angle)),
        )
        for i, (p, lead) in enumerate(zip(section.placements, section.leads, strict=True))
    )
    sources = sorted({lead.geometry.source for lead in section.leads})
    return ReportBlock(
        key=section.key,
        title=section.title,
        paragraphs=("Lead geometry source: " + "; ".join(sources),),
        tables=(
            Table(
                caption="Implanted leads",
                headers=(
                    "lead",
                    "DRG",
                    "model",
                    "contact area [mm2]",
                    "gap [mm]",
                    "axial offset [mm]",
                    "angle [deg]",
                ),
                rows=rows,
            ),
        ),
        figures=(
            FigureSpec(
                kind="leads_over_drgs",
                caption="Leads over their DRGs (side view, lateral to the right, dorsal up); "
                "contacts coloured by polarity of the first program",
            ),
        ),
    )


def _safety_block(section: SafetySection) -> ReportBlock:
    tables = []
    for r in section.reports:
        rows = tuple(
            (
                str(d.lead),
                str(d.contact),
                str(d.level),
                _f(d.current / u.mA),
                _f(d.charge / u.uC),
                _f(d.density / u.uC_per_cm2),
                _f(d.k),
                str(d.severity or "within limits"),
            )
            for d in r.doses
        )
        tables.append(
            Table(
                caption=f"Program {r.program}: active contacts",
                headers=(
                    "lead",
                    "contact",
                    "amplitude",
                    "current [mA]",
                    "charge/phase [uC]",
                    "density [uC/cm2]",
                    "Shannon k",
                    "limit",
                ),
                rows=rows,
            )
        )
    paragraphs: list[str] = []
    if section.reports:
        lim = section.reports[0].limits
        paragraphs.append(
            f"Hard limits: {lim.describe_hard()} ({lim.max_charge_density_source}; "
            f"{lim.max_shannon_k_source}). Recommended band: "
            f"<= {_f(lim.soft_charge_density / u.uC_per_cm2)} uC/cm2 per phase "
            f"({lim.soft_charge_density_source})."
        )
    for r in section.reports:
        paragraphs.extend(f.message for f in r.findings)
    return ReportBlock(
        key=section.key,
        title=section.title,
        paragraphs=tuple(paragraphs),
        tables=tuple(tables),
        figures=(
            FigureSpec(
                kind="charge_density",
                caption="Charge density per phase of each active contact against the limits",
            ),
        ),
    )


def _battery_block(section: BatterySection) -> ReportBlock:
    m = section.model
    rows = []
    for b in section.programs:
        imp = ", ".join(
            f"lead {k}: {_f(v / u.ohm)}{' (assumed)' if k in b.impedance_assumed else ''}"
            for k, v in b.impedances.items()
        )
        rows.append(
            (
                b.program,
                imp,
                _f(b.stimulation_power / u.uW),
                _f(b.quiescent_power / u.uW),
                _f(b.service_life / u.year),
            )
        )
    lo, hi = PUBLISHED_LIFE_RANGE_YEARS
    return ReportBlock(
        key=section.key,
        title=section.title,
        paragraphs=(
            f"Battery model: {_f(m.capacity / u.mAh)} mAh at {_f(m.cell_voltage / u.V)} V, "
            f"{_f(m.conversion_efficiency)} conversion efficiency, "
            f"{_f(m.quiescent_current / u.uA)} uA quiescent drain; "
            f"stimulation {_f(section.duty * 24)} h/day. Source: {m.source}. No capacity or "
            "drain figure was located for any DRG generator, so the estimate is only as good as "
            "these assumptions. Unmeasured leads use the typical lead impedance (assumption).",
            f"Published primary-cell service lives for comparison: {lo:g}-{hi:g} years "
            "(DBS primary cells 3-5 years; non-rechargeable SCS mean 58 months).",
        ),
        tables=(
            Table(
                caption="Battery life per program",
                headers=(
                    "program",
                    "lead impedance [ohm]",
                    "stimulation [uW]",
                    "generator [uW]",
                    "battery life [years]",
                ),
                rows=tuple(rows),
            ),
        ),
    )


def _population_block(section: PopulationSection) -> ReportBlock:
    names = {FiberClass.A_BETA: "Aβ", FiberClass.A_DELTA: "Aδ", FiberClass.C: "C"}
    rows = []
    for g, pop in zip(section.ganglia, section.populations, strict=True):
        for fc in FiberClass:
            mask = pop.fiber_class == fc
            n = int(mask.sum())
            if not n:
                continue
            soma = pop.soma_diameter[mask] / u.um
            periph = pop.peripheral_diameter[mask] / u.um
            rows.append(
                (
                    f"{g.level} {g.side}",
                    names[fc],
                    str(n),
                    _span(float(soma.min()), float(soma.max())),
                    _span(float(periph.min()), float(periph.max())),
                )
            )
    return ReportBlock(
        key=section.key,
        title=section.title,
        paragraphs=(
            "Shares from the human L5 counts of Kawamura & Dyck 1978 (large/intermediate/small "
            "mapped to Aβ/Aδ/C, an assumption); somata in the outer radial shell, dorsal part "
            "and inner 85 % of the length (Sperry et al. 2020).",
        ),
        tables=(
            Table(
                caption="Sampled neurons per DRG",
                headers=("DRG", "class", "n", "soma [um]", "peripheral fibre [um]"),
                rows=tuple(rows),
            ),
        ),
        figures=(
            FigureSpec(
                kind="population",
                caption="Sampled somata projected on the DRG cross-section, coloured by class",
            ),
        ),
    )


def _generic_block(section: ResultSection) -> ReportBlock:
    rows = tuple(
        (k, json.dumps(_finite(v), ensure_ascii=False)[:200]) for k, v in section.to_dict().items()
    )
    return ReportBlock(
        key=section.key,
        title=section.title,
        tables=(Table(caption=section.title, headers=("quantity", "value"), rows=rows),),
    )


def section_block(section: ResultSection, result: ScenarioResult) -> ReportBlock:
    """The report block of one section."""
    own = getattr(section, "report_block", None)
    if callable(own):
        block = own(result)
        if isinstance(block, ReportBlock):
            return block
    if isinstance(section, AnatomySection):
        return _anatomy_block(section)
    if isinstance(section, LeadSection):
        return _lead_block(section)
    if isinstance(section, SafetySection):
        return _safety_block(section)
    if isinstance(section, BatterySection):
        return _battery_block(section)
    if isinstance(section, PopulationSection):
        return _population_block(section)
    return _generic_block(section)


def build_report(result: ScenarioResult) -> Report:
    """The report content of ``result``: the scenario, then one block per section."""
    s = result.scenario
    blocks = [_scenario_block(s)] + [section_block(x, result) for x in result.sections]
    return Report(
        title=f"drgsim report: {s.title}",
        subtitle=f"scenario '{s.name}' ({s.indication.replace('_', ' ')})",
        version=__version__,
        blocks=tuple(blocks),
    )


__all__ = [
    "FigureSpec",
    "Report",
    "ReportBlock",
    "Table",
    "build_report",
    "results_dict",
    "results_json",
    "scenario_dict",
    "section_block",
]
