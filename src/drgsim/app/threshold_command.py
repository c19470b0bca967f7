"""``drgsim threshold``: user units in, one JSON object out (no physics here).

Converts the command's unit-suffixed options once into a
:class:`~drgsim.neuron.point_source_task.PointSourceTask` and the outcome back into a
JSON-ready mapping (mA, us, ms, um).
"""

from __future__ import annotations

import math
import os
import warnings
from pathlib import Path
from typing import Any

from drgsim import units as u
from drgsim.errors import NonMonotonicResponseWarning
from drgsim.neuron.point_source_task import (
    Backend,
    PointSourceOutcome,
    PointSourceTask,
    run_point_source_task,
)


def _nrn_build_dir() -> Path:
    from drgsim.neuron.backends import nrn

    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "drgsim" / "nrn-mechanisms" / nrn.mechanisms_hash()


def make_task(
    *,
    model: str,
    diameter_um: float,
    n_nodes: int,
    length_um: float | None,
    distance_um: float,
    sigma_S_per_m: float,
    waveform: str,
    pulse_width_us: float,
    interphase_us: float,
    polarity: str,
    temperature_C: float | None,
    dt_us: float,
    t_stop_ms: float | None,
    detection_fraction: float,
    tolerance: float,
    max_amplitude_mA: float,
    backend: str,
) -> PointSourceTask:
    """Convert the command's options (user units) into a task [SI]; raises on bad values."""
    from drgsim.errors import ConfigurationError

    if polarity not in ("cathodic", "anodic"):
        raise ConfigurationError("polarity", polarity, "cathodic or anodic")
    return PointSourceTask(
        model=model,  # type: ignore[arg-type]  # StrEnum accepts its value
        fiber_diameter=diameter_um * u.um,
        n_nodes=n_nodes,
        length=None if length_um is None else length_um * u.um,
        distance=distance_um * u.um,
        conductivity=sigma_S_per_m * u.S_per_m,
        shape=waveform,  # type: ignore[arg-type]
        pulse_width=pulse_width_us * u.us,
        interphase=interphase_us * u.us,
        polarity=-1.0 if polarity == "cathodic" else 1.0,
        temperature=None if temperature_C is None else u.celsius(temperature_C),
        dt=dt_us * u.us,
        t_stop=None if t_stop_ms is None else t_stop_ms * u.ms,
        detection_fraction=detection_fraction,
        rel_tolerance=tolerance,
        max_amplitude=max_amplitude_mA * u.mA,
        backend=backend,  # type: ignore[arg-type]
    )


def _mA(value: float) -> float | None:
    return None if math.isnan(value) else value / u.mA


def run_threshold(task: PointSourceTask) -> dict[str, Any]:
    """Run the task and return the JSON object the command prints."""
    build_dir = None
    if task.backend is Backend.NEURON:
        # NEURON prints a banner about graphics on stdout unless told there are none
        os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")
        build_dir = _nrn_build_dir()
    with warnings.catch_warnings():
        # the flags travel in "status"; the command reports them there
        warnings.simplefilter("ignore", NonMonotonicResponseWarning)
        outcome = run_point_source_task(task, nrn_build_dir=build_dir)
    return to_json(outcome)


def to_json(outcome: PointSourceOutcome) -> dict[str, Any]:
    """The outcome in user units."""
    res = outcome.result
    task = outcome.task
    tested = [
        {"amplitude_mA": a / u.mA, "outcome": int(o)}
        for a, o in zip(res.tested_amplitudes[0], res.tested_outcome[0], strict=True)
        if o >= 0
    ]
    return {
        "threshold_mA": _mA(float(res.threshold[0])),
        "bracket_mA": [_mA(float(res.bracket[0, 0])), _mA(float(res.bracket[0, 1]))],
        "initiation_region": outcome.initiation_region,
        "initiation_compartment": int(res.initiation_index[0]),
        "reached_central": bool(res.reached_central[0]),
        "reached_peripheral": bool(res.reached_peripheral[0]),
        "n_simulations": int(res.n_simulations[0]),
        "status": list(outcome.status_names),
        "status_code": int(res.status[0]),
        "model": task.model.value,
        "backend": task.backend.value,
        "n_compartments": outcome.model.n_comp,
        "source_um": [float(x) / u.um for x in outcome.source],
        "t_stop_ms": outcome.t_stop / u.ms,
        "rel_tolerance": task.rel_tolerance,
        "tested": tested,
    }


__all__ = ["make_task", "run_threshold", "to_json"]
