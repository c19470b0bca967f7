"""Run a scenario end to end and collect the result in sections.

:func:`run_scenario` builds the DRGs the leads sit at, places the leads, checks every program
against the pulse generator and the charge limits, and estimates battery life. The result is a
:class:`ScenarioResult`: the scenario plus an ordered tuple of *sections*, each a frozen object
with a ``key``, a ``title`` and a ``to_dict()`` giving JSON-ready numbers with unit-suffixed keys
(:class:`ResultSection`). Later stages (field, neurons, outcomes) add their own sections with
:meth:`ScenarioResult.with_section`; the report and ``results.json`` pick them up.

Examples
--------
>>> from drgsim.therapy.scenario import default_scenario
>>> result = run_scenario(default_scenario())
>>> [s.key for s in result.sections]
['anatomy', 'leads', 'safety', 'battery', 'population']
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from drgsim.anatomy.dermatomes import region_entry, region_levels
from drgsim.anatomy.ganglion import Ganglion, Side
from drgsim.anatomy.populations import Population, sample_population
from drgsim.device import TYPICAL_LEAD_IMPEDANCE
from drgsim.field import ArrayCache
from drgsim.therapy.engine import EngineOptions, build_drg_models
from drgsim.therapy.field_section import field_section
from drgsim.therapy.outcome_section import OutcomeSection, evaluate_programs
from drgsim.therapy.scenario import (
    Scenario,
    build_ganglia,
    check_programs,
    place_leads,
)
from drgsim.therapy.sections import (
    PUBLISHED_LIFE_RANGE_YEARS,
    AnatomySection,
    BatterySection,
    LeadSection,
    PainCoverage,
    PopulationSection,
    ProgramBattery,
    ResultSection,
    SafetySection,
)
from drgsim.therapy.transmission_section import evaluate_transmission

logger = logging.getLogger(__name__)


def battery_section(scenario: Scenario) -> BatterySection:
    """Battery life of each program; unmeasured leads use the typical impedance (assumption)."""
    model = scenario.battery
    out = []
    for program in scenario.programs:
        impedances: dict[int, float] = {}
        assumed: list[int] = []
        for lp in program.leads:
            measured = scenario.leads[lp.lead].impedance
            impedances[lp.lead] = TYPICAL_LEAD_IMPEDANCE if measured is None else measured
            if measured is None:
                assumed.append(lp.lead)
        factors = model.energy_factors(program, impedances, scenario.duty)
        out.append(
            ProgramBattery(
                program=program.name,
                impedances=impedances,
                impedance_assumed=tuple(assumed),
                energy_factors=factors,
                stimulation_power=sum(factors),
                quiescent_power=model.quiescent_power,
                service_life=model.life_from_factors(factors),
            )
        )
    return BatterySection(model=model, duty=scenario.duty, programs=tuple(out))


def sample_populations(scenario: Scenario, ganglia: tuple[Ganglion, ...]) -> tuple[Population, ...]:
    """Sample ``scenario.n_cells_per_drg`` neurons per DRG.

    Each DRG draws from its own generator seeded by (scenario seed, level, side), so a DRG's
    population does not change when other leads are added.
    """
    out = []
    for g in ganglia:
        rng = np.random.default_rng([scenario.seed, g.level.order, list(Side).index(g.side)])
        out.append(
            sample_population(
                g,
                scenario.n_cells_per_drg,
                rng,
                secondary_root_weight=scenario.anatomy.secondary_root_weight,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioResult:
    """A scenario and the sections computed from it, in report order."""

    scenario: Scenario
    sections: tuple[ResultSection, ...]

    def __post_init__(self) -> None:
        keys = [s.key for s in self.sections]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate section keys: {keys}")

    def section(self, key: str) -> ResultSection:
        """The section called ``key``."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}; have {[s.key for s in self.sections]}")

    def has_section(self, key: str) -> bool:
        """Whether a section called ``key`` exists."""
        return any(s.key == key for s in self.sections)

    def with_section(self, section: ResultSection) -> ScenarioResult:
        """A copy with ``section`` added, or replacing the section of the same key."""
        others = tuple(s for s in self.sections if s.key != section.key)
        if len(others) == len(self.sections):
            return replace(self, sections=(*self.sections, section))
        return replace(
            self,
            sections=tuple(section if s.key == section.key else s for s in self.sections),
        )

    @property
    def anatomy(self) -> AnatomySection:
        """The anatomy section."""
        return _typed(self.section("anatomy"), AnatomySection)

    @property
    def leads(self) -> LeadSection:
        """The lead section."""
        return _typed(self.section("leads"), LeadSection)

    @property
    def population(self) -> PopulationSection:
        """The population section."""
        return _typed(self.section("population"), PopulationSection)

    @property
    def battery(self) -> BatterySection:
        """The battery section."""
        return _typed(self.section("battery"), BatterySection)

    @property
    def outcomes(self) -> OutcomeSection:
        """The neural outcome section (present when run with an engine)."""
        return _typed(self.section("outcomes"), OutcomeSection)

    @property
    def safety(self) -> SafetySection:
        """The safety section."""
        return _typed(self.section("safety"), SafetySection)


