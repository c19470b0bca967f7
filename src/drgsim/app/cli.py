"""The ``drgsim`` command line (Typer). Only this module prints."""

from __future__ import annotations

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


def main() -> None:
    """Entry point of the ``drgsim`` script."""
    app()
