"""Check a DRG program against the generator and the charge limits, and estimate battery life.

Builds the catalog DRG lead at L5 (its dimensions are an [UNVERIFIED] assumption), a bipolar
program, runs the one program check and prints each active contact's charge per phase, charge
density and Shannon k; then finds the largest safe amplitude at 300 us and the battery life of
the typical DRG program. Golden number: the largest safe amplitude on the 1 mm x 1 mm contact
at 300 us is 4.95 mA (5.0 mA for k = 1.85 in reference/safety.md §6, floored to the 50 uA
grid).
"""

from __future__ import annotations

from drgsim import device
from drgsim import units as u


def main() -> float:
    """Run the example; return the largest safe amplitude [A]."""
    lead = device.Lead(
        geometry=device.lead_geometry(device.DEFAULT_LEAD),
        level="L5",
        side="left",
        tip=(0.0, 0.0, 0.0),
        direction=(0.0, 0.0, 1.0),
    )
    generator = device.pulse_generator("axium-investigational")
    limits = device.SafetyLimits()
    lead_program = device.LeadProgram(
        lead=0,
        polarities=("-", "+", "0", "0"),
        amplitude=generator.quantise_amplitude(0.81 * u.mA),  # floors to 0.8 mA
        pulse_width=300 * u.us,
        rate=20 * u.Hz,
        patient_max_amplitude=1.5 * u.mA,
    )
    program = device.Program(name="bipolar L5", leads=(lead_program,))
    report = device.check_program(program, generator, [lead], limits)
    print(program.describe())
    for dose in report.doses:
        print(
            f"  contact {dose.contact} at {dose.level.value}: "
            f"{dose.charge / u.uC:.3f} uC, {dose.density / u.uC_per_cm2:.2f} uC/cm2, "
            f"k = {dose.k:.2f}"
        )
    safe = device.max_safe_amplitude(lead_program, lead, limits, generator)
    print(f"largest safe amplitude at 300 us: {safe / u.mA:g} mA")
    life = device.BatteryModel().service_life(
        device.typical_drg_program(), device.TYPICAL_LEAD_IMPEDANCE
    )
    print(f"battery life of the typical DRG program (assumed battery): {life / u.year:.1f} years")
    return safe


if __name__ == "__main__":
    if abs(main() - 4.95 * u.mA) > 1e-9:
        raise SystemExit("golden number changed: expected 4.95 mA")
