"""``drgsim program``: run the automatic programmer, show the ranking, write JSON and figures.

Logic lives in :mod:`drgsim.therapy.autoprogram`; this module converts units for display,
builds the rich table, draws the trade-off figure and writes the files.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from drgsim import units as u
from drgsim.therapy.autoprogram import AutoprogramOptions, AutoprogramResult, LevelAdvice

RESULTS_NAME = "programs.json"
FIGURE_STEM = "pareto"


def program_options(
    pulse_width_us: list[float] | None,
    rate_Hz: list[float] | None,
    verify: int,
    transmission: int = 0,
) -> AutoprogramOptions:
    """Search options from the command line's unit-suffixed values (converted once here)."""
    base = AutoprogramOptions()
    return AutoprogramOptions(
        pulse_widths=base.pulse_widths
        if not pulse_width_us
        else tuple(x * u.us for x in pulse_width_us),
        rates=base.rates if not rate_Hz else tuple(x * u.Hz for x in rate_Hz),
        n_verify=verify,
        n_transmission=transmission,
    )


def program_table(result: AutoprogramResult, top: int) -> Table:
    """The ranked programs, best first, in the clinician's units (* marks the Pareto front)."""
    table = Table(title=f"Automatic programming: {result.scenario} (best {top})")
    for col in ("#", "lead: contacts mA us Hz", "score", "cover %", "off %", "motor",
                "drive V/s", "uC/cm2", "life y"):  # fmt: skip
        table.add_column(col)
    front = {e.program.name for e in result.pareto}
    for k, e in enumerate(result.ranked[:top], 1):
        leads = "\n".join(
            f"{lp.lead}: {''.join(lp.polarities)} {lp.amplitude / u.mA:g} "
            f"{lp.pulse_width / u.us:g} {lp.rate / u.Hz:g}"
            for lp in e.program.leads
        )
        table.add_row(
            f"{k}{'*' if e.program.name in front else ''}",
            leads,
            f"{e.score:.3f}",
            f"{100 * e.coverage:.0f}",
            f"{100 * e.off_target:.0f}",
            f"{e.n_motor_recruited}/{e.n_motor}",
            f"{e.filtering:.2g}",
            f"{e.max_density / u.uC_per_cm2:.1f}",
            f"{e.battery_life / u.year:.2f}",
        )
    return table


def level_table(levels: tuple[LevelAdvice, ...]) -> Table:
    """Levels to implant, best first."""
    table = Table(title="Levels to implant (one lead each)")
    for col in ("rank", "level", "side", "simulated coverage %", "atlas share %", "clinical",
                "Aβ recruited", "motor"):  # fmt: skip
        table.add_column(col)
    for k, a in enumerate(levels, 1):
        table.add_row(
            str(k),
            str(a.level),
            str(a.side),
            f"{100 * a.coverage:.0f}",
            f"{100 * a.atlas_share:.0f}",
            a.clinical_tag or "-",
            f"{a.best.n_abeta_recruited}/{a.best.n_abeta}",
            f"{a.best.n_motor_recruited}/{a.best.n_motor}",
        )
    return table


def results_dict(
    result: AutoprogramResult, levels: tuple[LevelAdvice, ...] | None, top: int
) -> dict[str, Any]:
    """Everything written to ``programs.json``."""
    data = result.to_dict(top=top)
    if levels is not None:
        data["levels"] = [a.to_dict() for a in levels]
    return data


def _figure(result: AutoprogramResult, fmt: str) -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.4), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    front = {e.program.name for e in result.pareto}
    for on_front, colour, size in ((False, "0.7", 12.0), (True, "C3", 28.0)):
        sel = [e for e in result.ranked if (e.program.name in front) == on_front]
        ax.scatter(
            [e.stimulation_power / u.uW for e in sel],
            [100 * e.coverage for e in sel],
            label="Pareto front" if on_front else "other programs",
            c=colour,
            s=size,
        )
    best = result.ranked[0]
    ax.annotate("best", (best.stimulation_power / u.uW, 100 * best.coverage))
    ax.set_xlabel("stimulation power (µW)")
    ax.set_ylabel("coverage of the pain map (%)")
    ax.set_title("Programs: coverage against battery drain")
    ax.legend(loc="lower right")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    return buf.getvalue()


def write_outputs(
    result: AutoprogramResult, levels: tuple[LevelAdvice, ...] | None, out: Path, top: int
) -> list[Path]:
    """Write ``programs.json`` and the trade-off figure (PNG and SVG) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / RESULTS_NAME]
    paths[0].write_text(
        json.dumps(results_dict(result, levels, top), indent=1, allow_nan=False), "utf-8"
    )
    for fmt in ("png", "svg"):
        p = out / f"{FIGURE_STEM}.{fmt}"
        p.write_bytes(_figure(result, fmt))
        paths.append(p)
    return paths


__all__ = ["level_table", "program_options", "program_table", "results_dict", "write_outputs"]
