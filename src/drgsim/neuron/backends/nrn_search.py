"""drgsim's threshold search with every candidate run by NEURON, on all cores.

:func:`find_thresholds_nrn` takes the arguments of :func:`drgsim.neuron.threshold.find_thresholds`
and runs the very same batched search (:func:`~drgsim.neuron.threshold.search_thresholds`: same
candidates, brackets, tolerance and block/anode-break flags), so thresholds from the two
simulators are directly comparable. Each round's candidate runs are spread over a pool of worker
processes, one NEURON model at a time per worker (a few built models are kept per worker).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from drgsim._typing import FloatArray, IntArray
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

_KEEP_BUILT = 4  #: NEURON models kept built per worker


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


_JOBS: list[_CellJob] = []  # set before the workers fork


def _runner(h: Any, cache: OrderedDict[int, nrn.NrnRunner], cell: int) -> nrn.NrnRunner:
    if cell in cache:
        cache.move_to_end(cell)
        return cache[cell]
    job = _JOBS[cell]
    runner = nrn.NrnRunner(
        h,
        job.model,
        dt=job.dt,
        waveform=job.waveform,
        phi=job.phi,
        injection=job.injection,
        detect_voltage=job.detect_voltage,
    )
    cache[cell] = runner
    while len(cache) > _KEEP_BUILT:
        cache.popitem(last=False)
    return runner


def _run_rows(
    h: Any, cache: OrderedDict[int, nrn.NrnRunner], rows: list[tuple[int, float]]
) -> list[tuple[bool, bool, int, float]]:
    out = []
    for cell, amplitude in rows:
        job = _JOBS[cell]
        crossing = _runner(h, cache, cell).run(amplitude).crossing_time
        reach_c = job.central >= 0 and bool(np.isfinite(crossing[job.central]))
        reach_p = job.peripheral >= 0 and bool(np.isfinite(crossing[job.peripheral]))
        times = np.where(job.candidate & np.isfinite(crossing), crossing, np.inf)
        first = int(np.argmin(times)) if np.isfinite(times.min()) else -1
        out.append((reach_c, reach_p, first, float(times.min()) if first >= 0 else float("nan")))
    return out


def _worker_rows(rows: list[tuple[int, float]]) -> list[tuple[bool, bool, int, float]]:
    cache = nrn._WORKER.setdefault("cells", OrderedDict())
    return _run_rows(nrn._WORKER["h"], cache, rows)


def find_thresholds_nrn(
    models: CableModel | Sequence[CableModel],
    stimulus: Stimulus,
    options: SolverOptions,
    search: ThresholdSearch | None = None,
    *,
    detection: Sequence[DetectionPoints] | None = None,
    build_dir: Path,
    processes: int | None = None,
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
    jobs = []
    for c, model in enumerate(model_list):
        part = slice(int(arrays.comp_start[c]), int(arrays.comp_start[c] + arrays.n_comp[c]))
        phi = drive.phi[part] if stimulus.extracellular is not None else None
        inj = drive.inj[part] if stimulus.intracellular is not None else None
        jobs.append(
            _CellJob(
                model=model,
                dt=options.dt,
                waveform=drive.waveform,
                phi=phi,
                injection=inj,
                central=int(detection[c].central),
                peripheral=int(detection[c].peripheral),
                candidate=np.asarray(arrays.is_candidate[part], dtype=bool),
                detect_voltage=options.spike_threshold,
            )
        )
    central = np.array([d.central for d in detection], dtype=np.int64)
    peripheral = np.array([d.peripheral for d in detection], dtype=np.int64)
    _JOBS[:] = jobs
    pool = None if processes == 1 else nrn._pool(build_dir, processes)
    h = nrn.load_mechanisms(build_dir) if pool is None else None
    local: OrderedDict[int, nrn.NrnRunner] = OrderedDict()

    def evaluate(row_cell: IntArray, row_mag: FloatArray) -> RowResponses:
        rows = [
            (int(c), search.polarity * float(m)) for c, m in zip(row_cell, row_mag, strict=True)
        ]
        if pool is None:
            flat = _run_rows(h, local, rows)
        else:  # one chunk per cell, so a worker reuses the model it built
            by_cell: dict[int, list[int]] = {}
            for r, (c, _) in enumerate(rows):
                by_cell.setdefault(c, []).append(r)
            chunks = list(by_cell.values())
            results = pool.map(_worker_rows, [[rows[r] for r in rs] for rs in chunks], chunksize=1)
            flat = [None] * len(rows)  # type: ignore[list-item]
            for rs, res in zip(chunks, results, strict=True):
                for r, value in zip(rs, res, strict=True):
                    flat[r] = value
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
        if pool is not None:
            pool.close()
            pool.join()
        _JOBS.clear()


__all__ = ["find_thresholds_nrn"]
