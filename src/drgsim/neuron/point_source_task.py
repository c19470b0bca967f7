"""One threshold for one model under a point source: the task behind ``drgsim threshold``.

A monopolar point source in an infinite isotropic medium (``phi = I / (4 pi sigma r)``) sits at
a perpendicular ``distance`` from the fibre's middle node (MRG) or middle compartment (C axons),
or faces the soma of a pseudounipolar neuron (on the stem's side, along the stem direction), or
at an explicit point. The threshold search is :func:`~drgsim.neuron.threshold.find_thresholds`
(drgsim kernel) or the same search driving the NEURON backend.

``t_stop`` defaults to the end of the pulse plus 1 ms plus the time a slow action potential
needs to run the whole cable: 2 m/s per um of fibre diameter for myelinated models (about half
the MRG velocities of ``reference/validation.md`` V8) and 0.2 m/s for unmyelinated ones (below
the 0.275 m/s of Sundt's 0.4 um central axon, V1). These are run-length margins, not physiology.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim._typing import FloatArray, IntArray
from drgsim.errors import ConfigurationError
from drgsim.neuron.cable import CableModel, Kind, Region, compile_cables
from drgsim.neuron.simulate import SolverOptions, prepare_drive
from drgsim.neuron.stimulus import Stimulus, biphasic, isotropic_point_source, monophasic
from drgsim.neuron.threshold import (
    RowResponses,
    ThresholdResult,
    ThresholdSearch,
    ThresholdStatus,
    detection_points,
    find_thresholds,
    search_thresholds,
)


class PointSourceModel(StrEnum):
    """Models the task can build."""

    MRG = "mrg"
    C_RATTAY = "c-rattay"
    C_SUNDT = "c-sundt"
    ABETA = "abeta"
    ADELTA = "adelta"
    C_NEURON = "c-neuron"


class PulseShape(StrEnum):
    """Waveform of the single pulse."""

    MONOPHASIC = "monophasic"
    BIPHASIC = "biphasic"  #: symmetric, charge balanced, first phase of the given polarity


class Backend(StrEnum):
    """Which simulator runs the candidates."""

    DRGSIM = "drgsim"
    NEURON = "neuron"


def _check(name: str, value: float, low: float, high: float, unit: float, label: str) -> None:
    if not low <= value <= high:
        raise ConfigurationError(name, value / unit, f"{low / unit:g}-{high / unit:g} {label}")


@dataclass(frozen=True, slots=True, kw_only=True)
class PointSourceTask:
    """What to compute (SI). Defaults follow the ``drgsim threshold`` example."""

    model: PointSourceModel = PointSourceModel.MRG
    fiber_diameter: float = 10.0 * u.um  #: [m] fibre (MRG, A neurons) or axon (C axons)
    n_nodes: int = 25  #: MRG nodes (ignored when ``length`` is given)
    length: float | None = None  #: [m] fibre length; C axons default to 5 mm
    distance: float = 1.0 * u.mm  #: [m] perpendicular source distance
    conductivity: float = 0.2  #: [S/m] isotropic medium
    shape: PulseShape = PulseShape.MONOPHASIC
    pulse_width: float = 100.0 * u.us  #: [s] per phase
    interphase: float = 0.0  #: [s]
    polarity: float = -1.0  #: -1 cathodic (first phase)
    temperature: float | None = None  #: [K]; default: the model's published temperature
    dt: float = 5.0 * u.us  #: [s]
    t_stop: float | None = None  #: [s]; default: see the module docstring
    detection_fraction: float = 0.9
    rel_tolerance: float = 0.01
    max_amplitude: float = 6.0 * u.mA  #: [A] top of the first scan (the IPG ceiling, 6 mA)
    source: tuple[float, float, float] | None = None  #: [m] explicit source point
    backend: Backend = Backend.DRGSIM

    def __post_init__(self) -> None:
        for name in ("model", "shape", "backend"):
            kind = {"model": PointSourceModel, "shape": PulseShape, "backend": Backend}[name]
            try:
                object.__setattr__(self, name, kind(getattr(self, name)))
            except ValueError:
                allowed = ", ".join(m.value for m in kind)
                raise ConfigurationError(name, getattr(self, name), f"one of {allowed}") from None
        _check("diameter_um", self.fiber_diameter, 0.1 * u.um, 20 * u.um, u.um, "um")
        if self.model is PointSourceModel.MRG:
            _check("diameter_um", self.fiber_diameter, 2 * u.um, 16 * u.um, u.um, "um (MRG)")
        if not 3 <= self.n_nodes <= 1001:
            raise ConfigurationError("n_nodes", self.n_nodes, "3-1001")
        if self.length is not None:
            _check("length_um", self.length, 50 * u.um, 0.5, u.um, "um")
        _check("distance_um", self.distance, 1 * u.um, 0.1, u.um, "um")
        _check("sigma_S_per_m", self.conductivity, 1e-4, 100.0, 1.0, "S/m")
        _check("pulse_width_us", self.pulse_width, 1 * u.us, 100 * u.ms, u.us, "us")
        _check("interphase_us", self.interphase, 0.0, 100 * u.ms, u.us, "us")
        _check("dt_us", self.dt, 0.1 * u.us, 100 * u.us, u.us, "us")
        if self.dt > self.pulse_width:
            raise ConfigurationError(
                "dt_us", self.dt / u.us, f"<= pulse width {self.pulse_width / u.us:g} us"
            )
        if self.temperature is not None and not 0 <= u.to_celsius(self.temperature) <= 45:
            raise ConfigurationError(
                "temperature_C", round(u.to_celsius(self.temperature), 6), "0-45 degC"
            )
        if self.t_stop is not None:
            _check("t_stop_ms", self.t_stop, 0.1 * u.ms, 1.0, u.ms, "ms")
        _check("max_amplitude_mA", self.max_amplitude, 1 * u.uA, 1.0, u.mA, "mA")
        if self.polarity not in (-1.0, 1.0):
            raise ConfigurationError("polarity", self.polarity, "-1 (cathodic) or +1 (anodic)")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PointSourceOutcome:
    """The task's answer (SI) with the full search record."""

    task: PointSourceTask
    model: CableModel
    source: FloatArray  #: (3,) [m]
    t_stop: float  #: [s]
    result: ThresholdResult
    status_names: tuple[str, ...] = field(default=())

    @property
    def threshold(self) -> float:
        """Signed threshold [A] (NaN without a response)."""
        return float(self.result.threshold[0])

    @property
    def initiation_region(self) -> str | None:
        """Region name where the AP started at threshold (lower case), or None."""
        code = int(self.result.initiation_region[0])
        return Region(code).name.lower() if code >= 0 else None


