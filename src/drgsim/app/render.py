"""Render a scenario result: a self-contained HTML report and ``results.json``, written atomically.

The report content comes from :func:`drgsim.therapy.report.build_report`; this module draws the
figures it asks for (:mod:`drgsim.plot`), embeds them as base64 PNG in a Jinja2 template shipped
as package data (``drgsim/app/templates/report.html``) and writes both files. Everything is
rendered in memory first; the files are then written to temporary files in the target directory
and moved into place with :func:`os.replace`, so an error leaves no partial output.
"""

from __future__ import annotations

import base64
import io
import os
import tempfile
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from drgsim.app.field_figures import FIELD_DRAWINGS
from drgsim.app.outcome_figures import OUTCOME_DRAWINGS
from drgsim.app.transmission_figures import TRANSMISSION_DRAWINGS
from drgsim.errors import ConfigurationError
from drgsim.plot import (
    plot_charge_density,
    plot_leads_over_drg,
    plot_pain_regions,
    plot_population,
)
from drgsim.therapy.pipeline import ScenarioResult
from drgsim.therapy.report import Report, build_report, results_json

REPORT_NAME = "report.html"
RESULTS_NAME = "results.json"


Drawing = tuple[Callable[[Any], None], tuple[float, float]]


def _figure_bytes(drawing: Drawing, fmt: str) -> bytes:
    return _figure_formats(drawing, (fmt,))[fmt]


