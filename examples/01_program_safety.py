"""Check a bipolar DRG program against the generator's limits and charge-density safety.

Builds the catalogue DRG lead at left L5, programs contact 0 as cathode and contact 1 as anode at
0.8 mA, 300 us, 20 Hz, and prints the charge per phase, charge density and Shannon k of the
busiest contact, then the largest amplitude the charge-density limits allow at that pulse width.
"""

from __future__ import annotations

from drgsim import device
from drgsim import units as u

lead = device.Lead(
    geometry=device.lead_geometry(device.DEFAULT_LEAD),
    level="L5",
    side="left",
    tip=(0.0, 0.0, 0.0),
    direction=(0.0, 0.0, 1.0),
)
lead_program = device.LeadProgram(
    lead=0,
    polarities=("-", "+", "0", "0"),
    amplitude=0.8 * u.mA,
    pulse_width=300 * u.us,
    rate=20 * u.Hz,
)
program = device.Program(name="bipolar 0-/1+", leads=(lead_program,))
report = device.check_program(program, device.pulse_generator(), [lead], device.SafetyLimits())

print(f"max charge density: {report.max_density / u.uC_per_cm2:.2f} uC/cm2 per phase")
print(f"findings: {len(report.findings)}")