def build_model(task: PointSourceTask) -> CableModel:
    """Build the cable model of a task (straight axons along x, centred on the source)."""
    from drgsim.neuron import c_fibers, pseudounipolar
    from drgsim.neuron.mrg import build_mrg_axon, mrg_geometry

    temp: dict[str, Any] = {} if task.temperature is None else {"temperature": task.temperature}
    if task.model is PointSourceModel.MRG:
        n_nodes = task.n_nodes
        if task.length is not None:
            spacing = mrg_geometry(task.fiber_diameter).node_spacing
            n_nodes = max(3, int(task.length / spacing) + 1)
        return build_mrg_axon(fiber_diameter=task.fiber_diameter, n_nodes=n_nodes, **temp)
    if task.model in (PointSourceModel.C_RATTAY, PointSourceModel.C_SUNDT):
        kinetics = "rattay" if task.model is PointSourceModel.C_RATTAY else "sundt"
        return c_fibers.c_axon(
            diameter=task.fiber_diameter,
            length=5 * u.mm if task.length is None else task.length,
            kinetics=kinetics,
            **temp,
        )
    if task.model is PointSourceModel.ABETA:
        return pseudounipolar.abeta_neuron(peripheral_fiber_diameter=task.fiber_diameter, **temp)
    if task.model is PointSourceModel.ADELTA:
        return pseudounipolar.adelta_neuron(**temp)
    return c_fibers.sundt_c_neuron(**temp)


