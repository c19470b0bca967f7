"""Threshold throughput: drgsim's batched solver against NEURON, same task, same machine.

Each cell gets a cathodic monophasic point-source threshold (isotropic 0.2 S/m, source over the
middle node or compartment, or facing the soma of a pseudounipolar neuron, detection at 90 % of
the (central) axon), found by the same batched search to the same tolerance in both simulators
(``drgsim.neuron.threshold.search_thresholds``):

- drgsim: ``find_thresholds``, all cells of a group through the search together, one kernel
  call per round (numba, parallel over the batch rows, all cores);
- NEURON: ``drgsim.neuron.backends.nrn.find_thresholds_nrn``, each round's candidate runs on a
  pool of worker processes (all cores), one NEURON model per worker at a time.

"ns per compartment per step" divides wall time x cores by nominal work (simulations x
compartments x steps of the full run); drgsim also stops a run early once the detection point
has fired, which the nominal count does not credit.

Prints thresholds per second for each, their ratio, the largest threshold difference (%),
nanoseconds per compartment per time step, drgsim's first-call compile time (cold numba cache, in
a subprocess) apart from its cached start, and the machine; writes the numbers to JSON.

Usage: ``PYTHONPATH=src python benchmarks/neuron_throughput.py [--quick] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim.neuron.backends import nrn
from drgsim.neuron.cable import CableModel, Kind, Region

DT = 5 * u.us
DELAY = 50 * u.us
SIGMA = 0.2  # [S/m]
TOLERANCE = 0.01
START = -0.05 * u.mA
MAX_AMPLITUDE = 20 * u.mA


@dataclass
class Case:
    """One cell's threshold task."""

    group: str
    model: CableModel
    phi: np.ndarray
    pulse_width: float
    detect: int


def _pulse(pulse_width: float, n_t: int) -> np.ndarray:
    mid = (np.arange(n_t) + 0.5) * DT
    return ((mid >= DELAY) & (mid < DELAY + pulse_width)).astype(np.float64)


def _phi(model: CableModel, target: np.ndarray, distance: float) -> np.ndarray:
    source = target + np.array([0.0, 0.0, distance])
    r = np.linalg.norm(model.position - source, axis=1)
    return np.asarray(1.0 / (4.0 * np.pi * SIGMA * r))


def _far_index(model: CableModel, region: Region | None) -> int:
    """Compartment at 90 % of the path from the first to the last compartment of a region."""
    idx = np.flatnonzero(model.region == region) if region is not None else np.arange(model.n_comp)
    idx = idx[model.length[idx] > 0]
    return int(idx[round(0.9 * (idx.size - 1))])


def _mrg_builders() -> tuple[Any, Any]:
    from drgsim.neuron import mrg

    return mrg.build_mrg_axon, mrg.node_indices


