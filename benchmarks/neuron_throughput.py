"""Threshold throughput: drgsim's batched solver against NEURON, same task, same machine.

Each cell gets a cathodic monophasic point-source threshold (isotropic 0.2 S/m; the source over
the middle node or compartment of a straight axon, or facing the soma of a pseudounipolar
neuron), an action potential counting when it reaches 90 % of the (central) axon. Both
simulators run the very same search (``drgsim.neuron.threshold.search_thresholds``: the same
per-cell start, scan, bracket refinement, 1 % tolerance and amplitude cap), on the same models
(``CableModel``: segmentation, temperature), with the same dt, t_stop and waveform.

The search: a 2-point scan over ``estimate / 1.5`` to ``estimate * 1.5``, stepping up (x2.25)
while nothing fired and halving while everything fired, then geometric bisection to 1 %. The
estimates are the same for both simulators and computed before either is timed: within a kind
of cell the threshold is taken inversely proportional to the source's largest potential on the
cell, with the constant from the kind's first cell with a threshold (a full-range drgsim search;
its time and the constants are reported). NEURON runs each cell's search sequentially, so runs
per threshold are its cost (about 9, against 20 for an 8-point full-range scan with 4 candidates
per round); drgsim runs all cells of a round in one batch either way.

- drgsim: ``find_thresholds``, all cells of a group through the search together, one kernel
  call per round (numba, parallel over the batch rows, all cores). A row stops once its
  detection points fired, or once the stimulus is over and the cell is back at rest;
- NEURON: ``find_thresholds_nrn`` on one worker process per core; a worker takes one cell at
  a time (NEURON integrates every section in its process), builds it once and runs that cell's
  whole search on it; fixed step (cvode off), crossings watched only at the detection points,
  and the same two early stops, tested every 10 steps (``RunStop``).

Groups: straight MRG axons, straight C axons (Rattay & Aberham kinetics, the
``c_axon`` default), and pseudounipolar neurons whose
classes (Aβ/Aδ/C) and diameters are sampled by ``anatomy.sample_population`` for the L5 DRG
(the Lempka-lab Aβ and Aδ models; the Sundt C neuron with 1 mm axons in 100 um compartments to
keep the run short). A neurons and C neurons run as two batches (the C ones need a longer run).

Per group it prints thresholds per second of each simulator, their ratio, the largest relative
threshold difference, nanoseconds per compartment per time step (wall time x cores over the
compartment-steps actually simulated by drgsim, and over the nominal full-length runs), and the
status flags of each side (NEURON, watching only the detection points, reports no
initiation-based flags). Also
drgsim's first-call time with a cold numba cache (fresh process, empty ``NUMBA_CACHE_DIR``) and
with the cache filled, and the machine. Writes everything as JSON.

Usage: ``PYTHONPATH=src python benchmarks/neuron_throughput.py [--quick] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim.errors import NonMonotonicResponseWarning
from drgsim.neuron.cable import CableModel, Kind

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared _machine
from _machine import machine

DT = 5 * u.us
DELAY = 50 * u.us
SIGMA = 0.2  # [S/m]
TOLERANCE = 0.01
#: The search both simulators run: a 2-point scan over estimate / 1.5 to estimate * 1.5, then
#: geometric bisection (one candidate per round: NEURON runs each cell's search sequentially,
#: so simulations per threshold are its cost; drgsim batches the cells of a round either way).
N_SCAN, N_REFINE, ESTIMATE_SPAN = 2, 1, 1.5
#: Cells per kind tried for the calibration of the estimates (the first with a threshold).
CALIBRATION_TRIES = 5
#: C neurons' axons beyond the T-junction segment [m] (Sundt: 5 mm; shortened for run time).
C_NEURON_AXON = 1 * u.mm
#: C neurons' compartments per section: 100 um axon compartments, population.py's coarse C
#: segmentation (docs/assumptions.md P6), instead of Sundt's 100 per section, for run time.
C_NEURON_NSEG = 10


@dataclass(frozen=True)
class Group:
    """One model group: its pulse, run length and amplitude range."""

    name: str
    pulse_width: float  #: [s]
    t_after: float  #: simulated time after the pulse [s]
    min_amplitude: float  #: [A], bottom of the first scan
    max_amplitude: float  #: [A], highest amplitude tested (identical for both)
    c_t_after: float = 0.0  #: if > 0, C neurons run as a batch of their own this long [s]


GROUPS = (
    Group("mrg", 100 * u.us, 1.0 * u.ms, 10 * u.uA, 5 * u.mA),
    Group("c_axon", 500 * u.us, 3.0 * u.ms, 10 * u.uA, 2 * u.mA),
    Group("pseudounipolar", 200 * u.us, 1.5 * u.ms, 10 * u.uA, 10 * u.mA, 6.0 * u.ms),
)


@dataclass
class Case:
    """One cell's threshold task."""

    group: str
    kind: str
    model: CableModel
    phi: np.ndarray


