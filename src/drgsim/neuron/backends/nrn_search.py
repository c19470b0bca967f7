"""drgsim's threshold search with every candidate run by NEURON, on all cores.

:func:`find_thresholds_nrn` takes the arguments of :func:`drgsim.neuron.threshold.find_thresholds`
and runs the very same batched search (:func:`~drgsim.neuron.threshold.search_thresholds`: same
candidates, brackets, tolerance and block/anode-break flags), so thresholds from the two
simulators are directly comparable.

Work is spread over worker processes that each own a fixed share of the cells (balanced by
compartments): a worker builds each of its cells in NEURON once, at its first run, and reuses it
for every later candidate amplitude of the search. Each round sends every worker the candidates
of its own cells.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from drgsim._typing import FloatArray, IntArray
from drgsim.errors import SolverError
from drgsim.neuron.backends import nrn
from drgsim.neuron.cable import CableModel, compile_cables
from drgsim.neuron.simulate import SolverOptions, prepare_drive
from drgsim.neuron.stimulus import Stimulus
from drgsim.neuron.threshold import (
    DetectionPoints,
    RowResponses,
    ThresholdResult,
    ThresholdSearch,
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
    detect_voltage: float
    watch_all: bool
    stop: nrn.RunStop | None


_JOBS: list[_CellJob] = []  # set before the workers fork


def _runner(h: Any, built: dict[int, nrn.NrnRunner], cell: int) -> nrn.NrnRunner:
    if cell not in built:
        job = _JOBS[cell]
        points = [i for i in (job.central, job.peripheral) if i >= 0]
        built[cell] = nrn.NrnRunner(
            h,
            job.model,
            dt=job.dt,
            waveform=job.waveform,
            phi=job.phi,
            injection=job.injection,
            detect_voltage=job.detect_voltage,
            detect=None if job.watch_all else points,
        )
    return built[cell]


def _run_rows(h: Any, built: dict[int, nrn.NrnRunner], rows: list[Row]) -> list[Response]:
    out = []
    for cell, amplitude in rows:
        job = _JOBS[cell]
        crossing = _runner(h, built, cell).run(amplitude, job.stop).crossing_time
        reach_c = job.central >= 0 and bool(np.isfinite(crossing[job.central]))
        reach_p = job.peripheral >= 0 and bool(np.isfinite(crossing[job.peripheral]))
        times = np.where(job.candidate & np.isfinite(crossing), crossing, np.inf)
        first = int(np.argmin(times)) if job.watch_all and np.isfinite(times.min()) else -1
        out.append((reach_c, reach_p, first, float(times.min()) if first >= 0 else float("nan")))
    return out


def _owner_loop(conn: Any, build_dir: str) -> None:
    """Worker: build its cells on first use, then answer batches of rows until told to stop."""
    h = nrn.load_mechanisms(Path(build_dir))
    built: dict[int, nrn.NrnRunner] = {}
    while True:
        rows = conn.recv()
        if rows is None:
            break
        conn.send(_run_rows(h, built, rows))
    conn.close()


class _Owners:
    """Forked worker processes, each owning a fixed share of the cells."""

    def __init__(self, build_dir: Path, processes: int, cost: Sequence[float]) -> None:
        context = multiprocessing.get_context("fork")  # workers inherit _JOBS
        self.owner = np.zeros(len(cost), dtype=np.int64)
        load = np.zeros(processes)
        for c in np.argsort(-np.asarray(cost), kind="stable"):
            w = int(np.argmin(load))
            self.owner[c] = w
            load[w] += cost[c]
        self.conns: list[Any] = []
        self.procs: list[Any] = []
        for _ in range(processes):
            mine, theirs = context.Pipe()
            proc = context.Process(target=_owner_loop, args=(theirs, str(build_dir)), daemon=True)
            proc.start()
            theirs.close()
            self.conns.append(mine)
            self.procs.append(proc)

    def run(self, rows: list[Row]) -> list[Response]:
        parts: list[list[int]] = [[] for _ in self.conns]
        for r, (c, _) in enumerate(rows):
            parts[int(self.owner[c])].append(r)
        for conn, part in zip(self.conns, parts, strict=True):
            if part:
                conn.send([rows[r] for r in part])
        flat: list[Response | None] = [None] * len(rows)
        for conn, part in zip(self.conns, parts, strict=True):
            if not part:
                continue
            try:
                answers = conn.recv()
            except EOFError as exc:
                raise SolverError("a NEURON worker process died") from exc
            for r, value in zip(part, answers, strict=True):
                flat[r] = value
        return [f for f in flat if f is not None]

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):  # a worker that died has closed its end
                conn.send(None)
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
        for conn in self.conns:
            conn.close()


def find_thresholds_nrn(
    models: CableModel | Sequence[CableModel],
    stimulus: Stimulus,
    options: SolverOptions,
    search: ThresholdSearch | None = None,
    *,
    detection: Sequence[DetectionPoints] | None = None,
    build_dir: Path,
    processes: int | None = None,
    watch_all: bool = True,
    stop_early: bool = False,
) -> ThresholdResult:
    """Find thresholds like :func:`~drgsim.neuron.threshold.find_thresholds`, in NEURON.

    Parameters
    ----------
    models, stimulus, options, search, detection
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
                detect_voltage=options.spike_threshold,
                watch_all=watch_all,
                stop=stop,
            )
        )
    central = np.array([d.central for d in detection], dtype=np.int64)
    peripheral = np.array([d.peripheral for d in detection], dtype=np.int64)
    _JOBS[:] = jobs
    n_proc = processes or multiprocessing.cpu_count()
    owners = None
    if n_proc > 1 and len(jobs) > 1:
        owners = _Owners(build_dir, min(n_proc, len(jobs)), [m.n_comp for m in model_list])
    h = nrn.load_mechanisms(build_dir) if owners is None else None
    local: dict[int, nrn.NrnRunner] = {}

    def evaluate(row_cell: IntArray, row_mag: FloatArray) -> RowResponses:
        rows = [
            (int(c), search.polarity * float(m)) for c, m in zip(row_cell, row_mag, strict=True)
        ]
        flat = _run_rows(h, local, rows) if owners is None else owners.run(rows)
        return RowResponses(
            reached_central=np.array([f[0] for f in flat], dtype=bool),
            reached_peripheral=np.array([f[1] for f in flat], dtype=bool),
            initiation_index=np.array([f[2] for f in flat], dtype=np.int64),
            initiation_time=np.array([f[3] for f in flat], dtype=np.float64),
            failed=np.zeros(len(flat), dtype=bool),
        )

    try:
        return search_thresholds(
            model_list, evaluate, drive.act, drive.waveform, options.dt, search, central, peripheral
        )
    finally:
        if owners is not None:
            owners.close()
        _JOBS.clear()


__all__ = ["find_thresholds_nrn"]
