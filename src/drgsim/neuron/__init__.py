"""Neuron: compartmental models of DRG neurons and axons, the batched solver, thresholds.

The names below are the layer's promised API; they load on first use, so importing a single
submodule (``drgsim.neuron.cable``) does not import the solver.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CAxonKinetics": "drgsim.neuron.c_fibers",
    "CableModel": "drgsim.neuron.cable",
    "DrgStimulation": "drgsim.neuron.transmission",
    "PeripheralTrain": "drgsim.neuron.transmission",
    "Placement": "drgsim.neuron.morphology",
    "TransmissionResult": "drgsim.neuron.transmission",
    "abeta_neuron": "drgsim.neuron.pseudounipolar",
    "adelta_neuron": "drgsim.neuron.pseudounipolar",
    "c_axon": "drgsim.neuron.c_fibers",
    "sundt_c_neuron": "drgsim.neuron.c_fibers",
    "transmit": "drgsim.neuron.transmission",
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
