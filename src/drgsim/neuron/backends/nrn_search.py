"""drgsim's threshold search with every candidate run by NEURON, on all cores.

:func:`find_thresholds_nrn` takes the arguments of :func:`drgsim.neuron.threshold.find_thresholds`
and runs the very same batched search (:func:`~drgsim.neuron.threshold.search_thresholds`: same
candidates, brackets, tolerance and block/anode-break flags), so thresholds from the two
simulators are directly comparable.

NEURON integrates every section that exists in a process, so a worker holds one cell at a time:
it takes a cell, builds it in NEURON once, runs that cell's whole search on it (each cell's
candidates depend only on its own responses, so this is exactly the batched search), and frees
it. Cells are handed to a pool of worker processes (all cores), largest first.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from drgsim._typing import FloatArray, IntArray
from drgsim.errors import NonMonotonicResponseWarning
from drgsim.neuron.backends import nrn
from drgsim.neuron.cable import CableModel, compile_cables
from drgsim.neuron.simulate import SolverOptions, prepare_drive
from drgsim.neuron.stimulus import Stimulus
from drgsim.neuron.threshold import (
    DetectionPoints,
    RowResponses,
    ThresholdResult,
    ThresholdSearch,
    ThresholdStatus,
    check_estimate,
    detection_points,
    search_thresholds,
)

Row = tuple[int, float]  #: (cell, signed amplitude [A])
Response = tuple[bool, bool, int, float]  #: (central, peripheral, first index, first time)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class _CellJob:
    model: CableModel
    dt: float
    waveform: FloatArray
    phi: FloatArray | None
    injection: FloatArray | None
    central: int
    peripheral: int
    candidate: np.ndarray
    activating: FloatArray
    detect_voltage: float
    watch_all: bool
    stop: nrn.RunStop | None


_JOBS: list[_CellJob] = []  # set before the workers fork


def _run_rows(job: _CellJob, runner: nrn.NrnRunner, rows: list[Row]) -> list[Response]:
    out = []
    for _, amplitude in rows:
        crossing = runner.run(amplitude, job.stop).crossing_time
        reach_c = job.central >= 0 and bool(np.isfinite(crossing[job.central]))
        reach_p = job.peripheral >= 0 and bool(np.isfinite(crossing[job.peripheral]))
        times = np.where(job.candidate & np.isfinite(crossing), crossing, np.inf)
        first = int(np.argmin(times)) if job.watch_all and np.isfinite(times.min()) else -1
        out.append((reach_c, reach_p, first, float(times.min()) if first >= 0 else float("nan")))
    return out


def _search_cell(
    h: Any, cell: int, search: ThresholdSearch, estimate: float | None
) -> ThresholdResult:
    """Build one cell in NEURON, run its whole search on it, free it."""
    job = _JOBS[cell]
    points = [i for i in (job.central, job.peripheral) if i >= 0]
    runner = nrn.NrnRunner(
        h,
        job.model,
        dt=job.dt,
        waveform=job.waveform,
        phi=job.phi,
        injection=job.injection,
        detect_voltage=job.detect_voltage,
        detect=None if job.watch_all else points,
    )

    def evaluate(row_cell: IntArray, row_mag: FloatArray) -> RowResponses:
        rows = [(cell, search.polarity * float(m)) for m in row_mag]
        flat = _run_rows(job, runner, rows)
        return RowResponses(
            reached_central=np.array([f[0] for f in flat], dtype=bool),
            reached_peripheral=np.array([f[1] for f in flat], dtype=bool),
            initiation_index=np.array([f[2] for f in flat], dtype=np.int64),
            initiation_time=np.array([f[3] for f in flat], dtype=np.float64),
            failed=np.zeros(len(flat), dtype=bool),
        )

    with warnings.catch_warnings():  # the caller warns once for all cells
        warnings.simplefilter("ignore", NonMonotonicResponseWarning)
        return search_thresholds(
            [job.model], evaluate, job.activating, job.waveform, job.dt, search,
            np.array([job.central]), np.array([job.peripheral]),
            estimate=None if estimate is None else [estimate],
        )  # fmt: skip


_WORKER: dict[str, Any] = {}


def _worker_init(build_dir: str) -> None:
    _WORKER["h"] = nrn.load_mechanisms(Path(build_dir))


def _worker_search(task: tuple[int, ThresholdSearch, float | None]) -> ThresholdResult:
    return _search_cell(_WORKER["h"], *task)


def _merge(parts: list[ThresholdResult]) -> ThresholdResult:
    """One result from per-cell results (tested amplitudes padded to the widest)."""
    width = max(p.tested_amplitudes.shape[1] for p in parts)
    tested = np.full((len(parts), width), np.nan)
    outcome = np.full((len(parts), width), -1, dtype=np.int8)
    for c, p in enumerate(parts):
        tested[c, : p.tested_amplitudes.shape[1]] = p.tested_amplitudes[0]
        outcome[c, : p.tested_outcome.shape[1]] = p.tested_outcome[0]
    merged: dict[str, Any] = {"tested_amplitudes": tested, "tested_outcome": outcome}
    for f in fields(ThresholdResult):
        if f.name not in merged:
            merged[f.name] = np.concatenate([getattr(p, f.name) for p in parts])
    return ThresholdResult(**merged)


def find_thresholds_nrn(
    models: CableModel | Sequence[CableModel],
    stimulus: Stimulus,
    options: SolverOptions,
    search: ThresholdSearch | None = None,
    *,
    detection: Sequence[DetectionPoints] | None = None,
    estimate: Sequence[float] | FloatArray | None = None,
    build_dir: Path,
    processes: int | None = None,
    watch_all: bool = True,
    stop_early: bool = False,
) -> ThresholdResult:
    """Find thresholds like :func:`~drgsim.neuron.threshold.find_thresholds`, in NEURON.

    Parameters
    ----------
    models, stimulus, options, search, detection, estimate
        As for :func:`~drgsim.neuron.threshold.find_thresholds` (spikes are detected at
        ``options.spike_threshold``).
    build_dir
        Compiled NEURON mechanisms (:func:`~drgsim.neuron.backends.nrn.compile_mechanisms`).
    processes
        Worker processes; default all cores; 1 runs in this process.
    watch_all
        Watch every compartment for the first crossing (the initiation site, and so the
        ``BLOCKED_BEFORE_DETECTION`` and ``ANODE_BREAK`` flags); ``False`` watches only the
        detection points, which is all a threshold needs (initiation is then reported as -1).
    stop_early
        End each run once the detection points have fired, or once the stimulus is over and
        the cell is back at rest, like ``find_thresholds`` (checked every 10 steps).

    Returns
    -------
    ThresholdResult
    """
    search = ThresholdSearch() if search is None else search
    model_list = [models] if isinstance(models, CableModel) else list(models)
    if detection is None:
        detection = [detection_points(m, search.detection_fraction) for m in model_list]
    guess = check_estimate(estimate, len(model_list))
    start: list[float | None] = [None] * len(model_list)
    if guess is not None:
        start = [float(g) for g in guess]
    arrays = compile_cables(model_list)
    drive = prepare_drive(arrays, stimulus, options)
    stop = None
    if stop_early:
        inj_wave = drive.waveform if drive.inj_waveform is None else drive.inj_waveform
        driven = np.flatnonzero((drive.waveform != 0) | (inj_wave != 0))
        stop = nrn.RunStop(
            when_detected=True,
            quiet_from=int(driven[-1]) + 2 if driven.size else 0,
            quiet_tolerance=options.quiet_tolerance,
            quiet_rate=options.quiet_rate,
        )
    jobs = []
    for c, model in enumerate(model_list):
        part = slice(int(arrays.comp_start[c]), int(arrays.comp_start[c] + arrays.n_comp[c]))
        jobs.append(
            _CellJob(
                model=model,
                dt=options.dt,
                waveform=drive.waveform,
                phi=drive.phi[part] if stimulus.extracellular is not None else None,
                injection=drive.inj[part] if stimulus.intracellular is not None else None,
                central=int(detection[c].central),
                peripheral=int(detection[c].peripheral),
                candidate=np.asarray(arrays.is_candidate[part], dtype=bool),
                activating=drive.act[part],
                detect_voltage=options.spike_threshold,
                watch_all=watch_all,
                stop=stop,
            )
        )
    _JOBS[:] = jobs
    n_proc = min(processes or multiprocessing.cpu_count(), len(jobs))
    order = sorted(range(len(jobs)), key=lambda c: -model_list[c].n_comp)  # largest first
    try:
        if n_proc <= 1:
            h = nrn.load_mechanisms(build_dir)
            parts = {c: _search_cell(h, c, search, start[c]) for c in order}
        else:
            context = multiprocessing.get_context("fork")  # workers inherit _JOBS
            with context.Pool(n_proc, _worker_init, (str(build_dir),)) as pool:
                tasks = [(c, search, start[c]) for c in order]
                found = pool.map(_worker_search, tasks, chunksize=1)
            parts = dict(zip(order, found, strict=True))
    finally:
        _JOBS.clear()
    result = _merge([parts[c] for c in range(len(jobs))])
    flags = ThresholdStatus.NON_MONOTONIC | ThresholdStatus.ANODE_BREAK
    flagged = (result.status & (flags | ThresholdStatus.BLOCKED_BEFORE_DETECTION)) != 0
    if flagged.any():
        warnings.warn(
            f"{int(flagged.sum())} of {len(jobs)} cells respond non-monotonically (block or "
            "anode break); see ThresholdResult.status and tested_outcome",
            NonMonotonicResponseWarning,
            stacklevel=3,
        )
    return result


__all__ = ["find_thresholds_nrn"]
