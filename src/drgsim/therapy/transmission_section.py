"""The ``transmission`` result section: pain signals through the T-junction with and without DRGS.

:func:`evaluate_transmission` simulates, for every program and every DRG it stimulates, the
nociceptors chosen by :class:`~drgsim.therapy.transmission_options.TransmissionOptions` under
the three conditions of :mod:`drgsim.therapy.pain_transmission` and bins what reaches the dorsal
root over time, per class. The report block states what the neuron models can and cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray
from drgsim.anatomy.ganglion import Side
from drgsim.device import Program
from drgsim.neuron.population import CellKind
from drgsim.therapy.engine import DrgModel, lead_programs_at, unit_weights
from drgsim.therapy.pain_transmission import (
    NOCICEPTOR_KINDS,
    BinnedTransmission,
    DrgPulses,
    bin_arrivals,
    peripheral_onsets,
    simulate_arrivals,
)
from drgsim.therapy.scenario import Scenario
from drgsim.therapy.transmission_options import TransmissionOptions

#: Class names as shown in the report.
CLASS_LABELS = {CellKind.C: "C", CellKind.A_DELTA: "Aδ"}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ClassTransmission:
    """One class of nociceptors at one DRG under one program."""

    kind: CellKind
    cells: tuple[int, ...]  #: indices into the DRG's cell set
    latency: tuple[float, ...]  #: conduction delay per cell without stimulation [s]
    binned: BinnedTransmission


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DrgTransmission:
    """Transmission at one DRG under one program."""

    drg: str
    amplitude: float  #: [A]
    pulses: DrgPulses
    onsets: FloatArray  #: peripheral spikes every neuron received [s]
    classes: tuple[ClassTransmission, ...]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ProgramTransmission:
    """Transmission at every DRG one program stimulates."""

    program: str
    drgs: tuple[DrgTransmission, ...]


def nociceptors(model: DrgModel, kind: CellKind, n: int) -> tuple[int, ...]:
    """The first ``n`` cells of ``kind`` in the DRG's (seeded) population order."""
    return tuple(int(i) for i in np.flatnonzero(model.cells.kind == int(kind))[:n])


def drg_transmission(
    model: DrgModel,
    program: Program,
    options: TransmissionOptions,
    rng: np.random.Generator,
) -> DrgTransmission | None:
    """Transmission of the chosen nociceptors of ``model`` under ``program`` (None: no lead).

    ``rng`` draws the peripheral spike times (one train for every neuron of the DRG).
    """
    lps = lead_programs_at(model, program)
    if not lps:
        return None
    first = max(lps, key=lambda lp: lp.amplitude)
    phi = model.transfer @ unit_weights(model, lps)
    pulses = DrgPulses(waveform=first.waveform, pulse_width=first.pulse_width, rate=first.rate)
    chosen = {k: nociceptors(model, k, options.n_per_class) for k in NOCICEPTOR_KINDS}
    order = [i for k in NOCICEPTOR_KINDS for i in chosen[k]]
    start = model.cells.comp_start
    onsets = peripheral_onsets(options, rng)
    arrivals = simulate_arrivals(
        [model.cells.models[i] for i in order],
        [phi[start[i] : start[i + 1]] * first.amplitude for i in order],
        onsets,
        pulses,
    )
    by_cell = dict(zip(order, arrivals, strict=True))
    classes = tuple(
        ClassTransmission(
            kind=k,
            cells=chosen[k],
            latency=tuple(by_cell[i].latency for i in chosen[k]),
            binned=bin_arrivals(
                [by_cell[i] for i in chosen[k]], options.duration, options.bin_width
            ),
        )
        for k in NOCICEPTOR_KINDS
        if chosen[k]
    )
    return DrgTransmission(
        drg=model.name, amplitude=first.amplitude, pulses=pulses, onsets=onsets, classes=classes
    )


def _list(x: np.ndarray) -> list[float | None]:
    return [float(v) if np.isfinite(v) else None for v in x]


