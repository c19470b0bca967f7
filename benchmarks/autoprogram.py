"""Time of the automatic programmer for one lead, against one full threshold search.

Runs ``autoprogram`` on one lead of a scenario (default: lead 1, the L5 lead of the default
``crps-foot`` scenario) with the default search options, and, as the peer measured in the same
run, one full threshold search of the same DRG (one configuration, one pulse width). Prints the
wall time, the number of full searches and simulations, the ratio to the peer, the estimated
time of an exhaustive full-model search (every configuration at every pulse width = peer time x
count) and the machine; writes the numbers to JSON. Target (issue 6): one lead fully searched in
under 2 minutes on 2 cores.

Usage: PYTHONPATH=src python benchmarks/autoprogram.py [--scenario NAME] [--lead I] [--json F]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from drgsim import units as u
from drgsim.device import PULSE_GENERATORS
from drgsim.neuron.population import CellKind
from drgsim.therapy.autoprogram import AutoprogramOptions, autoprogram
from drgsim.therapy.autoprogram.configs import configuration_weights
from drgsim.therapy.engine import EngineOptions, build_drg_models, drg_thresholds
from drgsim.therapy.pipeline import sample_populations
from drgsim.therapy.scenario import build_ganglia, load_scenario, place_leads

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared _machine
from _machine import machine


def peer_search(scenario_name: str, lead: int, options: AutoprogramOptions) -> float:
    """Wall time [s] of one full threshold search at the lead's DRG (middle bipole, 300 us)."""
    s = load_scenario(scenario_name)
    ganglia = build_ganglia(s)
    leads = place_leads(s, ganglia)
    drgs = tuple(ganglia.values())
    models = build_drg_models(drgs, sample_populations(s, drgs), leads, s.seed, EngineOptions())
    model = next(m for m in models if lead in m.lead_indices)
    n = leads[lead].n_contacts
    w = np.zeros(model.transfer.shape[1])
    k = model.lead_indices.index(lead)
    lo = model.column_start[k]
    w[lo : lo + n] = configuration_weights(("0", "-", "+", "0")[:n])  # type: ignore[arg-type]
    mask = np.isin(model.cells.kind, [int(CellKind.A_BETA), int(CellKind.MOTOR),
                                      int(CellKind.PASSAGE)])  # fmt: skip
    t0 = time.perf_counter()
    drg_thresholds(
        model, w, 300 * u.us, options.waveform, dt=s.solver.dt,
        rel_tolerance=options.tolerance,
        max_amplitude=PULSE_GENERATORS[s.pulse_generator].amplitude_max, mask=mask,
    )  # fmt: skip
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="crps-foot")
    parser.add_argument("--lead", type=int, default=1)
    parser.add_argument("--json", type=Path, default=Path("autoprogram_benchmark.json"))
    args = parser.parse_args()
    options = AutoprogramOptions()
    scenario = load_scenario(args.scenario)
    peer_search(args.scenario, args.lead, options)  # warm the compiled kernels' cache
    peer = peer_search(args.scenario, args.lead, options)
    t0 = time.perf_counter()
    result = autoprogram(scenario, options, lead_indices=(args.lead,))
    elapsed = time.perf_counter() - t0
    search = result.searches[0]
    exhaustive = peer * search.n_configurations * len(options.pulse_widths)
    report = {
        "machine": machine(),
        "scenario": args.scenario,
        "lead": args.lead,
        "drg": search.drg,
        "n_cells_per_drg": scenario.n_cells_per_drg,
        "n_configurations": search.n_configurations,
        "n_pulse_widths": len(options.pulse_widths),
        "n_screened_settings": search.n_screened,
        "n_full_searches": search.n_full_searches,
        "n_simulations": search.n_simulations,
        "n_programs": len(result.ranked),
        "elapsed_s": elapsed,
        "peer_one_full_search_s": peer,
        "ratio_to_peer": elapsed / peer,
        "estimated_exhaustive_s": exhaustive,
        "speedup_vs_exhaustive": exhaustive / elapsed,
        "target_s": 120.0,
    }
    for key, value in report.items():
        print(f"{key}: {value}")
    args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
