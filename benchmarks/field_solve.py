"""Time and peak memory of the field solve for one level.

Cases: one 4-contact lead and two leads, at the default and a fine mesh resolution. Each case runs
in its own process (so its peak resident memory is its own) and reports meshing, solving and
probing times, the mesh size, the time of a second, cached run with the same inputs, and the
time of the analytic field at the same points (the peer the ratios are given against).
Targets (field issue): default resolution under 60 s and 4 GiB on 2 cores; cached runs under 1 s.

Usage: PYTHONPATH=src python benchmarks/field_solve.py [--out results.json] [--quick]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from drgsim import units as u
from drgsim.app.cache import DiskCache
from drgsim.field import SolverOptions, solve_transfer
from drgsim.field import fem as fem_module
from drgsim.field import mesh as mesh_module
from drgsim.field.level import example_geometry

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared _machine
from _machine import machine

RESOLUTIONS = {"default": 1.0, "fine": 0.75}
N_POINTS = 2000


def _points(geometry: Any) -> np.ndarray:
    rng = np.random.default_rng(0)
    semi = geometry.drg_semi_axes
    pts = rng.uniform(-1, 1, size=(4 * N_POINTS, 3)) * semi
    inside = np.sum((pts / semi) ** 2, axis=1) < 1.0  # compartments inside the DRG
    return np.ascontiguousarray(pts[inside][:N_POINTS])


def run_case(n_leads: int, resolution: str) -> dict[str, Any]:
    """Mesh, solve and probe one case in this process; return its figures."""
    geometry = example_geometry(n_leads=n_leads)
    options = SolverOptions(resolution=mesh_module.MeshResolution().scaled(RESOLUTIONS[resolution]))
    timings: dict[str, float] = {}
    sizes: dict[str, int] = {}
    mesh_level, solve = mesh_module.mesh_level, fem_module.solve_unit_currents

    def timed_mesh(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        mesh = mesh_level(*args, **kwargs)
        timings["mesh_s"] = time.perf_counter() - start
        sizes.update(n_nodes=mesh.n_nodes, n_tets=mesh.n_tets)
        return mesh

    def timed_solve(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = solve(*args, **kwargs)
        timings["solve_s"] = time.perf_counter() - start
        sizes["n_dofs"] = int(result.dofs.shape[0])
        return result

    mesh_module.mesh_level = timed_mesh  # type: ignore[assignment]
    fem_module.solve_unit_currents = timed_solve  # type: ignore[assignment]
    pts = _points(geometry)
    with tempfile.TemporaryDirectory() as tmp:
        cache = DiskCache(tmp)
        start = time.perf_counter()
        first = solve_transfer(geometry, pts, options=options, cache=cache)
        timings["first_run_s"] = time.perf_counter() - start
        start = time.perf_counter()
        again = solve_transfer(geometry, pts, options=options, cache=cache)
        timings["cached_run_s"] = time.perf_counter() - start
    assert np.array_equal(first.values, again.values)
    start = time.perf_counter()
    solve_transfer(geometry, pts, options=SolverOptions(method="analytic"))
    timings["analytic_peer_s"] = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss * 1024  # KiB on Linux
    timings["process_cpu_s"] = usage.ru_utime + usage.ru_stime  # all threads, whole case
    return {
        "n_leads": n_leads,
        "n_contacts": len(geometry.contact_ids),
        "resolution": resolution,
        "contact_size_mm": options.resolution.contact_size / u.mm,
        "n_points": int(pts.shape[0]),
        **sizes,
        **{k: round(v, 3) for k, v in timings.items()},
        "fem_over_analytic": round(timings["first_run_s"] / timings["analytic_peer_s"], 1),
        "peak_rss_GiB": round(peak / 2**30, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="", help="write the JSON here as well")
    parser.add_argument("--quick", action="store_true", help="default resolution only")
    parser.add_argument(
        "--case", nargs=2, metavar=("N_LEADS", "RESOLUTION"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.case:  # child process
        print(json.dumps(run_case(int(args.case[0]), args.case[1])))
        return
    cases = []
    for resolution in ["default"] if args.quick else list(RESOLUTIONS):
        for n_leads in (1, 2):
            child = subprocess.run(
                [sys.executable, __file__, "--case", str(n_leads), resolution],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:  # report the failure (e.g. a MeshError) and go on
                reason = (child.stderr.strip().splitlines() or ["unknown error"])[-1]
                cases.append({"n_leads": n_leads, "resolution": resolution, "error": reason})
                print(f"{n_leads} lead(s), {resolution:7s}: FAILED: {reason}", flush=True)
                continue
            case = json.loads(child.stdout.strip().splitlines()[-1])
            cases.append(case)
            print(
                f"{n_leads} lead(s), {resolution:7s}: {case['n_nodes']} nodes, "
                f"{case['n_tets']} tets, mesh {case['mesh_s']:.1f} s, "
                f"solve {case['solve_s']:.1f} s, "
                f"first run {case['first_run_s']:.1f} s, cached {case['cached_run_s']:.3f} s, "
                f"peak {case['peak_rss_GiB']:.2f} GiB, FEM/analytic x{case['fem_over_analytic']}",
                flush=True,
            )
    report = {"benchmark": "field_solve", "machine": machine(), "cases": cases}
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
