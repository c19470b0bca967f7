"""Charge, charge density, Shannon k and the program check (reference/safety.md)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from drgsim import device
from drgsim import units as u
from drgsim.errors import ConfigurationError, SafetyLimitError

# reference/safety.md §6, worked example (derived; illustrative geometry):
# (d, L) [mm], A [cm2], D at 1 mA x 300 us, k there, I for 30 uC/cm2, I for k=1.85,
# D and k at 6 mA x 720 us.
WORKED_EXAMPLE = [
    (1.0, 1.0, 0.0314, 9.5, 0.46, 3.1, 5.0, 137.0, 2.77),
    (1.0, 1.25, 0.0393, 7.6, 0.36, 3.9, 5.6, 110.0, 2.68),
]


@pytest.mark.parametrize("row", WORKED_EXAMPLE)
def test_worked_example_of_safety_reference(row: tuple[float, ...]) -> None:
    d_mm, l_mm, area_cm2, dens, k, i30_mA, ik_mA, dens_max, k_max = row
    contact = device.Contact(index=0, centre=(0, 0, 0), length=l_mm * u.mm, diameter=d_mm * u.mm)
    assert contact.area / u.cm2 == pytest.approx(area_cm2, abs=5e-5)
    q = device.charge_per_phase(1 * u.mA, 300 * u.us)
    assert q / u.uC == pytest.approx(0.30)
    d = device.charge_density(q, contact.area)
    assert d / u.uC_per_cm2 == pytest.approx(dens, abs=0.05)
    assert device.shannon_k(q, d) == pytest.approx(k, abs=0.005)
    # current reaching 30 uC/cm2 at 300 us
    assert 30 * u.uC_per_cm2 * contact.area / (300 * u.us) / u.mA == pytest.approx(i30_mA, abs=0.05)
    # current reaching k = 1.85 at 300 us: the hard charge bound of the default limits
    q_max = device.max_charge_per_phase(contact.area, device.SafetyLimits())
    assert q_max / (300 * u.us) / u.mA == pytest.approx(ik_mA, abs=0.05)
    q6 = device.charge_per_phase(6 * u.mA, 720 * u.us)
    assert q6 / u.uC == pytest.approx(4.32)
    d6 = device.charge_density(q6, contact.area)
    assert d6 / u.uC_per_cm2 == pytest.approx(dens_max, rel=5e-3)  # 3 significant digits
    assert device.shannon_k(q6, d6) == pytest.approx(k_max, abs=0.005)


def test_shannon_k_of_zero_charge_is_minus_infinity() -> None:
    assert device.shannon_k(0.0, 0.0) == -math.inf


def test_limits_carry_sources() -> None:
    limits = device.SafetyLimits()
    assert limits.max_shannon_k == 1.85
    assert "[READ]" in limits.max_shannon_k_source and "Shannon" in limits.max_shannon_k_source
    assert limits.soft_charge_density / u.uC_per_cm2 == pytest.approx(30.0)
    assert "[READ]" in limits.soft_charge_density_source
    assert "[UNVERIFIED]" in limits.max_charge_density_source
    conservative = device.SafetyLimits.conservative()
    assert conservative.max_shannon_k == 1.5
    assert "[UNVERIFIED]" in conservative.max_shannon_k_source
    with pytest.raises(ConfigurationError) as info:
        device.SafetyLimits(soft_charge_density=60 * u.uC_per_cm2)
    assert info.value.field == "soft_charge_density"


def _program(*lps: device.LeadProgram) -> device.Program:
    return device.Program(name="test", leads=lps)


def test_typical_program_passes_with_per_contact_doses(
    lead: device.Lead, generator: device.PulseGenerator, bipolar: device.LeadProgram
) -> None:
    report = device.check_program(_program(bipolar), generator, [lead], device.SafetyLimits())
    assert report.is_safe and not report.findings
    assert len(report.doses) == 2  # the two active contacts, at the programmed amplitude
    dose = report.doses[0]
    assert dose.contact == 0 and dose.level is device.DoseLevel.PROGRAMMED
    assert dose.charge / u.uC == pytest.approx(0.24)
    assert dose.density / u.uC_per_cm2 == pytest.approx(0.24 / (math.pi * 0.01), rel=1e-9)


def test_patient_maximum_is_checked_too(
    lead: device.Lead, generator: device.PulseGenerator, bipolar: device.LeadProgram
) -> None:
    risky = dataclasses.replace(bipolar, patient_max_amplitude=5.5 * u.mA)
    with pytest.raises(SafetyLimitError) as info:
        device.check_program(_program(risky), generator, [lead], device.SafetyLimits())
    err = info.value
    assert err.field == "leads[0].patient_max_amplitude"
    assert err.value == pytest.approx(5.5)
    assert err.allowed == "0-4.95 mA"  # k = 1.85 bound at 300 us, floored to the 50 uA grid
    report = device.evaluate_program(_program(risky), generator, [lead], device.SafetyLimits())
    levels = {f.level for f in report.hard_findings}
    assert levels == {device.DoseLevel.PATIENT_MAX}
    assert report.max_k > 1.85


def test_soft_band_is_reported_not_raised(
    lead: device.Lead, generator: device.PulseGenerator, bipolar: device.LeadProgram
) -> None:
    lp = dataclasses.replace(bipolar, amplitude=3.5 * u.mA)
    report = device.check_program(_program(lp), generator, [lead], device.SafetyLimits())
    assert report.is_safe
    assert {f.severity for f in report.findings} == {device.Severity.SOFT}
    assert report.soft_findings[0].field == "leads[0].amplitude"
    assert 30 * u.uC_per_cm2 < report.max_density < 50 * u.uC_per_cm2


def test_hard_charge_density_limit(
    lead: device.Lead, generator: device.PulseGenerator, bipolar: device.LeadProgram
) -> None:
    lp = dataclasses.replace(bipolar, amplitude=6 * u.mA, pulse_width=720 * u.us)
    with pytest.raises(SafetyLimitError) as info:
        device.check_program(_program(lp), generator, [lead], device.SafetyLimits())
    assert info.value.field == "leads[0].amplitude"
    assert "uC/cm2" in str(info.value)
    safe = device.max_safe_amplitude(lp, lead, device.SafetyLimits(), generator)
    ok = dataclasses.replace(lp, amplitude=safe)
    assert device.check_program(_program(ok), generator, [lead], device.SafetyLimits()).is_safe
    over = dataclasses.replace(lp, amplitude=safe + generator.amplitude_step(safe))
    with pytest.raises(SafetyLimitError):
        device.check_program(_program(over), generator, [lead], device.SafetyLimits())


def test_density_limit_binds_on_a_small_contact(generator: device.PulseGenerator) -> None:
    # On a contact below 10**k / D_max**2 = 0.028 cm2 the density limit binds before k does.
    g = device.LeadGeometry(
        name="small",
        contact_length=0.5 * u.mm,
        contact_diameter=1 * u.mm,
        contact_spacing=2 * u.mm,
        lead_diameter=1 * u.mm,
        source="test geometry",
    )
    lead = device.Lead(geometry=g, level="L4", side="left", tip=(0, 0, 0), direction=(0, 0, 1))
    limits = device.SafetyLimits()
    q = device.max_charge_per_phase(g.contact_area, limits)
    assert q == pytest.approx(limits.max_charge_density * g.contact_area)
    lp = device.LeadProgram(
        lead=0,
        polarities=("-", "+", "0", "0"),
        amplitude=2.5 * u.mA,
        pulse_width=400 * u.us,
        rate=20 * u.Hz,
    )
    report = device.evaluate_program(_program(lp), generator, [lead], limits)
    dose = report.doses[0]
    assert dose.density > limits.max_charge_density and dose.k < limits.max_shannon_k
    assert not report.is_safe


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amplitude": 0.81 * u.mA}, "leads[0].amplitude"),
        ({"amplitude": 7 * u.mA}, "leads[0].amplitude"),
        ({"pulse_width": 800 * u.us}, "leads[0].pulse_width"),
        ({"pulse_width": 305 * u.us}, "leads[0].pulse_width"),
        ({"rate": 3 * u.Hz}, "leads[0].rate"),
        ({"rate": 21 * u.Hz}, "leads[0].rate"),
        ({"patient_max_amplitude": 0.83 * u.mA}, "leads[0].patient_max_amplitude"),
        ({"lead": 1}, "leads[0].lead"),
        ({"polarities": ("-", "+", "0", "0", "0")}, "leads[0].polarities"),
        ({"waveform": "monophasic"}, "leads[0].waveform"),
    ],
)
def test_rejected_programs_name_their_field(
    lead: device.Lead,
    generator: device.PulseGenerator,
    bipolar: device.LeadProgram,
    change: dict[str, object],
    field: str,
) -> None:
    lp = dataclasses.replace(bipolar, **change)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError) as info:
        device.check_program(_program(lp), generator, [lead], device.SafetyLimits())
    assert info.value.field == field


def test_compliance_checked_when_impedance_given(
    lead: device.Lead, generator: device.PulseGenerator, bipolar: device.LeadProgram
) -> None:
    limited = dataclasses.replace(generator, compliance_voltage=5 * u.V)
    lp = dataclasses.replace(bipolar, amplitude=1.5 * u.mA)
    program = _program(lp)
    device.check_program(program, limited, [lead], device.SafetyLimits())
    with pytest.raises(ConfigurationError) as info:
        device.check_program(
            program, limited, [lead], device.SafetyLimits(), impedances={0: 4 * u.kohm}
        )
    assert info.value.field == "leads[0].amplitude"