def _phi(model: CableModel, target: np.ndarray, distance: float) -> np.ndarray:
    source = target + np.array([0.0, 0.0, distance])
    r = np.linalg.norm(model.position - source, axis=1)
    return np.asarray(1.0 / (4.0 * np.pi * SIGMA * r))


def straight_axons(n: int, rng: np.random.Generator) -> list[Case]:
    """MRG axons (6-14 um, 21 nodes) and Rattay-Aberham C axons (0.6-1.2 um, 3 mm)."""
    from drgsim.neuron.c_fibers import c_axon
    from drgsim.neuron.mrg import build_mrg_axon, node_indices

    cases = []
    for _ in range(n):
        axon = build_mrg_axon(fiber_diameter=rng.uniform(6, 14) * u.um, n_nodes=21)
        middle = axon.position[node_indices(axon)[10]]
        cases.append(Case("mrg", "mrg", axon, _phi(axon, middle, rng.uniform(0.5, 2) * u.mm)))
    for _ in range(n):
        axon = c_axon(diameter=rng.uniform(0.6, 1.2) * u.um, length=3 * u.mm)
        middle = axon.position[axon.n_comp // 2]
        phi = _phi(axon, middle, rng.uniform(0.1, 0.5) * u.mm)
        cases.append(Case("c_axon", "c", axon, phi))
    return cases


def pseudounipolar(n: int, rng: np.random.Generator) -> list[Case]:
    """Neurons of a sampled L5 population; the source faces the soma at 0.2-1 mm."""
    from drgsim.anatomy.ganglion import build_ganglion
    from drgsim.anatomy.populations import FiberClass, sample_population
    from drgsim.neuron.c_fibers import sundt_c_neuron
    from drgsim.neuron.pseudounipolar import abeta_neuron, adelta_neuron

    pop = sample_population(build_ganglion("L5", "left"), n, rng)
    cases = []
    for i in range(n):
        cls = FiberClass(int(pop.fiber_class[i]))
        if cls is FiberClass.A_BETA:
            cell = abeta_neuron(
                peripheral_fiber_diameter=float(pop.peripheral_diameter[i]),
                central_fiber_diameter=float(pop.central_diameter[i]),
                stem_fiber_diameter=float(pop.stem_diameter[i]),
            )
        elif cls is FiberClass.A_DELTA:
            cell = adelta_neuron(fiber_diameter=float(pop.peripheral_diameter[i]))
        else:
            cell = sundt_c_neuron(
                peripheral_diameter=float(pop.peripheral_diameter[i]),
                central_diameter=float(pop.central_diameter[i]),
                stem_diameter=float(pop.stem_diameter[i]),
                stem_length=max(float(pop.stem_length[i]), 1 * u.um),
                soma_diameter=float(pop.soma_diameter[i]),
                axon_length=C_NEURON_AXON,
                n_seg=C_NEURON_NSEG,
            )
        soma = cell.position[np.flatnonzero(cell.kind == Kind.SOMA)[0]]
        phi = _phi(cell, soma, rng.uniform(0.2, 1.0) * u.mm)
        cases.append(Case("pseudounipolar", cls.name.lower(), cell, phi))
    return cases


def _task(group: Group, cases: list[Case], t_after: float) -> tuple[Any, Any, Any, Any]:
    from drgsim.neuron.simulate import SolverOptions
    from drgsim.neuron.stimulus import Stimulus
    from drgsim.neuron.threshold import ThresholdSearch, detection_points

    n_t = round((DELAY + group.pulse_width + t_after) / DT)
    mid = (np.arange(n_t) + 0.5) * DT
    wave = ((mid >= DELAY) & (mid < DELAY + group.pulse_width)).astype(np.float64)
    stimulus = Stimulus(waveform=wave, extracellular=np.concatenate([c.phi for c in cases]))
    options = SolverOptions(dt=DT, t_stop=n_t * DT)
    search = ThresholdSearch(
        rel_tolerance=TOLERANCE,
        polarity=-1.0,
        min_amplitude=group.min_amplitude,
        max_amplitude=group.max_amplitude,
        n_scan=N_SCAN,
        n_refine=N_REFINE,
        estimate_span=ESTIMATE_SPAN,
        require="central",
    )
    detection = [detection_points(c.model, search.detection_fraction) for c in cases]
    return stimulus, options, search, detection


def estimates(
    group: Group, cases: list[Case], t_after: float
) -> tuple[np.ndarray, dict[str, float | None]]:
    """Per-cell threshold estimates [A], the same for both simulators, and per kind the
    calibration: the source's potential at the nearest compartment at threshold [V].

    Within a kind, the threshold is taken as inversely proportional to that potential (the
    largest of ``phi``); the constant comes from the kind's first cell with a threshold, found
    by drgsim with a full-range scan (8 points, 4 per refinement round). An estimate
    only moves where the search starts; a kind without a calibration starts at the geometric
    middle of the range."""
    from drgsim.neuron.threshold import find_thresholds

    stimulus, options, search, detection = _task(group, cases, t_after)
    full = replace(search, n_scan=8, n_refine=4)
    peak = np.array([float(c.phi.max()) for c in cases])
    guess = np.full(len(cases), np.sqrt(group.min_amplitude * group.max_amplitude))
    calibration: dict[str, float | None] = {}
    for kind in sorted({c.kind for c in cases}):
        members = [i for i, c in enumerate(cases) if c.kind == kind]
        calibration[kind] = None
        for i in members[:CALIBRATION_TRIES]:
            one = replace(stimulus, extracellular=cases[i].phi)
            with warnings.catch_warnings():  # only its threshold is used
                warnings.simplefilter("ignore", NonMonotonicResponseWarning)
                res = find_thresholds(cases[i].model, one, options, full, detection=[detection[i]])
            if np.isfinite(res.threshold[0]):
                calibration[kind] = abs(float(res.threshold[0])) * peak[i]
                break
        if calibration[kind] is not None:
            guess[members] = calibration[kind] / peak[members]
    return guess, calibration


def run_drgsim(
    group: Group, cases: list[Case], t_after: float, estimate: np.ndarray | None = None
) -> tuple[Any, float, float]:
    """drgsim's search; returns the result, wall time [s] and compartment-steps run."""
    from drgsim.neuron import simulate, threshold

    stimulus, options, search, detection = _task(group, cases, t_after)
    steps = [0.0]
    n_comp = np.array([c.model.n_comp for c in cases], dtype=np.float64)
    run_rows = simulate.run_rows

    def counting(drive: Any, row_cell: Any, *args: Any, **kwargs: Any) -> Any:
        out = run_rows(drive, row_cell, *args, **kwargs)
        steps[0] += float(np.sum(out.steps * n_comp[row_cell]))
        return out

    threshold.run_rows = counting  # count the compartment-steps actually simulated
    try:
        t0 = time.perf_counter()
        res = threshold.find_thresholds(
            [c.model for c in cases], stimulus, options, search, detection=detection,
            estimate=estimate,
        )  # fmt: skip
        wall = time.perf_counter() - t0
    finally:
        threshold.run_rows = run_rows
    return res, wall, steps[0]


def run_neuron(
    group: Group,
    cases: list[Case],
    t_after: float,
    build_dir: Path,
    processes: int,
    estimate: np.ndarray | None = None,
) -> Any:
    from drgsim.neuron.backends.nrn_search import find_thresholds_nrn

    stimulus, options, search, detection = _task(group, cases, t_after)
    t0 = time.perf_counter()
    res = find_thresholds_nrn(
        [c.model for c in cases], stimulus, options, search, detection=detection,
        estimate=estimate, build_dir=build_dir, processes=processes, watch_all=False,
        stop_early=True,
    )  # fmt: skip
    return res, time.perf_counter() - t0


_FIRST_CALL = """
import time, numpy as np
t0 = time.perf_counter()
from drgsim import units as u
from drgsim.neuron.mrg import build_mrg_axon
from drgsim.neuron.simulate import SolverOptions, simulate
from drgsim.neuron.stimulus import Stimulus
axon = build_mrg_axon(fiber_diameter=10 * u.um, n_nodes=3)
inj = np.zeros(axon.n_comp); inj[0] = 1.0
opts = SolverOptions(dt=5 * u.us, t_stop=0.1 * u.ms)
simulate(axon, Stimulus(waveform=np.ones(opts.n_t), intracellular=inj), [1 * u.nA], opts)
print(time.perf_counter() - t0, time.process_time())
"""


def first_call_times() -> dict[str, float]:
    """drgsim's first simulation in a fresh process, cold then warm numba cache [s]."""
    env = dict(os.environ)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as cache:
        env["NUMBA_CACHE_DIR"] = cache
        for label in ("cold", "cached"):
            done = subprocess.run(
                [sys.executable, "-c", _FIRST_CALL], env=env, capture_output=True, text=True,
                check=True,
            )  # fmt: skip
            wall, cpu = (float(x) for x in done.stdout.split()[-2:])
            out[f"{label}_wall_s"], out[f"{label}_cpu_s"] = wall, cpu
    return out


def compare(group: Group, cases: list[Case], build_dir: Path, processes: int) -> dict[str, Any]:
    batches = [(cases, group.t_after)]
    if group.c_t_after > 0:
        batches = [
            ([c for c in cases if c.kind != "c"], group.t_after),
            ([c for c in cases if c.kind == "c"], group.c_t_after),
        ]
    ordered: list[Case] = []
    a_parts, b_parts, sims_a, sims_b, flags_a, flags_b = [], [], [], [], [], []
    calibration: dict[str, float | None] = {}
    t_ours = t_theirs = steps = nominal = t_calibration = 0.0
    for batch, t_after in batches:
        if not batch:
            continue
        t0 = time.perf_counter()
        guess, calibrated = estimates(group, batch, t_after)
        t_calibration += time.perf_counter() - t0
        calibration |= calibrated
        ours, wall, run = run_drgsim(group, batch, t_after, guess)
        theirs, wall_nrn = run_neuron(group, batch, t_after, build_dir, processes, guess)
        n_t = round((DELAY + group.pulse_width + t_after) / DT)
        n_comp = np.array([c.model.n_comp for c in batch], dtype=np.float64)
        nominal += float(np.sum(np.asarray(ours.n_simulations) * n_comp)) * n_t
        t_ours, t_theirs, steps = t_ours + wall, t_theirs + wall_nrn, steps + run
        ordered += batch
        a_parts.append(np.asarray(ours.threshold))
        b_parts.append(np.asarray(theirs.threshold))
        sims_a.append(np.asarray(ours.n_simulations))
        sims_b.append(np.asarray(theirs.n_simulations))
        flags_a.append(np.asarray(ours.status))
        flags_b.append(np.asarray(theirs.status))
    a, b = np.concatenate(a_parts), np.concatenate(b_parts)
    both = np.isfinite(a) & np.isfinite(b)
    diff = np.abs(a - b) / np.abs(b) * 100
    worst = int(np.argmax(np.where(both, diff, -1))) if both.any() else -1
    kinds = sorted({c.kind for c in ordered})
    status_a, status_b = np.concatenate(flags_a), np.concatenate(flags_b)
    return {
        "n_cells": len(ordered),
        "kinds": {k: sum(c.kind == k for c in ordered) for k in kinds},
        "n_comp_mean": float(np.mean([c.model.n_comp for c in ordered])),
        "n_t": [round((DELAY + group.pulse_width + t) / DT) for _, t in batches],
        "drgsim_s": t_ours,
        "neuron_s": t_theirs,
        "drgsim_thresholds_per_s": len(ordered) / t_ours,
        "neuron_thresholds_per_s": len(ordered) / t_theirs,
        "ratio": t_theirs / t_ours,
        "max_threshold_difference_percent": float(diff[both].max()) if both.any() else None,
        "worst_cell": None if worst < 0 else {
            "kind": ordered[worst].kind,
            "drgsim_mA": float(a[worst] / u.mA),
            "neuron_mA": float(b[worst] / u.mA),
        },
        "n_threshold_both": int(both.sum()),
        "n_threshold_only_one": int((np.isfinite(a) ^ np.isfinite(b)).sum()),
        "simulations": int(np.concatenate(sims_a).sum()),
        "calibration_s": t_calibration,
        "calibration_V": calibration,
        "status_counts_drgsim": _status_counts(status_a),
        "status_counts_neuron": _status_counts(status_b),
        "same_candidates": bool(np.array_equal(np.concatenate(sims_a), np.concatenate(sims_b))),
        "drgsim_ns_per_comp_step_run": t_ours * processes / steps * 1e9,
        "drgsim_ns_per_comp_step_nominal": t_ours * processes / nominal * 1e9,
        "neuron_ns_per_comp_step_nominal": t_theirs * processes / nominal * 1e9,
    }  # fmt: skip


def _millivolts(calibration: dict[str, float | None]) -> dict[str, str]:
    return {k: "none" if v is None else f"{v / u.mV:.0f} mV" for k, v in calibration.items()}


def _status_counts(status: np.ndarray) -> dict[str, int]:
    """Cells per ThresholdStatus flag (a cell may carry several)."""
    from drgsim.neuron.threshold import ThresholdStatus

    return {
        str(flag.name).lower(): int(np.sum((status & flag) != 0))
        for flag in ThresholdStatus
        if flag and np.any((status & flag) != 0)
    }


def main() -> None:
    from drgsim.neuron.backends import nrn

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (a minute)")
    parser.add_argument("--json", type=Path, default=Path("neuron_throughput.json"))
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-first-call", action="store_true", help="skip the compile timing")
    parser.add_argument("--axons", type=int, help="straight axons per kind (default 24)")
    parser.add_argument("--cells", type=int, help="pseudounipolar neurons (default 200)")
    args = parser.parse_args()

    n_axons, n_pseudo = (2, 4) if args.quick else (24, 200)
    n_axons = args.axons or n_axons
    n_pseudo = args.cells or n_pseudo
    report: dict[str, Any] = {
        "machine": machine(neuron=True),
        "quick": args.quick,
        "tolerance": TOLERANCE,
    }
    print(f"machine: {report['machine']}", flush=True)
    t0 = time.perf_counter()
    build_dir = nrn.compile_mechanisms(
        Path.home() / ".cache" / "drgsim" / "nrn" / nrn.mechanisms_hash()
    )
    report["neuron_mechanisms_s"] = time.perf_counter() - t0
    if not args.no_first_call:
        first = first_call_times()
        report["drgsim_first_call"] = first
        print(
            f"drgsim first call: cold numba cache {first['cold_wall_s']:.1f} s wall "
            f"({first['cold_cpu_s']:.1f} s CPU), cached {first['cached_wall_s']:.1f} s wall",
            flush=True,
        )
    rng = np.random.default_rng(args.seed)
    cases = straight_axons(n_axons, rng) + pseudounipolar(n_pseudo, rng)
    # warm drgsim's kernels (loaded from the numba cache) outside the timings
    run_drgsim(GROUPS[0], [c for c in cases if c.group == "mrg"][:1], GROUPS[0].t_after)
    report["groups"] = {}
    for group in GROUPS:
        row = compare(group, [c for c in cases if c.group == group.name], build_dir, args.processes)
        report["groups"][group.name] = row
        print(
            f"{group.name:>15} {row['n_cells']:4d} cells {row['kinds']}, "
            f"{row['n_comp_mean']:.0f} comp, {row['n_t']} steps, {row['simulations']} sims: "
            f"drgsim {row['drgsim_thresholds_per_s']:.2f}/s ({row['drgsim_s']:.1f} s), "
            f"NEURON {row['neuron_thresholds_per_s']:.3f}/s ({row['neuron_s']:.1f} s), "
            f"ratio {row['ratio']:.1f}x; max diff {row['max_threshold_difference_percent']:.3f} % "
            f"(worst {row['worst_cell']}), only one {row['n_threshold_only_one']}, "
            f"same candidates {row['same_candidates']}; ns/comp/step drgsim "
            f"{row['drgsim_ns_per_comp_step_run']:.0f} run / "
            f"{row['drgsim_ns_per_comp_step_nominal']:.0f} nominal, NEURON "
            f"{row['neuron_ns_per_comp_step_nominal']:.0f} nominal; calibration "
            f"{row['calibration_s']:.1f} s {_millivolts(row['calibration_V'])}; flags drgsim "
            f"{row['status_counts_drgsim']}, NEURON {row['status_counts_neuron']}",
            flush=True,
        )
    report["load_1min_end"] = os.getloadavg()[0]
    args.json.write_text(json.dumps(report, indent=2))
    print(f"load {report['machine'].get('load_1min')} -> {report['load_1min_end']:.2f}")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
