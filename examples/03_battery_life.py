"""Battery service life of a primary-cell generator as amplitude and rate rise.

Uses the documented battery assumptions (docs/assumptions.md) and the typical DRG program.
"""

from __future__ import annotations

import dataclasses

from drgsim import units as u
from drgsim.device.battery import TYPICAL_LEAD_IMPEDANCE, BatteryModel, typical_drg_program

battery = BatteryModel()
program = typical_drg_program()
base = program.leads[0]
for amplitude_mA in (0.4, 0.8, 1.6):
    for rate_Hz in (20, 60):
        lead = dataclasses.replace(base, amplitude=amplitude_mA * u.mA, rate=rate_Hz * u.Hz)
        life = battery.service_life(
            dataclasses.replace(program, leads=(lead,)), TYPICAL_LEAD_IMPEDANCE
        )
        print(f"{amplitude_mA:.1f} mA, {rate_Hz:3d} Hz: {life / u.year:5.2f} years")
typical = battery.service_life(program, TYPICAL_LEAD_IMPEDANCE)
print(f"typical program: {typical / u.year:.2f} years")
