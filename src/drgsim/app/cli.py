"""The ``drgsim`` command line (Typer). Only this module prints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="drgsim",
    help="Simulate dorsal root ganglion stimulation therapy.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def version() -> None:
    """Print the drgsim version."""
    from drgsim import __version__

    typer.echo(__version__)


@app.command()
def run(
    scenario: Annotated[
        str | None,
        typer.Argument(help="Scenario TOML file or shipped scenario name; default: crps-foot."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Directory for the outputs.")] = Path(
        "drgsim-out"
    ),
    neurons: Annotated[
        bool, typer.Option(help="Simulate the DRG neurons (thresholds, outcomes).")
    ] = True,
    field: Annotated[
        str,
        typer.Option(help="Field model: fem (finite elements, cached on disk) or analytic (fast)."),
    ] = "fem",
    cells: Annotated[
        int | None, typer.Option("--cells", help="Neurons per DRG (default: the scenario's).")
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            envvar="DRGSIM_CACHE_DIR",
            help="Folder of cached meshes and field solutions (default: the user cache folder).",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress and timings to stderr.")
    ] = False,
) -> None:
    """Run a scenario; write report.html, results.json and the figures into --out."""
    import dataclasses
    import time

    from rich.console import Console

    from drgsim.app import render
    from drgsim.app.cache import DiskCache, default_cache_dir
    from drgsim.errors import ConfigurationError, GeometryError, MeshError, SolverError
    from drgsim.therapy import pipeline
    from drgsim.therapy import scenario as scn
    from drgsim.therapy.engine import EngineOptions, parse_field_method

    if verbose:
        from drgsim import enable_logging

        enable_logging()
    start = time.perf_counter()
    try:
        s = scn.default_scenario() if scenario is None else scn.load_scenario(scenario)
        if cells is not None:
            s = dataclasses.replace(s, n_cells_per_drg=cells)
        engine = EngineOptions(field=parse_field_method(field)) if neurons else None
        cache = DiskCache(default_cache_dir() if cache_dir is None else cache_dir)
        result = pipeline.run_scenario(s, engine=engine, cache=cache)
        paths = render.write_report(result, out)
    except ConfigurationError as err:
        typer.echo(render.error_line(err), err=True)
        raise typer.Exit(2) from None
    except GeometryError as err:
        typer.echo(f"error: {err} (or run with --field analytic)", err=True)
        raise typer.Exit(2) from None
    except (MeshError, SolverError) as err:
        typer.echo(f"error: finite-element field failed: {err}; try --field analytic", err=True)
        raise typer.Exit(1) from None
    console = Console()
    console.print(render.summary_table(result))
    for p in paths:
        console.print(f"wrote {p}")
    if engine is not None:
        console.print(
            f"field: {engine.field}; cache {cache.root} ({cache.hits} hits, {cache.misses} "
            f"misses); {time.perf_counter() - start:.0f} s in all"
        )


@app.command()
def threshold(
    model: Annotated[
        str, typer.Option(help="mrg, c-rattay, c-sundt, abeta, adelta, c-neuron.")
    ] = "mrg",
    diameter_um: Annotated[
        float, typer.Option("--diameter-um", help="Fibre (or C axon) diameter.")
    ] = 10.0,
    n_nodes: Annotated[int, typer.Option("--n-nodes", help="MRG nodes of Ranvier.")] = 25,
    length_um: Annotated[float | None, typer.Option("--length-um", help="Fibre length.")] = None,
    distance_um: Annotated[float, typer.Option("--distance-um", help="Source distance.")] = 1000.0,
    sigma_S_per_m: Annotated[
        float, typer.Option("--sigma-S-per-m", help="Medium conductivity.")
    ] = 0.2,
    waveform: Annotated[
        str, typer.Option(help="monophasic or biphasic (symmetric).")
    ] = "monophasic",
    pulse_width_us: Annotated[float, typer.Option("--pulse-width-us", help="Per phase.")] = 100.0,
    interphase_us: Annotated[float, typer.Option("--interphase-us", help="Biphasic gap.")] = 0.0,
    polarity: Annotated[str, typer.Option(help="cathodic or anodic (first phase).")] = "cathodic",
    temperature_C: Annotated[
        float | None, typer.Option("--temperature-C", help="Default: the model's.")
    ] = None,
    dt_us: Annotated[float, typer.Option("--dt-us", help="Time step.")] = 5.0,
    t_stop_ms: Annotated[
        float | None, typer.Option("--t-stop-ms", help="Default: long enough to propagate.")
    ] = None,
    detection_fraction: Annotated[
        float, typer.Option(help="AP counts at this fraction of the length.")
    ] = 0.9,
    tolerance: Annotated[float, typer.Option(help="Relative bisection tolerance.")] = 0.01,
    max_amplitude_mA: Annotated[
        float, typer.Option("--max-amplitude-mA", help="Top of the scan (IPG ceiling).")
    ] = 6.0,
    backend: Annotated[str, typer.Option(help="drgsim or neuron.")] = "drgsim",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Threshold of one fibre or neuron for a point source in an isotropic medium."""
    import json

    from drgsim.app import render
    from drgsim.app.threshold_command import make_task, run_threshold
    from drgsim.errors import ConfigurationError, MissingExtraError

    try:
        task = make_task(
            model=model, diameter_um=diameter_um, n_nodes=n_nodes, length_um=length_um,
            distance_um=distance_um, sigma_S_per_m=sigma_S_per_m, waveform=waveform,
            pulse_width_us=pulse_width_us, interphase_us=interphase_us, polarity=polarity,
            temperature_C=temperature_C, dt_us=dt_us, t_stop_ms=t_stop_ms,
            detection_fraction=detection_fraction, tolerance=tolerance,
            max_amplitude_mA=max_amplitude_mA, backend=backend,
        )  # fmt: skip
        out = run_threshold(task)
    except ConfigurationError as err:
        typer.echo(
            json.dumps({"error": err.as_dict()}) if as_json else render.error_line(err), err=True
        )
        raise typer.Exit(2) from None
    except MissingExtraError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(out))
        return
    for key in ("threshold_mA", "initiation_region", "status", "n_simulations", "bracket_mA"):
        typer.echo(f"{key}: {out[key]}")


