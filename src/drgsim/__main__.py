"""``python -m drgsim`` runs the command line."""

from drgsim.app.cli import main

main()
