"""Objectives of a proposed program, the Pareto front and the ranking (scalarisation).

Objectives (all dimensionless but power):

- **coverage** of the pain map by paresthesia [1], maximised (:mod:`drgsim.therapy.outcomes`,
  ``docs/assumptions.md`` P5);
- **pain-signal filtering**, maximised. Simulating transmission through the T-junction takes a
  minute or more per program and DRG, too slow to search with, so the programmer ranks with a
  documented *proxy* and attaches the simulated transmission to the best programs on request
  (``AutoprogramOptions.n_transmission``). The proxy is the nociceptor
  T-junction drive, the mean over the sampled C and Aδ neurons of the largest activating
  function at their T-junction and stem at the program's amplitude [V/s]
  (:mod:`~drgsim.therapy.autoprogram.screening`; ``docs/assumptions.md`` AP3). DRG stimulation
  is thought to filter nociceptive spikes at the T-junction (reference/validation.md D3, D4;
  Graham et al. 2022 in reference/clinical.md §6); a stronger drive there is taken as more
  filtering. The proxy does not depend on rate;
- **off-target paresthesia**: share of recruited Aβ neurons serving non-painful regions [1],
  minimised;
- **motor recruitment**: fraction of the ventral-root motor axons recruited [1], minimised;
- **stimulation power** drawn from the battery [W], minimised (battery life reported).

Ranking (``docs/assumptions.md`` AP4): a weighted sum

    score = w_c coverage + w_f filtering / filtering_max - w_o off_target - w_m motor
            - w_e P_stim / (P_stim + P_quiescent)

where ``filtering_max`` is the largest proxy among the ranked programs and the last term is the
fraction of the battery drain due to stimulation (0 for no stimulation). The weights are a
clinical preference, not physiology: configurable, defaults in :class:`Scalarisation`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim.device import Program
from drgsim.errors import ConfigurationError


class Stage(StrEnum):
    """Which model gave a program's thresholds."""

    SCREENING = "screening"  #: predicted by the screening model
    FULL = "full"  #: threshold search of the full neuron model


