"""Search one lead's contact configurations, pulse widths, amplitudes and rates.

For a lead at a DRG (:class:`~drgsim.therapy.engine.DrgModel`), :func:`search_lead`:

1. enumerates the contact configurations the generator allows
   (:func:`~drgsim.therapy.autoprogram.configs.contact_configurations`);
2. runs the full threshold search (:func:`~drgsim.therapy.engine.drg_thresholds`) for
   ``n_reference`` reference configurations at every pulse width, for the Aβ neurons, motor
   axons and axons of passage (C and Aδ neurons are not recruited at clinical amplitudes,
   reference/clinical.md §6 Graham 2019, and enter through the filtering proxy only);
3. simulates each simulated cell's linear response to each contact alone at every pulse width,
   calibrates the screening model (passive superposition) on the reference thresholds and
   predicts every configuration's thresholds (:mod:`~drgsim.therapy.autoprogram.screening`);
4. scores every (configuration, pulse width, amplitude, rate) with the predictions, and re-runs
   the full search on the ``n_verify`` best (configuration, pulse width) pairs;
5. returns the candidates with full-model thresholds only: the screening model chooses what
   to simulate, never what is proposed.

Thresholds give recruitment at every amplitude (a cell fires when its threshold is at most
the amplitude), so amplitude costs nothing; rate changes only the energy (the filtering proxy
ignores it, ``docs/assumptions.md`` AP3).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from drgsim.device import (
    TYPICAL_LEAD_IMPEDANCE,
    Lead,
    LeadProgram,
    Program,
    PulseGenerator,
    check_program,
)
from drgsim.neuron.population import CellKind
from drgsim.therapy.autoprogram import configs as cf
from drgsim.therapy.autoprogram import screening as sc
from drgsim.therapy.autoprogram.evidence import ProgramEvidence, Stage
from drgsim.therapy.autoprogram.options import AutoprogramOptions
from drgsim.therapy.engine import DrgModel, drg_thresholds
from drgsim.therapy.outcomes import (
    LevelRecruitment,
    coverage,
    level_recruitment,
    off_target_fraction,
    paresthesia_shares,
)
from drgsim.therapy.scenario import Scenario

logger = logging.getLogger(__name__)

_SIMULATED = (CellKind.A_BETA, CellKind.MOTOR, CellKind.PASSAGE)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LeadSetting:
    """One lead's program and what it does at its DRG (combinable across DRGs)."""

    lead_program: LeadProgram
    level: LevelRecruitment
    stage: Stage
    n_motor: int
    n_motor_recruited: int
    n_passage: int
    n_passage_recruited: int
    drive_sum: float  #: sum over nociceptors of their T-junction drive [V/s]
    n_nociceptors: int
    power: float  #: stimulation power [W]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LeadSearch:
    """Result of :func:`search_lead`: full-model settings and the work done."""

    lead: int
    drg: str
    settings: tuple[LeadSetting, ...]
    n_configurations: int
    n_screened: int
    n_full_searches: int
    n_simulations: int  #: cable simulations: threshold searches and linear-response runs
    screening_pairs: tuple[tuple[str, float, float], ...]  #: (config, pulse width [s], score)


def _lead_columns(model: DrgModel, lead: int, n: int) -> slice:
    k = model.lead_indices.index(lead)
    lo = model.column_start[k]
    return slice(lo, lo + n)


