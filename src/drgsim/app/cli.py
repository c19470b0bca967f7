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
) -> None:
    """Run a scenario; write report.html and results.json into --out."""
    from rich.console import Console

    from drgsim.app import render
    from drgsim.errors import ConfigurationError
    from drgsim.therapy import pipeline
    from drgsim.therapy import scenario as scn

    try:
        s = scn.default_scenario() if scenario is None else scn.load_scenario(scenario)
        result = pipeline.run_scenario(s)
        paths = render.write_report(result, out)
    except ConfigurationError as err:
        typer.echo(render.error_line(err), err=True)
        raise typer.Exit(2) from None
    console = Console()
    console.print(render.summary_table(result))
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