def build_cases(n_each: int, n_pseudo: int, rng: np.random.Generator) -> list[Case]:
    """MRG axons, C axons and pseudounipolar neurons with random diameters and distances."""
    from drgsim.neuron.c_fibers import c_axon
    from drgsim.neuron.pseudounipolar import abeta_neuron

    build_mrg_axon, node_indices = _mrg_builders()
    cases = []
    for _ in range(n_each):
        axon = build_mrg_axon(fiber_diameter=rng.uniform(6, 14) * u.um, n_nodes=21)
        nodes = node_indices(axon)
        phi = _phi(axon, axon.position[nodes[10]], rng.uniform(0.5, 2) * u.mm)
        cases.append(Case("mrg", axon, phi, 100 * u.us, int(nodes[18])))
    for _ in range(n_each):
        axon = c_axon(diameter=rng.uniform(0.6, 1.2) * u.um, length=3 * u.mm)
        phi = _phi(axon, axon.position[axon.n_comp // 2], rng.uniform(0.1, 0.5) * u.mm)
        cases.append(Case("c_axon", axon, phi, 500 * u.us, _far_index(axon, None)))
    for _ in range(n_pseudo):
        cell = abeta_neuron(peripheral_fiber_diameter=rng.uniform(8, 14) * u.um)
        soma = cell.position[np.flatnonzero(cell.kind == Kind.SOMA)[0]]
        phi = _phi(cell, soma, rng.uniform(0.3, 1.0) * u.mm)
        cases.append(
            Case("pseudounipolar", cell, phi, 100 * u.us, _far_index(cell, Region.CENTRAL_AXON))
        )
    return cases


def _n_t(case: Case) -> int:
    return round((DELAY + case.pulse_width + 1.5 * u.ms) / DT)


def _search() -> Any:
    from drgsim.neuron.threshold import ThresholdSearch

    return ThresholdSearch(
        rel_tolerance=TOLERANCE, polarity=-1.0, max_amplitude=MAX_AMPLITUDE, require="central"
    )


def _batch(cases: list[Case]) -> tuple[Any, Any, list[Any]]:
    from drgsim.neuron.simulate import SolverOptions
    from drgsim.neuron.stimulus import Stimulus
    from drgsim.neuron.threshold import DetectionPoints

    n_t = max(_n_t(c) for c in cases)
    stimulus = Stimulus(
        waveform=_pulse(cases[0].pulse_width, n_t),
        extracellular=np.concatenate([c.phi for c in cases]),
    )
    options = SolverOptions(dt=DT, t_stop=n_t * DT)
    detection = [DetectionPoints(central=c.detect, peripheral=-1) for c in cases]
    return stimulus, options, detection


def drgsim_thresholds(cases: list[Case]) -> tuple[np.ndarray, int, float]:
    """drgsim's batched search over every case at once (one pulse width per group).

    Returns thresholds [A], simulations and nominal compartment-steps (full runs)."""
    from drgsim.neuron.threshold import find_thresholds

    stimulus, options, detection = _batch(cases)
    res = find_thresholds(
        [c.model for c in cases], stimulus, options, _search(), detection=detection
    )
    n_sims = int(res.n_simulations.sum())
    work = float(
        sum(n * c.model.n_comp * options.n_t for n, c in zip(res.n_simulations, cases, strict=True))
    )
    return np.asarray(res.threshold), n_sims, work


def neuron_thresholds(
    cases: list[Case], build_dir: Path, processes: int
) -> tuple[np.ndarray, int, float]:
    """The same search with every candidate run by NEURON on a pool of workers."""
    stimulus, options, detection = _batch(cases)
    res = nrn.find_thresholds_nrn(
        [c.model for c in cases],
        stimulus,
        options,
        _search(),
        detection=detection,
        build_dir=build_dir,
        processes=processes,
    )
    n_sims = int(res.n_simulations.sum())
    work = float(
        sum(n * c.model.n_comp * options.n_t for n, c in zip(res.n_simulations, cases, strict=True))
    )
    return np.asarray(res.threshold), n_sims, work


_COLD = """
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
print(time.perf_counter() - t0)
"""


def first_call_times() -> tuple[float, float]:
    """drgsim's first call in a fresh process with a cold, then a warm numba cache [s]."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cache:
        env["NUMBA_CACHE_DIR"] = cache
        times = []
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-c", _COLD], env=env, capture_output=True, text=True, check=True
            )
            times.append(float(done.stdout.strip().splitlines()[-1]))
    return times[0], times[1]


def machine() -> dict[str, object]:
    import numba

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    neuron = nrn._neuron()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numba": numba.__version__,
        "neuron": neuron.__version__,
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small population (about a minute)")
    parser.add_argument("--json", type=Path, default=Path("neuron_throughput.json"))
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()

    n_each, n_pseudo = (4, 8) if args.quick else (20, 200)
    cache = Path.home() / ".cache" / "drgsim" / "nrn" / nrn.mechanisms_hash()
    t0 = time.perf_counter()
    build_dir = nrn.compile_mechanisms(cache)
    nrn_compile = time.perf_counter() - t0
    cold, warm = first_call_times()
    cases = build_cases(n_each, n_pseudo, np.random.default_rng(args.seed))
    report: dict[str, object] = {"machine": machine(), "quick": args.quick, "tolerance": TOLERANCE}
    report["drgsim_first_call_s"] = {"cold_cache": cold, "warm_cache": warm}
    report["neuron_mechanism_compile_s"] = nrn_compile
    print(f"machine: {report['machine']}")
    print(f"drgsim first call: {cold:.1f} s cold numba cache, {warm:.1f} s cached")
    groups: dict[str, object] = {}
    for group in ("mrg", "c_axon", "pseudounipolar"):
        sel = [c for c in cases if c.group == group]
        t0 = time.perf_counter()
        ours, ours_sims, ours_work = drgsim_thresholds(sel)
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs, their_sims, their_work = neuron_thresholds(sel, build_dir, args.processes)
        t_theirs = time.perf_counter() - t0
        diff = np.abs(ours - theirs) / np.abs(theirs) * 100
        row = {
            "n_cells": len(sel),
            "n_comp_mean": float(np.mean([c.model.n_comp for c in sel])),
            "drgsim_thresholds_per_s": len(sel) / t_ours,
            "neuron_thresholds_per_s": len(sel) / t_theirs,
            "speedup": t_theirs / t_ours,
            "max_threshold_difference_percent": float(np.nanmax(diff)),
            "n_unresolved": int(np.isnan(ours).sum() + np.isnan(theirs).sum()),
            "drgsim_ns_per_comp_step": t_ours / ours_work * 1e9 * args.processes,
            "neuron_ns_per_comp_step": t_theirs / their_work * 1e9 * args.processes,
            "drgsim_simulations": ours_sims,
            "neuron_simulations": their_sims,
        }
        groups[group] = row
        print(
            f"{group:>15}: {len(sel)} cells, drgsim {row['drgsim_thresholds_per_s']:.2f}/s, "
            f"NEURON {row['neuron_thresholds_per_s']:.2f}/s, ratio {row['speedup']:.1f}x, "
            f"max diff {row['max_threshold_difference_percent']:.3f} %, ns/comp/step "
            f"{row['drgsim_ns_per_comp_step']:.1f} vs {row['neuron_ns_per_comp_step']:.1f}"
        )
    report["groups"] = groups
    args.json.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