class _Evaluator:
    """Turns one DRG's thresholds at one configuration and pulse width into lead settings."""

    def __init__(
        self,
        scenario: Scenario,
        model: DrgModel,
        lead_index: int,
        lead: Lead,
        generator: PulseGenerator,
        options: AutoprogramOptions,
    ) -> None:
        self.scenario = scenario
        self.model = model
        self.lead_index = lead_index
        self.lead = lead
        self.generator = generator
        self.options = options
        kinds = model.cells.kind
        self.kinds = kinds
        self.pain = [(p.region, p.side) for p in scenario.pain]
        self.n_motor = int((kinds == CellKind.MOTOR).sum())
        self.n_passage = int((kinds == CellKind.PASSAGE).sum())
        self.noci = (kinds == CellKind.A_DELTA) | (kinds == CellKind.C)
        measured = scenario.leads[lead_index].impedance
        self.measured = measured
        self.impedance = TYPICAL_LEAD_IMPEDANCE if measured is None else measured

    def settings(
        self,
        config: cf.Configuration,
        pulse_width: float,
        thresholds: np.ndarray,
        tj_drive: np.ndarray,
        stage: Stage,
    ) -> list[LeadSetting]:
        opts = self.options
        relevant = thresholds[np.isin(self.kinds, [int(k) for k in _SIMULATED])]
        programs = cf.candidate_lead_programs(
            self.lead_index, config, pulse_width, relevant, self.lead, self.generator,
            self.scenario.safety_limits, rates=opts.rates, waveform=opts.waveform,
            n_grid=opts.n_amplitude_grid, allow_soft=opts.allow_soft, impedance=self.measured,
        )  # fmt: skip
        t = np.where(np.isfinite(thresholds), thresholds, np.inf)
        out = []
        battery = self.scenario.battery
        levels: dict[float, tuple[np.ndarray, LevelRecruitment]] = {}
        for lp in programs:
            a = lp.amplitude
            if a not in levels:
                fired = t <= a * (1 + 1e-12)
                levels[a] = (fired, level_recruitment(self.model, fired))
            fired, level = levels[a]
            out.append(
                LeadSetting(
                    lead_program=lp,
                    level=level,
                    stage=stage,
                    n_motor=self.n_motor,
                    n_motor_recruited=int((fired & (self.kinds == CellKind.MOTOR)).sum()),
                    n_passage=self.n_passage,
                    n_passage_recruited=int((fired & (self.kinds == CellKind.PASSAGE)).sum()),
                    drive_sum=float(tj_drive[self.noci].sum()) * a,
                    n_nociceptors=int(self.noci.sum()),
                    power=battery.energy_factor(lp, self.impedance, self.scenario.duty),
                )
            )
        return out


def combine(
    scenario: Scenario,
    settings: tuple[LeadSetting, ...],
    leads: tuple[Lead, ...],
    generator: PulseGenerator,
    name: str = "candidate",
) -> ProgramEvidence:
    """Evidence of the program made of ``settings`` (one per lead, leads at distinct DRGs).

    The program passes :func:`drgsim.device.check_program` (raised otherwise: a proposal that
    fails validation is a bug, never silently dropped).
    """
    program = Program(name=name, leads=tuple(s.lead_program for s in settings))
    measured = {i: p.impedance for i, p in enumerate(scenario.leads) if p.impedance is not None}
    report = check_program(program, generator, leads, scenario.safety_limits, impedances=measured)
    levels = [s.level for s in settings]
    pain = [(p.region, p.side) for p in scenario.pain]
    shares = paresthesia_shares(levels, scenario.anatomy.secondary_root_weight)
    n_motor = sum(s.n_motor for s in settings)
    n_motor_rec = sum(s.n_motor_recruited for s in settings)
    n_noci = sum(s.n_nociceptors for s in settings)
    power = sum(s.power for s in settings)
    quiescent = scenario.battery.quiescent_power
    return ProgramEvidence(
        program=program,
        stage=Stage.FULL if all(s.stage is Stage.FULL for s in settings) else Stage.SCREENING,
        coverage=coverage(shares, pain),
        off_target=off_target_fraction(levels, pain),
        motor_fraction=n_motor_rec / n_motor if n_motor else 0.0,
        filtering=sum(s.drive_sum for s in settings) / n_noci if n_noci else 0.0,
        n_abeta=sum(sum(lv.n_abeta.values()) for lv in levels),
        n_abeta_recruited=sum(sum(lv.n_recruited.values()) for lv in levels),
        n_motor=n_motor,
        n_motor_recruited=n_motor_rec,
        n_passage=sum(s.n_passage for s in settings),
        n_passage_recruited=sum(s.n_passage_recruited for s in settings),
        max_density=report.max_density,
        max_charge=max((d.charge for d in report.doses), default=0.0),
        stimulation_power=power,
        quiescent_power=quiescent,
        battery_life=scenario.battery.life_from_factors([power]),
    )


def _quick_score(scenario: Scenario, s: LeadSetting, options: AutoprogramOptions) -> float:
    """Score of one setting alone, used to pick what the full model verifies.

    The ranking score without the filtering term: the filtering proxy is normalised to the best
    of the ranked programs, which are not known yet, and it does not depend on thresholds.
    """
    pain = [(p.region, p.side) for p in scenario.pain]
    shares = paresthesia_shares([s.level], scenario.anatomy.secondary_root_weight)
    quiescent = scenario.battery.quiescent_power
    w = options.weights
    return (
        w.coverage * coverage(shares, pain)
        - w.off_target * off_target_fraction([s.level], pain)
        - w.motor * (s.n_motor_recruited / s.n_motor if s.n_motor else 0.0)
        - w.energy * s.power / (s.power + quiescent)
    )