@dataclass(frozen=True, slots=True, kw_only=True)
class Scalarisation:
    """Weights of the ranking score (module docstring); preferences, not physiology [1]."""

    coverage: float = 1.0
    filtering: float = 0.25
    off_target: float = 0.5
    motor: float = 2.0
    energy: float = 0.5

    def __post_init__(self) -> None:
        for name in ("coverage", "filtering", "off_target", "motor", "energy"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and 0.0 <= v <= 100.0):
                raise ConfigurationError(
                    f"weights.{name}", v, "0-100", hint="a non-negative weight"
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramEvidence:
    """One proposed program and the numbers behind it (SI inside).

    Attributes
    ----------
    program
        The program (on the device grids; passes :func:`drgsim.device.check_program`).
    stage
        Model that gave the thresholds behind the numbers.
    coverage, off_target, motor_fraction
        Objectives [1].
    filtering
        Nociceptor T-junction drive [V/s] (the filtering proxy).
    n_abeta, n_abeta_recruited, n_motor, n_motor_recruited, n_passage, n_passage_recruited
        Sampled and recruited cells over all stimulated DRGs.
    max_density
        Largest charge density of any contact [C/m^2].
    max_charge
        Largest charge per phase of any contact [C].
    stimulation_power, quiescent_power
        Battery power of stimulation and of the generator itself [W].
    battery_life
        Service life [s].
    score
        Ranking score [1] (NaN until ranked).
    transmission
        Pain-signal transmission of the simulated nociceptors, when computed: per DRG and class
        ``(drg, class, fraction without, fraction with stimulation)`` [1]
        (:mod:`drgsim.therapy.transmission_section`).
    """

    program: Program
    stage: Stage
    coverage: float
    off_target: float
    motor_fraction: float
    filtering: float
    n_abeta: int
    n_abeta_recruited: int
    n_motor: int
    n_motor_recruited: int
    n_passage: int
    n_passage_recruited: int
    max_density: float
    max_charge: float
    stimulation_power: float
    quiescent_power: float
    battery_life: float
    score: float = float("nan")
    transmission: tuple[tuple[str, str, float, float], ...] = ()

    @property
    def energy_share(self) -> float:
        """Fraction of the battery drain due to stimulation [1]."""
        total = self.stimulation_power + self.quiescent_power
        return self.stimulation_power / total if total > 0 else 0.0

    def objectives(self) -> tuple[float, float, float, float, float]:
        """(coverage, filtering, -off_target, -motor, -power): larger is better in each."""
        return (
            self.coverage,
            self.filtering,
            -self.off_target,
            -self.motor_fraction,
            -self.stimulation_power,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready evidence with unit-suffixed keys."""
        return {
            "program": self.program.name,
            "stage": str(self.stage),
            "leads": [
                {
                    "lead": lp.lead,
                    "polarities": "".join(lp.polarities),
                    "amplitude_mA": round(lp.amplitude / u.mA, 6),
                    "pulse_width_us": round(lp.pulse_width / u.us, 6),
                    "rate_Hz": round(lp.rate / u.Hz, 6),
                    "waveform": lp.waveform,
                }
                for lp in self.program.leads
            ],
            "score": None if math.isnan(self.score) else self.score,
            "coverage_percent": 100 * self.coverage,
            "off_target_paresthesia_percent": 100 * self.off_target,
            "motor_recruited_percent": 100 * self.motor_fraction,
            "nociceptor_tjunction_drive_V_per_s": self.filtering,
            "n_abeta": self.n_abeta,
            "n_abeta_recruited": self.n_abeta_recruited,
            "n_motor": self.n_motor,
            "n_motor_recruited": self.n_motor_recruited,
            "n_passage": self.n_passage,
            "n_passage_recruited": self.n_passage_recruited,
            "max_charge_density_uC_per_cm2": self.max_density / u.uC_per_cm2,
            "max_charge_per_phase_uC": self.max_charge / u.uC,
            "stimulation_power_uW": self.stimulation_power / u.uW,
            "battery_life_years": self.battery_life / u.year,
            "transmission": [
                {
                    "drg": drg,
                    "class": kind,
                    "transmitted_without_percent": _percent(without),
                    "transmitted_with_percent": _percent(with_),
                }
                for drg, kind, without, with_ in self.transmission
            ],
        }


def _percent(x: float) -> float | None:
    return None if math.isnan(x) else 100 * x


def pareto_mask(evidence: list[ProgramEvidence] | tuple[ProgramEvidence, ...]) -> np.ndarray:
    """Which programs no other program dominates (at least as good in all, better in one)."""
    if not evidence:
        return np.zeros(0, dtype=bool)
    obj = np.array([e.objectives() for e in evidence], dtype=np.float64)
    n = obj.shape[0]
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        ge = np.all(obj >= obj[i], axis=1)
        gt = np.any(obj > obj[i], axis=1)
        if np.any(ge & gt):
            keep[i] = False
    return keep


def scores(
    evidence: list[ProgramEvidence] | tuple[ProgramEvidence, ...], weights: Scalarisation
) -> np.ndarray:
    """Ranking score of each program (module docstring) [1]."""
    if not evidence:
        return np.zeros(0)
    ref = max((e.filtering for e in evidence), default=0.0)
    ref = ref if ref > 0 else 1.0
    return np.array(
        [
            weights.coverage * e.coverage
            + weights.filtering * e.filtering / ref
            - weights.off_target * e.off_target
            - weights.motor * e.motor_fraction
            - weights.energy * e.energy_share
            for e in evidence
        ]
    )


__all__ = ["ProgramEvidence", "Scalarisation", "Stage", "pareto_mask", "scores"]
