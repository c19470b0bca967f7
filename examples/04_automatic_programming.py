"""Automatic programming of one lead at the left L5 DRG for foot pain, on a small population.

Searches every contact configuration the generator allows (each of the four contacts anode,
cathode or off, at least one of each: reference/device.md §2), at 300 us and 20 Hz, and prints
the three best programs with their evidence. Small sizes keep it to seconds; `drgsim program`
runs the full search.
"""

from __future__ import annotations

from drgsim import units as u
from drgsim.neuron.population import CellOptions
from drgsim.therapy.autoprogram import AutoprogramOptions, autoprogram
from drgsim.therapy.engine import EngineOptions
from drgsim.therapy.scenario import load_scenario_text

SCENARIO = """
[scenario]
name = "example-foot"
title = "left foot pain, one lead at left L5"
indication = "crps"
seed = 11
[[pain]]
region = "foot"
side = "left"
[device]
pulse_generator = "axium-investigational"
[[leads]]
level = "L5"
side = "left"
model = "drg-quadripolar"
[[programs]]
name = "start"
[[programs.leads]]
lead = 0
polarities = "0-+0"
amplitude_mA = 0.8
pulse_width_us = 300
rate_Hz = 20
[population]
n_cells_per_drg = 4
"""

options = AutoprogramOptions(pulse_widths=(300 * u.us,), n_reference=1, n_verify=1)
engine = EngineOptions(cells=CellOptions(n_motor=1, n_passage=1))
result = autoprogram(load_scenario_text(SCENARIO), options, engine=engine)
print(f"configurations per lead: {result.searches[0].n_configurations}")
for e in result.ranked[:3]:
    lp = e.program.leads[0]
    print(
        f"{e.program.name}: {''.join(lp.polarities)} {lp.amplitude / u.mA:g} mA "
        f"{lp.pulse_width / u.us:g} us {lp.rate / u.Hz:g} Hz | coverage {100 * e.coverage:.0f} %, "
        f"motor {e.n_motor_recruited}/{e.n_motor}, battery {e.battery_life / u.year:.2f} years"
    )
print(f"Pareto front: {len(result.pareto)} of {len(result.ranked)} programs")