def search_lead(
    scenario: Scenario,
    model: DrgModel,
    lead_index: int,
    lead: Lead,
    generator: PulseGenerator,
    options: AutoprogramOptions,
) -> LeadSearch:
    """Screen every configuration of one lead, then verify the best with the full model."""
    n = min(lead.n_contacts, generator.contacts_per_lead)
    configs = cf.contact_configurations(n, options.max_active)
    weights = np.array([cf.configuration_weights(c) for c in configs]).T  # (n, n_cfg)
    columns = _lead_columns(model, lead_index, n)
    phi = model.transfer[:, columns] @ weights  # (n_comp, n_cfg) [V/A]
    cells = model.cells
    tj = sc.cell_drive(cells, sc.activating_operator(cells) @ phi, sc.tjunction_mask(cells))
    kinds = cells.kind
    simulated = np.isin(kinds, [int(k) for k in _SIMULATED])
    pulse_widths = cf.grid_pulse_widths(generator, options.pulse_widths)
    evaluator = _Evaluator(scenario, model, lead_index, lead, generator, options)
    full: dict[tuple[int, float], np.ndarray] = {}
    n_sim = 0

    def run_full(j: int, pw: float) -> np.ndarray:
        nonlocal n_sim
        w = np.zeros(model.transfer.shape[1])
        w[columns] = weights[:, j]
        res = drg_thresholds(
            model, w, pw, options.waveform, dt=scenario.solver.dt,
            rel_tolerance=options.tolerance, max_amplitude=generator.amplitude_max,
            mask=simulated,
        )  # fmt: skip
        n_sim += res.n_simulations
        logger.info("lead %d %s %.0f us: full search", lead_index, "".join(configs[j]), pw * 1e6)
        return np.where(simulated, res.threshold, np.nan)

    refs = reference_indices(configs, options.n_reference)
    screened: list[tuple[float, int, float]] = []
    n_screened = 0
    for pw in pulse_widths:
        responses = sc.contact_responses(
            cells, model.transfer[:, columns], pw, options.waveform, dt=scenario.solver.dt,
            mask=simulated,
        )  # fmt: skip
        n_sim += responses.n_simulations
        drive = sc.peak_depolarisation(responses, weights)  # (n_cells, n_cfg) [V/A]
        for j in refs:
            full[(j, pw)] = run_full(j, pw)
        constants = sc.calibrate(
            drive[:, refs], np.column_stack([full[(j, pw)] for j in refs]), kinds
        )
        predicted = sc.predict(constants, drive)
        for j, config in enumerate(configs):
            ss = evaluator.settings(config, pw, predicted[:, j], tj[:, j], Stage.SCREENING)
            n_screened += len(ss)
            best = max((_quick_score(scenario, s, options) for s in ss), default=-np.inf)
            screened.append((best, j, pw))
    screened.sort(key=lambda x: -x[0])
    for _, j, pw in screened[: options.n_verify]:
        if (j, pw) not in full:
            full[(j, pw)] = run_full(j, pw)
    settings: list[LeadSetting] = []
    for (j, pw), thr in full.items():
        settings.extend(evaluator.settings(configs[j], pw, thr, tj[:, j], Stage.FULL))
    return LeadSearch(
        lead=lead_index,
        drg=model.name,
        settings=tuple(settings),
        n_configurations=len(configs),
        n_screened=n_screened,
        n_full_searches=len(full),
        n_simulations=n_sim,
        screening_pairs=tuple(("".join(configs[j]), pw, s) for s, j, pw in screened),
    )


def reference_indices(configs: tuple[cf.Configuration, ...], n_reference: int) -> list[int]:
    """Reference configurations: the middle adjacent bipole, then the widest bipole, ..."""
    n = len(configs[0])
    wanted = []
    mid = max(0, n // 2 - 1)
    for cathode, anode in ((mid, mid + 1), (0, n - 1), (mid + 1, mid), (n - 1, 0)):
        if anode >= n or cathode == anode:
            continue
        pols = ["0"] * n
        pols[cathode], pols[anode] = "-", "+"
        wanted.append(tuple(pols))
    idx = []
    names = ["".join(c) for c in configs]
    for w in wanted:
        key = "".join(w)
        if key in names and names.index(key) not in idx:
            idx.append(names.index(key))
    for j in range(len(configs)):
        if len(idx) >= n_reference:
            break
        if j not in idx:
            idx.append(j)
    return idx[:n_reference]


__all__ = ["LeadSearch", "LeadSetting", "combine", "reference_indices", "search_lead"]