def _figure_formats(drawing: Drawing, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Draw once, save in every format (drawing dominates the report's rendering time)."""
    from matplotlib.figure import Figure

    draw, size = drawing
    fig = Figure(figsize=size, dpi=110, layout="constrained")
    draw(fig)
    out = {}
    for fmt in formats:
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        out[fmt] = buf.getvalue()
    return out


def _png(draw: Callable[[Any], None], size: tuple[float, float]) -> str:
    return base64.b64encode(_figure_bytes((draw, size), "png")).decode("ascii")


def _leads_drawing(result: ScenarioResult) -> Drawing:
    anatomy = result.anatomy
    section = result.leads
    program = result.scenario.programs[0]
    pol = {lp.lead: lp.polarities for lp in program.leads}
    ganglia = anatomy.ganglia

    def draw(fig: Any) -> None:
        axes = fig.subplots(1, len(ganglia), squeeze=False)[0]
        for ax, g in zip(axes, ganglia, strict=True):
            idx = [
                i
                for i, p in enumerate(section.placements)
                if p.level == g.level and p.side == g.side
            ]
            plot_leads_over_drg(ax, g, [section.leads[i] for i in idx], [pol.get(i) for i in idx])

    return draw, (5.0 * len(ganglia), 3.6)


def _pain_drawing(result: ScenarioResult) -> Drawing:
    regions = [(p.region, p.side) for p in result.scenario.pain]
    return (lambda fig: plot_pain_regions(fig.subplots(), regions)), (6.0, 6.0)


def _density_drawing(result: ScenarioResult) -> Drawing:
    reports = result.safety.reports
    n = sum(len(r.doses) for r in reports)
    return (lambda fig: plot_charge_density(fig.subplots(), reports)), (
        7.0,
        1.2 + 0.45 * max(n, 1),
    )


def _population_drawing(result: ScenarioResult) -> Drawing:
    section = result.population

    def draw(fig: Any) -> None:
        axes = fig.subplots(1, len(section.ganglia), squeeze=False)[0]
        for ax, g, pop in zip(axes, section.ganglia, section.populations, strict=True):
            plot_population(ax, g, pop)

    return draw, (4.0 * len(section.ganglia), 3.8)


#: Figure kind (as named by ``FigureSpec.kind``) -> function giving (draw(fig), size [in]).
DRAWINGS: dict[str, Callable[[ScenarioResult], Drawing]] = {
    "leads_over_drgs": _leads_drawing,
    "pain_regions": _pain_drawing,
    "charge_density": _density_drawing,
    "population": _population_drawing,
    **FIELD_DRAWINGS,
    **OUTCOME_DRAWINGS,
    **TRANSMISSION_DRAWINGS,
}


def _as_png(make: Callable[[ScenarioResult], Drawing]) -> Callable[[ScenarioResult], str]:
    return lambda result: _png(*make(result))


#: Figure kind (as named by ``FigureSpec.kind``) -> drawing function returning base64 PNG.
FIGURES: dict[str, Callable[[ScenarioResult], str]] = {k: _as_png(v) for k, v in DRAWINGS.items()}


def figure_files(result: ScenarioResult, report: Report) -> dict[str, bytes]:
    """``{kind}.png`` and ``{kind}.svg`` of every figure the report asks for."""
    kinds = sorted({f.kind for block in report.blocks for f in block.figures} & set(DRAWINGS))
    out: dict[str, bytes] = {}
    for kind in kinds:
        saved = _figure_formats(DRAWINGS[kind](result), ("png", "svg"))
        out[f"{kind}.png"] = saved["png"]
        out[f"{kind}.svg"] = saved["svg"]
    return out


def render_figures(
    result: ScenarioResult,
    report: Report,
    figures: dict[str, Callable[[ScenarioResult], str]] | None = None,
) -> dict[str, str]:
    """Draw every figure the report asks for that a drawing function exists for."""
    table = FIGURES if figures is None else figures
    kinds = {f.kind for block in report.blocks for f in block.figures}
    return {k: table[k](result) for k in sorted(kinds) if k in table}


def render_html(result: ScenarioResult, figures: Mapping[str, str] | None = None) -> str:
    """The self-contained HTML report of ``result`` (figures embedded as base64 PNG).

    ``figures`` maps figure kinds to base64 PNG already drawn; missing ones are drawn here.
    """
    from jinja2 import Environment, select_autoescape

    report = build_report(result)
    drawn = dict(figures or {})
    kinds = {f.kind for block in report.blocks for f in block.figures} - set(drawn)
    drawn.update({k: FIGURES[k](result) for k in sorted(kinds) if k in FIGURES})
    figures = drawn
    source = resources.files("drgsim.app").joinpath("templates", REPORT_NAME)
    env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    template = env.from_string(source.read_text(encoding="utf-8"))
    return template.render(report=report, figures=figures)


def write_atomically(files: Mapping[str, str | bytes], out_dir: Path) -> list[Path]:
    """Write ``{name: text or bytes}`` into ``out_dir``: all files, or none.

    Each text goes to a temporary file in ``out_dir`` first; once all are written they are
    moved into place with :func:`os.replace`. On any error the temporary files are removed.

    Raises
    ------
    ConfigurationError
        If ``out_dir`` is not a directory or cannot be written (field ``--out``).
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            "--out", str(out_dir), "a writable directory", hint=exc.strerror or ""
        ) from None
    temps: dict[str, str] = {}
    mask = os.umask(0)
    os.umask(mask)
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            temps[name] = tmp
            os.chmod(tmp, 0o666 & ~mask)
            data = text.encode("utf-8") if isinstance(text, str) else text
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for name, tmp in temps.items():
            os.replace(tmp, out_dir / name)
    except OSError as exc:
        raise ConfigurationError(
            "--out", str(out_dir), "a writable directory", hint=exc.strerror or ""
        ) from None
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [out_dir / name for name in files]


def write_report(result: ScenarioResult, out_dir: str | Path) -> tuple[Path, Path]:
    """Render and write ``report.html`` and ``results.json`` into ``out_dir`` atomically.

    Returns
    -------
    tuple of Path
        The report and the results file.
    """
    images = figure_files(result, build_report(result))
    pngs = {
        name.removesuffix(".png"): base64.b64encode(data).decode("ascii")
        for name, data in images.items()
        if name.endswith(".png")
    }
    html = render_html(result, pngs)
    data = results_json(result)
    files: dict[str, str | bytes] = {REPORT_NAME: html, RESULTS_NAME: data}
    files.update(images)
    paths = write_atomically(files, Path(out_dir))
    return paths[0], paths[1]


__all__ = [
    "DRAWINGS",
    "FIGURES",
    "REPORT_NAME",
    "RESULTS_NAME",
    "error_line",
    "figure_files",
    "render_figures",
    "render_html",
    "summary_table",
    "write_atomically",
    "write_report",
]


def summary_table(result: ScenarioResult) -> Any:
    """A rich Table summarising ``result`` for the terminal (the CLI prints it)."""
    from rich.table import Table

    from drgsim import units as u

    s = result.scenario
    table = Table(title=f"drgsim run: {s.title}")
    cols = ("program", "lead", "contacts", "setting", "max uC/cm2", "max k", "years")
    for col in cols:
        table.add_column(col, justify="right" if col.startswith(("max", "years")) else "left")
    lives = {b.program: b.service_life for b in result.battery.programs}
    for program, report in zip(s.programs, result.safety.reports, strict=True):
        for lp in program.leads:
            doses = [d for d in report.doses if d.lead == lp.lead]
            placement = s.leads[lp.lead]
            table.add_row(
                program.name,
                f"{lp.lead} {placement.level} {placement.side}",
                "".join(lp.polarities),
                f"{lp.amplitude / u.mA:g} mA {lp.pulse_width / u.us:g} us {lp.rate / u.Hz:g} Hz",
                f"{max((d.density for d in doses), default=0.0) / u.uC_per_cm2:.3g}",
                f"{max((d.k for d in doses), default=float('nan')):.2f}",
                f"{lives[program.name] / u.year:.2f}",
            )
    return table


def error_line(err: ConfigurationError) -> str:
    """One line for the terminal: ``<field>=<value>: allowed <range>; <hint>``."""
    if ":line" in err.field:
        text = err.message
    else:
        text = f"{err.field}={err.value}: allowed {err.allowed}"
        if err.hint:
            text += f"; {err.hint}"
    return "error: " + " ".join(text.split())