@dataclass(frozen=True, slots=True, kw_only=True)
class TransmissionSection:
    """Pain-signal transmission of every program (see the module docstring)."""

    programs: tuple[ProgramTransmission, ...]
    options: TransmissionOptions
    key: str = "transmission"
    title: str = "Pain-signal transmission"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (s, Hz, fractions [1])."""
        o = self.options
        programs = []
        for p in self.programs:
            drgs = []
            for d in p.drgs:
                classes = {}
                for c in d.classes:
                    b = c.binned
                    classes[str(c.kind)] = {
                        "cells": list(c.cells),
                        "latency_ms": [x / u.ms if np.isfinite(x) else None for x in c.latency],
                        "bin_start_s": [round(float(x), 9) for x in b.bin_start],
                        "peripheral_spikes": [int(x) for x in b.sent],
                        "fraction_without": _list(b.fraction_without),
                        "fraction_with": _list(b.fraction_with),
                        "stimulation_evoked_rate_Hz": _list(b.evoked_rate),
                        "overall_fraction_without": b.overall_without,
                        "overall_fraction_with": b.overall_with,
                    }
                drgs.append(
                    {
                        "drg": d.drg,
                        "amplitude_mA": d.amplitude / u.mA,
                        "pulse_width_us": d.pulses.pulse_width / u.us,
                        "rate_Hz": d.pulses.rate / u.Hz,
                        "waveform": d.pulses.waveform,
                        "dt_us": d.pulses.dt / u.us,
                        "peripheral_onsets_s": [round(float(t), 9) for t in d.onsets],
                        "classes": classes,
                    }
                )
            programs.append({"program": p.program, "drgs": drgs})
        return {
            "n_per_class": o.n_per_class,
            "peripheral_rate_Hz": o.peripheral_rate / u.Hz,
            "duration_s": o.duration,
            "bin_s": o.bin_width,
            "train": str(o.train),
            "min_interval_ms": o.min_interval / u.ms,
            "programs": programs,
        }

    def report_block(self, result: Any) -> Any:
        """Text, a table and the figure request (a :class:`~drgsim.therapy.report.ReportBlock`)."""
        from drgsim.therapy.report import FigureSpec, ReportBlock, Table

        o = self.options
        rows = []
        for p in self.programs:
            for d in p.drgs:
                for c in d.classes:
                    b = c.binned
                    rows.append(
                        (
                            p.program,
                            d.drg,
                            CLASS_LABELS[c.kind],
                            str(len(c.cells)),
                            _pct(b.overall_without),
                            _pct(b.overall_with),
                            f"{float(np.nanmean(b.evoked_rate)):.3g}",
                        )
                    )
        return ReportBlock(
            key=self.key,
            title=self.title,
            paragraphs=(
                f"Each simulated nociceptor receives spikes from the periphery at a mean "
                f"{o.peripheral_rate / u.Hz:g} Hz ({o.train} timing) for {o.duration:g} s (an "
                "assumed rate, docs/assumptions.md T1, T4), without and with the program's "
                "stimulation; the "
                "fraction reaching the dorsal root is shown in bins of "
                f"{o.bin_width:g} s. Spikes the stimulation evokes on its own (run separately) "
                "are subtracted, so the 'with' fraction is the pain signal that still passes.",
                f"{o.n_per_class} neuron(s) of each class per DRG, the first of the seeded "
                "sample (assumption T2): a small sample, so fractions move in steps.",
                "Model limits: the C neurons are Sundt's 2015 cell with its M current only; the "
                "Ca2+-dependent K+ current, Na/K pump and ion accumulation behind the gradual "
                "fading of C-unit transmission over about 20 s of 20 Hz stimulation seen in vivo "
                "(Chao et al. 2020) are not modelled, so this run cannot show that fade; changes "
                "here come from collisions with stimulation-evoked spikes and T-junction "
                "failure within the M current's time scale.",
            ),
            tables=(
                Table(
                    caption="Peripheral spikes reaching the dorsal root over the whole run",
                    headers=(
                        "program",
                        "DRG",
                        "class",
                        "neurons",
                        "without DRGS [%]",
                        "with DRGS [%]",
                        "evoked by DRGS alone [Hz]",
                    ),
                    rows=tuple(rows),
                ),
            ),
            figures=(
                FigureSpec(
                    kind="pain_transmission",
                    caption="Fraction of peripheral nociceptor spikes reaching the dorsal root "
                    "over time, with (solid, coloured) and without (dashed, dark) stimulation, "
                    "first program",
                ),
            ),
        )


def _pct(x: float) -> str:
    return f"{100 * x:.0f}" if np.isfinite(x) else "n/a"


def evaluate_transmission(
    scenario: Scenario, models: tuple[DrgModel, ...], options: TransmissionOptions
) -> TransmissionSection:
    """The transmission section of every program of ``scenario``.

    Peripheral spike times are drawn from a generator seeded by the scenario's seed, the DRG's
    level and side and the program's index, so a run is reproducible for a seed.
    """
    programs = []
    for k, program in enumerate(scenario.programs):
        drgs = []
        for m in models:
            # own stream per DRG and program: (seed, level, side, 2, program index)
            g = m.ganglion
            key = [scenario.seed, g.level.order, list(Side).index(g.side), 2, k]
            d = drg_transmission(m, program, options, np.random.default_rng(key))
            if d is not None:
                drgs.append(d)
        programs.append(ProgramTransmission(program=program.name, drgs=tuple(drgs)))
    return TransmissionSection(programs=tuple(programs), options=options)


__all__ = [
    "CLASS_LABELS",
    "ClassTransmission",
    "DrgTransmission",
    "ProgramTransmission",
    "TransmissionSection",
    "drg_transmission",
    "evaluate_transmission",
    "nociceptors",
]