@app.command()
def program(
    scenario: Annotated[str, typer.Argument(help="Scenario TOML file or shipped scenario name.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the outputs.")] = Path(
        "drgsim-program"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    top: Annotated[int, typer.Option("--top", help="Programs to show and write.")] = 10,
    levels: Annotated[
        bool, typer.Option("--levels", help="Also rank the levels to implant for the pain map.")
    ] = False,
    field: Annotated[str, typer.Option(help="Field model: analytic or fem.")] = "analytic",
    cells: Annotated[
        int | None, typer.Option("--cells", help="Neurons per DRG (default: the scenario's).")
    ] = None,
    pulse_width_us: Annotated[
        list[float] | None,
        typer.Option(
            "--pulse-width-us", help="Pulse width to search (repeat; default 100/300/500)."
        ),
    ] = None,
    rate_Hz: Annotated[
        list[float] | None, typer.Option("--rate-Hz", help="Rate to search (repeat; default 20).")
    ] = None,
    verify: Annotated[
        int, typer.Option("--verify", help="Screened settings re-run with the full model.")
    ] = 4,
    transmission: Annotated[
        int,
        typer.Option(
            "--transmission", help="Best programs whose pain-signal transmission is simulated."
        ),
    ] = 0,
) -> None:
    """Propose programs for the scenario's pain map and leads, ranked, with the trade-off front."""
    import dataclasses
    import json

    from rich.console import Console

    from drgsim.app import render
    from drgsim.app.program_command import (
        level_table,
        program_options,
        program_table,
        results_dict,
        write_outputs,
    )
    from drgsim.errors import ConfigurationError
    from drgsim.therapy import scenario as scn
    from drgsim.therapy.autoprogram import autoprogram, recommend_levels
    from drgsim.therapy.engine import EngineOptions, parse_field_method

    try:
        if not 1 <= top <= 1000:
            raise ConfigurationError("--top", top, "1-1000", hint="how many programs to show")
        s = scn.load_scenario(scenario)
        if cells is not None:
            s = dataclasses.replace(s, n_cells_per_drg=cells)
        engine = EngineOptions(field=parse_field_method(field))
        from drgsim.app.cache import DiskCache, default_cache_dir

        cache = DiskCache(default_cache_dir())
        options = program_options(pulse_width_us, rate_Hz, verify, transmission)
        result = autoprogram(s, options, engine=engine, cache=cache)
        advice = recommend_levels(s, options, engine=engine, cache=cache) if levels else None
        paths = write_outputs(result, advice, out, top)
    except ConfigurationError as err:
        typer.echo(
            json.dumps({"error": err.as_dict()}) if as_json else render.error_line(err), err=True
        )
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(results_dict(result, advice, top), allow_nan=False))
        return
    console = Console()
    console.print(program_table(result, top))
    if advice is not None:
        console.print(level_table(advice))
    for p in paths:
        console.print(f"wrote {p}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
    demo: bool = typer.Option(
        False, "--demo", help="Start on a fresh demo database with seeded users and patients."
    ),
    database_url: str | None = typer.Option(
        None, help="Database URL (default: DRGSIM_DATABASE_URL or SQLite in the data folder)."
    ),
) -> None:
    """Run the clinician and patient programmer (web app and API)."""
    from drgsim.app.server.cli_support import run_server

    run_server(host=host, port=port, demo=demo, database_url=database_url, echo=typer.echo)


db_app = typer.Typer(help="Programmer database: migrations and audit check.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(
    database_url: str | None = typer.Option(None, help="Database URL (default: settings)."),
) -> None:
    """Run the migrations up to the newest revision."""
    from drgsim.app.server.cli_support import upgrade_database

    typer.echo(f"database at revision {upgrade_database(database_url)}")


@db_app.command("verify")
def db_verify(
    database_url: str | None = typer.Option(None, help="Database URL (default: settings)."),
) -> None:
    """Recompute the audit log's hash chain; exit 1 when it is broken."""
    from drgsim.app.server.cli_support import verify_database

    report = verify_database(database_url)
    if report.is_valid:
        typer.echo(f"audit log valid: {report.n_entries} entries")
    else:
        typer.echo(f"audit log BROKEN at entry {report.first_bad_seq}: {report.problem}")
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``drgsim`` script."""
    app()
