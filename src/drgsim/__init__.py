"""drgsim: dorsal root ganglion stimulation, from anatomy to clinical outcome.

Layers, left to right (a module imports only core modules and layers to its left)::

    anatomy -> device -> field -> neuron -> therapy -> plot -> app

All physics is in SI units (see :mod:`drgsim.units`).
"""

from __future__ import annotations

import logging

from drgsim import errors as errors
from drgsim import units as units

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def enable_logging(level: int = logging.INFO) -> None:
    """Send drgsim's log records to stderr at ``level``."""
    logger = logging.getLogger(__name__)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)


__all__ = ["__version__", "enable_logging", "errors", "units"]
