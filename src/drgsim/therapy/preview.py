"""Fast program previews for one implant: thresholds cached per contact configuration.

A programmer preview must answer while the clinician types. :class:`ImplantPreview` builds the
DRG models of one implant (levels, sides, lead placements) once, and keeps the Aβ thresholds of
every contact configuration and pulse width it has been asked about. For a fixed configuration
and waveform the drive scales with the amplitude (:mod:`drgsim.therapy.engine`), so a program
that differs only in amplitude (or rate) is answered from the cache with no simulation:
:meth:`ImplantPreview.outcome` is a few array comparisons. :meth:`ImplantPreview.compute` runs
the threshold searches still missing (seconds to minutes); the application decides where it
runs (a background thread in the server).

Coverage is computed exactly as in the ``outcomes`` section of a scenario run
(:mod:`drgsim.therapy.outcomes`, ``docs/assumptions.md`` P5): the mean paresthesia share of the
painful regions. Only Aβ neurons evoke paresthesia there, so only they are simulated here.

Examples
--------
>>> from drgsim.therapy.scenario import LeadPlacement
>>> implant = ImplantGeometry(leads=(LeadPlacement(level="L5", side="left",
...                                                 model="drg-quadripolar"),))
>>> preview = ImplantPreview(implant)
>>> [str(lv) for lv, _ in implant.drgs]
['L5']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from drgsim._typing import FloatArray
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.anatomy.ganglion import Ganglion, Side, build_ganglion
from drgsim.anatomy.levels import SpinalLevel
from drgsim.anatomy.populations import sample_population
from drgsim.device import Program
from drgsim.errors import ConfigurationError
from drgsim.neuron.population import CellKind, CellOptions, CSegmentation
from drgsim.therapy.engine import (
    CellThresholds,
    DrgModel,
    EngineOptions,
    build_drg_models,
    drg_thresholds,
    lead_programs_at,
    unit_weights,
)
from drgsim.therapy.outcomes import (
    coverage,
    level_recruitment,
    min_threshold,
    off_target_fraction,
    paresthesia_shares,
    recruited,
)
from drgsim.therapy.scenario import AnatomyOptions, LeadPlacement, SolverOptions

#: Digits kept of each contact weight in a cache key (weights are ratios of grid amplitudes).
_KEY_DIGITS = 9


@dataclass(frozen=True, slots=True, kw_only=True)
class ImplantGeometry:
    """What fixes the neurons and the field of one implant: its leads and the model's sizes.

    Attributes
    ----------
    leads
        The implanted leads, in channel order (``LeadProgram.lead`` indexes them).
    anatomy
        Anatomy choices (cadaver series, dermatome overlap weight).
    n_cells_per_drg
        Neurons sampled per DRG (12 in the shipped default scenario; a preview trades
        resolution of the coverage, about 1/n_Aβ, for speed).
    seed
        Seed of the population draw.
    solver
        Time step and threshold tolerance.
    """

    leads: tuple[LeadPlacement, ...]
    anatomy: AnatomyOptions = field(default_factory=AnatomyOptions)
    n_cells_per_drg: int = 12
    seed: int = 0
    solver: SolverOptions = field(default_factory=lambda: SolverOptions(threshold_tolerance=0.02))

    def __post_init__(self) -> None:
        if not 1 <= len(self.leads) <= 4:
            raise ConfigurationError("leads", len(self.leads), "1-4 leads")
        if not 1 <= self.n_cells_per_drg <= 10_000:
            raise ConfigurationError("n_cells_per_drg", self.n_cells_per_drg, "1-10000")

    @property
    def drgs(self) -> tuple[tuple[SpinalLevel, Side], ...]:
        """Distinct (level, side) pairs the leads sit at, rostral first."""
        pairs = {(p.level, p.side) for p in self.leads}
        return tuple(sorted(pairs, key=lambda ls: (ls[0].order, ls[1])))


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionShare:
    """Paresthesia share [1] of one painful region."""

    region: BodyRegion
    side: Side
    share: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewOutcome:
    """Predicted paresthesia of one program.

    Attributes
    ----------
    coverage
        Mean paresthesia share of the painful regions [1] (NaN without pain regions).
    regions
        Share of each painful region [1].
    off_target
        Share of recruited Aβ neurons whose region is not painful [1].
    perception_threshold
        Lowest Aβ threshold over the stimulated DRGs, in units of each DRG's largest lead
        amplitude [A] (inf when none fires up to the scan ceiling).
    n_abeta, n_recruited
        Aβ neurons modelled and recruited at the program's amplitudes.
    """

    coverage: float
    regions: tuple[RegionShare, ...]
    off_target: float
    perception_threshold: float
    n_abeta: int
    n_recruited: int


_Key = tuple[int, tuple[float, ...], float, str]


class ImplantPreview:
    """DRG models of one implant and a cache of Aβ thresholds (see the module docstring).

    One thread at a time may run :meth:`compute`; other threads may meanwhile call
    :meth:`is_ready` and :meth:`outcome` once :attr:`is_built` (each cache entry is stored
    whole, in one assignment, after it is computed).
    """

    def __init__(self, geometry: ImplantGeometry, options: EngineOptions | None = None) -> None:
        self.geometry = geometry
        self.options = options or EngineOptions(
            cells=CellOptions(n_motor=0, n_passage=0, c_segmentation=CSegmentation.COARSE),
            n_strength_duration_cells=0,
        )
        self._models: tuple[DrgModel, ...] | None = None
        self._thresholds: dict[_Key, CellThresholds] = {}

    @property
    def is_built(self) -> bool:
        """Whether the DRG models exist (the first :meth:`compute` builds them)."""
        return self._models is not None

    # -- models ---
    def _ganglia(self) -> tuple[Ganglion, ...]:
        a = self.geometry.anatomy
        return tuple(
            build_ganglion(lv, sd, series=a.dimension_series, unmeasured=a.unmeasured_levels)
            for lv, sd in self.geometry.drgs
        )

    def models(self) -> tuple[DrgModel, ...]:
        """The DRG models (cells and transfer matrices), built on first use."""
        if self._models is None:
            g = self.geometry
            ganglia = self._ganglia()
            by_drg = {(x.level, x.side): x for x in ganglia}
            leads = tuple(p.place(by_drg[(p.level, p.side)]) for p in g.leads)
            populations = []
            for x in ganglia:
                # seeded as in therapy.pipeline.sample_populations: (seed, level, side)
                rng = np.random.default_rng([g.seed, x.level.order, list(Side).index(x.side)])
                populations.append(
                    sample_population(
                        x,
                        g.n_cells_per_drg,
                        rng,
                        secondary_root_weight=g.anatomy.secondary_root_weight,
                    )
                )
            self._models = build_drg_models(
                ganglia, tuple(populations), leads, g.seed, self.options
            )
        return self._models

    # -- thresholds ---
    def _keys(self, program: Program) -> list[tuple[_Key, DrgModel, FloatArray, str, float]]:
        self._check_leads(program)
        out: list[tuple[_Key, DrgModel, FloatArray, str, float]] = []
        if not any(lp.enabled and lp.amplitude > 0 for lp in program.leads):
            return out  # stimulates nothing: no model needed
        for i, model in enumerate(self.models()):
            lps = lead_programs_at(model, program)
            if not lps:
                continue
            weights = unit_weights(model, lps)
            first = max(lps, key=lambda lp: lp.amplitude)
            key = (
                i,
                tuple(round(float(w), _KEY_DIGITS) for w in weights),
                round(first.pulse_width, 12),
                first.waveform,
            )
            out.append((key, model, weights, first.waveform, first.pulse_width))
        return out

    def _check_leads(self, program: Program) -> None:
        for lp in program.leads:
            if not 0 <= lp.lead < len(self.geometry.leads):
                raise ConfigurationError(
                    "lead", lp.lead, f"0-{len(self.geometry.leads) - 1}", hint="a connected lead"
                )

    def is_ready(self, program: Program) -> bool:
        """Whether :meth:`outcome` can answer ``program`` without simulating."""
        return all(k in self._thresholds for k, *_ in self._keys(program))

    def compute(self, program: Program) -> int:
        """Run the threshold searches ``program`` still needs; return how many were run."""
        n = 0
        for key, model, weights, waveform, pulse_width in self._keys(program):
            if key in self._thresholds:
                continue
            solver = self.geometry.solver
            self._thresholds[key] = drg_thresholds(
                model,
                weights,
                pulse_width,
                waveform,
                dt=solver.dt,
                rel_tolerance=solver.threshold_tolerance,
                max_amplitude=self.options.max_amplitude,
                mask=model.cells.kind == CellKind.A_BETA,
            )
            n += 1
        return n

    def outcome(
        self, program: Program, pain: tuple[tuple[BodyRegion, Side], ...]
    ) -> PreviewOutcome | None:
        """Coverage of ``pain`` by ``program`` from cached thresholds; None if not computed.

        Parameters
        ----------
        program
            The program (SI); disabled leads and leads at 0 A stimulate nothing.
        pain
            Painful (region, side) pairs.
        """
        levels = []
        perception = math.inf
        n_abeta = n_rec = 0
        for key, model, _, _, _ in self._keys(program):
            t = self._thresholds.get(key)
            if t is None:
                return None
            amplitude = max(lp.amplitude for lp in lead_programs_at(model, program))
            fired = recruited(t, amplitude)
            abeta = model.cells.kind == CellKind.A_BETA
            n_abeta += int(abeta.sum())
            n_rec += int((fired & abeta).sum())
            levels.append(level_recruitment(model, fired))
            perception = min(perception, min_threshold(t, model.cells.kind, CellKind.A_BETA))
        shares = paresthesia_shares(levels, self.geometry.anatomy.secondary_root_weight)
        return PreviewOutcome(
            coverage=coverage(shares, pain),
            regions=tuple(
                RegionShare(region=BodyRegion(r), side=Side(s), share=shares.get((r, s), 0.0))
                for r, s in pain
            ),
            off_target=off_target_fraction(levels, pain),
            perception_threshold=perception,
            n_abeta=n_abeta,
            n_recruited=n_rec,
        )


__all__ = ["ImplantGeometry", "ImplantPreview", "PreviewOutcome", "RegionShare"]