_S = TypeVar("_S")


def _typed(section: ResultSection, cls: type[_S]) -> _S:
    if not isinstance(section, cls):
        raise TypeError(
            f"section {section.key!r} is a {type(section).__name__}, not {cls.__name__}"
        )
    return section


def pain_coverage(scenario: Scenario) -> tuple[PainCoverage, ...]:
    """For each painful region, the levels serving it and those with a lead on that side."""
    lead_at = {(p.level, p.side) for p in scenario.leads}
    out = []
    for pain in scenario.pain:
        levels = region_levels(pain.region)
        out.append(
            PainCoverage(
                pain=pain,
                levels=levels,
                treated_levels=tuple(lv for lv in levels if (lv, pain.side) in lead_at),
                is_verified=region_entry(pain.region).is_verified,
            )
        )
    return tuple(out)


def run_scenario(
    scenario: Scenario, *, engine: EngineOptions | None = None, cache: ArrayCache | None = None
) -> ScenarioResult:
    """Evaluate ``scenario`` with what drgsim models so far.

    Parameters
    ----------
    scenario
        The scenario (SI units).
    engine
        When given, also build the cells of every stimulated DRG, compute the field and the
        thresholds of every program and add the ``outcomes`` section (minutes, not seconds).
    cache
        Array cache for finite-element meshes and solutions (``engine.field == "fem"``).

    Returns
    -------
    ScenarioResult
        Sections ``anatomy``, ``leads``, ``safety``, ``battery``, ``population`` and, with
        ``engine``, ``field``, ``outcomes`` and (unless ``scenario.transmission`` switches it
        off) ``transmission``.

    Raises
    ------
    ConfigurationError, SafetyLimitError
        If a program breaks the generator's ranges or a hard charge limit (field = TOML path).
    """
    ganglia = build_ganglia(scenario)
    leads = place_leads(scenario, ganglia)
    reports = check_programs(scenario)
    logger.info("scenario %s: %d DRGs, %d leads", scenario.name, len(ganglia), len(leads))
    drgs = tuple(ganglia.values())
    populations = sample_populations(scenario, drgs)
    sections: list[ResultSection] = [
        AnatomySection(ganglia=drgs, coverage=pain_coverage(scenario)),
        LeadSection(placements=scenario.leads, leads=leads),
        SafetySection(reports=reports),
        battery_section(scenario),
        PopulationSection(ganglia=drgs, populations=populations),
    ]
    if engine is not None:
        models = build_drg_models(drgs, populations, leads, scenario.seed, engine, cache)
        sections.append(field_section(scenario, models, str(engine.field)))
        sections.append(evaluate_programs(scenario, models, engine))
        if scenario.transmission.enabled:
            sections.append(evaluate_transmission(scenario, models, scenario.transmission))
    return ScenarioResult(scenario=scenario, sections=tuple(sections))


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
    "ScenarioResult",
    "battery_section",
    "pain_coverage",
    "run_scenario",
    "sample_populations",
]