def source_position(task: PointSourceTask, model: CableModel) -> FloatArray:
    """Where the point source sits [m] (module docstring)."""
    if task.source is not None:
        return np.asarray(task.source, dtype=np.float64)
    soma = np.flatnonzero(model.region == Region.SOMA)
    if soma.size:
        target = model.position[soma[0]]
        junction = model.position[np.flatnonzero(model.region == Region.T_JUNCTION)[0]]
        away = target - junction
        away = away / np.linalg.norm(away)
        out: FloatArray = target + task.distance * away
        return out
    nodes = np.flatnonzero(model.kind == Kind.NODE)
    pool = nodes if nodes.size else np.flatnonzero(model.length > 0)
    middle = pool[pool.size // 2]
    axis = model.position[pool[-1]] - model.position[pool[0]]
    axis = axis / np.linalg.norm(axis)
    normal = np.cross([0.0, 0.0, 1.0], axis)
    if np.linalg.norm(normal) < 1e-9:
        normal = np.cross([0.0, 1.0, 0.0], axis)
    out = model.position[middle] + task.distance * normal / np.linalg.norm(normal)
    return out


def _default_t_stop(task: PointSourceTask, model: CableModel, stim_end: float) -> float:
    myelinated = bool(np.any(model.kind == Kind.NODE))
    slow_cv = 2.0 * (task.fiber_diameter / u.um) if myelinated else 0.2  # [m/s], margins
    return stim_end + 1 * u.ms + float(model.length.sum()) / slow_cv


def run_point_source_task(
    task: PointSourceTask, *, nrn_build_dir: Path | None = None
) -> PointSourceOutcome:
    """Build the model and the field, run the threshold search, return the answer.

    Parameters
    ----------
    task
        What to compute.
    nrn_build_dir
        Directory for NEURON's compiled mechanisms (``backend="neuron"`` only).
    """
    model = build_model(task)
    source = source_position(task, model)
    phi = isotropic_point_source(model.position, source, task.conductivity)
    phases = 2 if task.shape is PulseShape.BIPHASIC else 1
    stim_end = phases * task.pulse_width + (task.interphase if phases == 2 else 0.0)
    t_stop = _default_t_stop(task, model, stim_end) if task.t_stop is None else task.t_stop
    options = SolverOptions(dt=task.dt, t_stop=max(t_stop, stim_end + task.dt))
    if task.shape is PulseShape.BIPHASIC:
        wave = biphasic(task.pulse_width, options.dt, options.n_t, interphase=task.interphase)
    else:
        wave = monophasic(task.pulse_width, options.dt, options.n_t)
    stimulus = Stimulus(waveform=wave, extracellular=phi)
    search = ThresholdSearch(
        rel_tolerance=task.rel_tolerance,
        polarity=task.polarity,
        max_amplitude=task.max_amplitude,
        detection_fraction=task.detection_fraction,
    )
    if task.backend is Backend.NEURON:
        result = _nrn_thresholds(model, stimulus, options, search, nrn_build_dir)
    else:
        result = find_thresholds(model, stimulus, options, search)
    status = ThresholdStatus(int(result.status[0]) & 0xFF)
    names = tuple(str(f.name).lower() for f in ThresholdStatus if f and f in status)
    return PointSourceOutcome(
        task=task,
        model=model,
        source=source,
        t_stop=options.t_stop,
        result=result,
        status_names=names or ("ok",),
    )


def _nrn_thresholds(
    model: CableModel,
    stimulus: Stimulus,
    options: SolverOptions,
    search: ThresholdSearch,
    build_dir: Path | None,
) -> ThresholdResult:
    """The same search, each candidate run by the NEURON backend (serially)."""
    from drgsim.neuron.backends import nrn

    if build_dir is None:
        raise ConfigurationError(
            "nrn_build_dir", None, "a directory for compiled NEURON mechanisms"
        )
    h = nrn.load_mechanisms(nrn.compile_mechanisms(build_dir))
    drive = prepare_drive(compile_cables(model), stimulus, options)
    runner = nrn.NrnRunner(h, model, dt=options.dt, waveform=drive.waveform, phi=drive.phi)
    points = detection_points(model, search.detection_fraction)
    central = np.array([points.central], dtype=np.int64)
    peripheral = np.array([points.peripheral], dtype=np.int64)
    candidate = np.asarray(compile_cables(model).is_candidate, dtype=bool)

    def evaluate(row_cell: IntArray, row_mag: FloatArray) -> RowResponses:
        n = row_cell.size
        reach_c = np.zeros(n, dtype=bool)
        reach_p = np.zeros(n, dtype=bool)
        first = np.full(n, -1, dtype=np.int64)
        first_t = np.full(n, np.nan)
        for r in range(n):
            crossing = runner.run(search.polarity * float(row_mag[r])).crossing_time
            if points.central >= 0:
                reach_c[r] = bool(np.isfinite(crossing[points.central]))
            if points.peripheral >= 0:
                reach_p[r] = bool(np.isfinite(crossing[points.peripheral]))
            times = np.where(candidate & np.isfinite(crossing), crossing, np.inf)
            if np.isfinite(times.min()):
                first[r] = int(np.argmin(times))
                first_t[r] = float(times.min())
        return RowResponses(
            reached_central=reach_c,
            reached_peripheral=reach_p,
            initiation_index=first,
            initiation_time=first_t,
            failed=np.zeros(n, dtype=bool),
        )

    return search_thresholds(
        [model], evaluate, drive.act, drive.waveform, options.dt, search, central, peripheral
    )


__all__ = [
    "Backend",
    "PointSourceModel",
    "PointSourceOutcome",
    "PointSourceTask",
    "PulseShape",
    "build_model",
    "run_point_source_task",
    "source_position",
]
