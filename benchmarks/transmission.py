"""Cost of the pain-signal transmission outcome of ``drgsim run``, against the threshold outcome.

For a scenario (default: the embedded ``crps-foot``), builds the DRG models once, then times the
``outcomes`` section (threshold searches, recruitment, strength-duration: the peer, measured in
the same run) and the ``transmission`` section with the scenario's ``[transmission]`` settings.
Prints wall and process CPU time of each, their ratio and the machine (with its load average:
a shared machine inflates wall time, less so CPU time); writes the numbers to JSON. Budget
(issue 6): about 60 s of extra wall time on 2 cores with a warm numba cache.

Usage: PYTHONPATH=src python benchmarks/transmission.py [--scenario NAME] [--json F]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from drgsim.therapy.engine import EngineOptions, build_drg_models
from drgsim.therapy.outcome_section import evaluate_programs
from drgsim.therapy.pipeline import sample_populations
from drgsim.therapy.scenario import build_ganglia, load_scenario, place_leads
from drgsim.therapy.transmission_section import evaluate_transmission

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared _machine
from _machine import machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="crps-foot")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    s = load_scenario(args.scenario)
    ganglia = build_ganglia(s)
    leads = place_leads(s, ganglia)
    drgs = tuple(ganglia.values())
    engine = EngineOptions()
    models = build_drg_models(drgs, sample_populations(s, drgs), leads, s.seed, engine)
    # outcomes runs first, so the kernels are already loaded when transmission is timed
    times: dict[str, dict[str, float]] = {}
    for name, job in (
        ("outcomes", lambda: evaluate_programs(s, models, engine)),
        ("transmission", lambda: evaluate_transmission(s, models, s.transmission)),
    ):
        w0, c0 = time.perf_counter(), time.process_time()
        job()
        times[name] = {"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0}
    out = {
        "scenario": s.name,
        "transmission_settings": {
            "n_per_class": s.transmission.n_per_class,
            "duration_s": s.transmission.duration,
            "peripheral_rate_Hz": s.transmission.peripheral_rate,
        },
        "times": times,
        "ratio_wall_transmission_to_outcomes": times["transmission"]["wall_s"]
        / times["outcomes"]["wall_s"],
        "ratio_cpu_transmission_to_outcomes": times["transmission"]["cpu_s"]
        / times["outcomes"]["cpu_s"],
        "machine": machine(),
    }
    for name, t in times.items():
        print(f"{name:>12}: wall {t['wall_s']:7.1f} s   cpu {t['cpu_s']:7.1f} s")
    print(
        f"transmission / outcomes: wall x{out['ratio_wall_transmission_to_outcomes']:.2f}, "
        f"cpu x{out['ratio_cpu_transmission_to_outcomes']:.2f}"
    )
    print(json.dumps(out["machine"]))
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
