"""The automatic programmer of a scenario: every lead searched, programs combined and ranked.

:func:`autoprogram` builds the scenario's DRGs, cells and transfer matrices (as
:func:`drgsim.therapy.run_scenario` does), searches every lead
(:func:`~drgsim.therapy.autoprogram.search.search_lead`), turns each full-model setting into a
one-lead program, combines the ``n_combine`` best settings of every DRG into multi-lead programs
(one lead per DRG: leads at different DRGs act on different neurons, so their outcomes combine
without re-simulating), and returns all of them ranked by the scalarisation, with the Pareto
front. Every proposed program is on the device grids and passes
:func:`drgsim.device.check_program`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim.device import PULSE_GENERATORS, Lead
from drgsim.errors import ConfigurationError
from drgsim.field import ArrayCache
from drgsim.therapy.autoprogram.evidence import ProgramEvidence, pareto_mask, scores
from drgsim.therapy.autoprogram.options import AutoprogramOptions
from drgsim.therapy.autoprogram.search import LeadSearch, LeadSetting, combine, search_lead
from drgsim.therapy.engine import DrgModel, EngineOptions, build_drg_models
from drgsim.therapy.pipeline import sample_populations
from drgsim.therapy.scenario import Scenario, build_ganglia, place_leads
from drgsim.therapy.transmission_section import evaluate_transmission


@dataclass(frozen=True, slots=True, kw_only=True)
class AutoprogramResult:
    """Ranked programs (best first), the Pareto front and the search statistics."""

    scenario: str
    options: AutoprogramOptions
    searches: tuple[LeadSearch, ...]
    ranked: tuple[ProgramEvidence, ...]
    pareto: tuple[ProgramEvidence, ...]

    @property
    def best(self) -> ProgramEvidence:
        """The top-ranked program."""
        return self.ranked[0]

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """JSON-ready result (mA, us, Hz, %, years)."""
        ranked = self.ranked if top is None else self.ranked[:top]
        o = self.options
        return {
            "scenario": self.scenario,
            "options": {
                "pulse_widths_us": [pw / u.us for pw in o.pulse_widths],
                "rates_Hz": [r / u.Hz for r in o.rates],
                "waveform": o.waveform,
                "n_reference": o.n_reference,
                "n_verify": o.n_verify,
                "allow_soft": o.allow_soft,
                "weights": {
                    "coverage": o.weights.coverage,
                    "filtering": o.weights.filtering,
                    "off_target": o.weights.off_target,
                    "motor": o.weights.motor,
                    "energy": o.weights.energy,
                },
            },
            "filtering_proxy": "nociceptor T-junction drive (docs/assumptions.md AP3)",
            "n_transmission": o.n_transmission,
            "searches": [
                {
                    "lead": s.lead,
                    "drg": s.drg,
                    "n_configurations": s.n_configurations,
                    "n_screened": s.n_screened,
                    "n_full_searches": s.n_full_searches,
                    "n_simulations": s.n_simulations,
                }
                for s in self.searches
            ],
            "n_programs": len(self.ranked),
            "ranked": [e.to_dict() for e in ranked],
            "pareto": [e.to_dict() for e in self.pareto],
        }


def _combinations(
    searches: tuple[LeadSearch, ...],
    scenario: Scenario,
    leads: tuple[Lead, ...],
    options: AutoprogramOptions,
) -> list[tuple[LeadSetting, ...]]:
    """One-lead settings, then products of each DRG's best ``n_combine`` settings."""
    generator = PULSE_GENERATORS[scenario.pulse_generator]
    out: list[tuple[LeadSetting, ...]] = []
    by_drg: dict[str, list[tuple[float, LeadSetting]]] = {}
    for search in searches:
        singles = [(s,) for s in search.settings]
        out.extend(singles)
        evid = [combine(scenario, s, leads, generator) for s in singles]
        for value, (setting,) in zip(scores(evid, options.weights), singles, strict=True):
            by_drg.setdefault(search.drg, []).append((float(value), setting))
    if 1 < len(by_drg) <= generator.max_leads:
        best = [
            [s for _, s in sorted(v, key=lambda x: -x[0])[: options.n_combine]]
            for v in by_drg.values()
        ]
        out.extend(tuple(c) for c in itertools.product(*best))
    return out


