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


def main() -> None:
    """Entry point of the ``drgsim`` script."""
    app()
