"""Neuron: compartmental models of DRG neurons and axons, the batched solver, thresholds.

The names below are the layer's promised API; they load on first use, so importing a single
submodule (``drgsim.neuron.cable``) does not import the solver.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CableModel": "drgsim.neuron.cable",
    "Mechanism": "drgsim.neuron.cable",
    "Region": "drgsim.neuron.cable",
    "SimulationResult": "drgsim.neuron.simulate",
    "SolverOptions": "drgsim.neuron.simulate",
    "Stimulus": "drgsim.neuron.stimulus",
    "ThresholdResult": "drgsim.neuron.threshold",
    "ThresholdSearch": "drgsim.neuron.threshold",
    "ThresholdStatus": "drgsim.neuron.threshold",
    "build_mrg_axon": "drgsim.neuron.mrg",
    "find_thresholds": "drgsim.neuron.threshold",
    "simulate": "drgsim.neuron.simulate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'drgsim.neuron' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