def autoprogram(
    scenario: Scenario,
    options: AutoprogramOptions | None = None,
    *,
    engine: EngineOptions | None = None,
    cache: ArrayCache | None = None,
    lead_indices: tuple[int, ...] | None = None,
) -> AutoprogramResult:
    """Search programs for ``scenario``'s pain map and leads (module docstring).

    Parameters
    ----------
    scenario
        Pain map, leads, generator, limits, battery and population size (its programs are
        ignored).
    options
        Search settings.
    engine
        Field and cell options (default :class:`~drgsim.therapy.engine.EngineOptions`).
    cache
        Cache for finite-element solutions (``engine.field == "fem"``).
    lead_indices
        Leads to search (default: all).

    Returns
    -------
    AutoprogramResult

    Raises
    ------
    ConfigurationError
        When no program fits the generator and the charge limits (field ``safety_limits``).
    """
    opts = AutoprogramOptions() if options is None else options
    eng = EngineOptions() if engine is None else engine
    generator = PULSE_GENERATORS[scenario.pulse_generator]
    ganglia = build_ganglia(scenario)
    leads = place_leads(scenario, ganglia)
    drgs = tuple(ganglia.values())
    models = build_drg_models(
        drgs, sample_populations(scenario, drgs), leads, scenario.seed, eng, cache
    )
    wanted = tuple(range(len(leads))) if lead_indices is None else lead_indices
    searches = []
    for i in wanted:
        model = next(m for m in models if i in m.lead_indices)
        searches.append(search_lead(scenario, model, i, leads[i], generator, opts))
    result = rank(scenario, tuple(searches), leads, opts)
    if opts.n_transmission:
        result = with_transmission(scenario, models, result, opts.n_transmission)
    return result


def with_transmission(
    scenario: Scenario, models: tuple[DrgModel, ...], result: AutoprogramResult, n: int
) -> AutoprogramResult:
    """Attach the simulated pain-signal transmission to the ``n`` best programs.

    Runs :func:`drgsim.therapy.transmission_section.evaluate_transmission` with the scenario's
    ``[transmission]`` settings, its seed and the programs as the scenario's programs.
    """
    top = result.ranked[:n]
    section = evaluate_transmission(
        replace(scenario, programs=tuple(e.program for e in top)), models, scenario.transmission
    )
    attached = []
    for e, pt in zip(top, section.programs, strict=True):
        rows = tuple(
            (d.drg, str(c.kind), c.binned.overall_without, c.binned.overall_with)
            for d in pt.drgs
            for c in d.classes
        )
        attached.append(replace(e, transmission=rows))
    ranked = (*attached, *result.ranked[n:])
    names = {e.program.name: e for e in ranked}
    return replace(
        result, ranked=ranked, pareto=tuple(names[e.program.name] for e in result.pareto)
    )


def rank(
    scenario: Scenario,
    searches: tuple[LeadSearch, ...],
    leads: tuple[Lead, ...],
    options: AutoprogramOptions,
) -> AutoprogramResult:
    """Combine, score and rank the settings of ``searches``."""
    generator = PULSE_GENERATORS[scenario.pulse_generator]
    combos = _combinations(searches, scenario, leads, options)
    evidence = [combine(scenario, c, leads, generator) for c in combos]
    unique: dict[str, ProgramEvidence] = {}
    for e in evidence:
        unique.setdefault(e.program.describe(), e)
    evidence = list(unique.values())
    if not evidence:
        raise ConfigurationError(
            "safety_limits",
            str(scenario.safety),
            "limits under which a lead can deliver at least one amplitude step",
            hint="no configuration of any lead fits the charge limits at the searched pulse "
            "widths; search shorter pulse widths",
        )
    sc = scores(evidence, options.weights)
    order = np.argsort(-sc, kind="stable")
    ranked = []
    for k, i in enumerate(order):
        e = evidence[int(i)]
        name = f"auto-{k + 1:03d}"
        ranked.append(replace(e, program=replace(e.program, name=name), score=float(sc[int(i)])))
    front = pareto_mask(ranked)
    return AutoprogramResult(
        scenario=scenario.name,
        options=options,
        searches=searches,
        ranked=tuple(ranked),
        pareto=tuple(e for e, keep in zip(ranked, front, strict=True) if keep),
    )


__all__ = ["AutoprogramResult", "autoprogram", "rank", "with_transmission"]
