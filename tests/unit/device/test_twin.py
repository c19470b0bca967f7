"""The generator twin enforces the programming rules itself (reference/device.md §5-8)."""

from __future__ import annotations

import math

import pytest

from drgsim import units as u
from drgsim.device.program import LeadProgram, Program
from drgsim.device.programmer import PatientWindow, patient_step
from drgsim.device.twin import BatteryLevel, GeneratorTwin, TwinState, demo_config
from drgsim.errors import ConfigurationError, ProgrammerRuleError, SafetyLimitError

GOOD = (900.0, 950.0, 1000.0, 1100.0)  # rehearsal impedances [ohm], inside the assumed window


def lead(
    amplitude_mA: float = 0.0,
    *,
    enabled: bool = False,
    polarities: str = "-+00",
    patient_max_mA: float = 0.0,
    pulse_width_us: float = 300.0,
) -> LeadProgram:
    return LeadProgram(
        lead=0,
        polarities=tuple(polarities),  # type: ignore[arg-type]
        amplitude=amplitude_mA * u.mA,
        pulse_width=pulse_width_us * u.us,
        rate=20 * u.Hz,
        enabled=enabled,
        patient_max_amplitude=patient_max_mA * u.mA,
    )


def ready_twin(amplitude_mA: float = 1.0, patient_max_mA: float = 1.5) -> GeneratorTwin:
    """A twin with an impedance transfer, one program at ``amplitude_mA``, stimulating."""
    twin = GeneratorTwin(demo_config(), hardware_impedances=(GOOD,))
    twin.transfer_impedance(0, twin.measure_impedance(0))
    twin.apply_program("p", Program(name="p", leads=(lead(),)))
    twin.apply_program(
        "p",
        Program(name="p", leads=(lead(amplitude_mA, enabled=True, patient_max_mA=patient_max_mA),)),
        {0: 0.5 * u.mA},
    )
    twin.select_program("p")
    twin.stimulation_on()
    return twin


def test_stimulates_the_programmed_amplitude() -> None:
    twin = ready_twin(1.0)
    assert twin.state is TwinState.STIMULATING
    (out,) = twin.emitted()
    assert out.amplitude == pytest.approx(1.0 * u.mA)
    assert out.contact_currents()[0] == pytest.approx(-1.0 * u.mA)


def test_no_parameters_before_an_impedance_transfer() -> None:
    twin = GeneratorTwin(demo_config(), hardware_impedances=(GOOD,))
    with pytest.raises(ProgrammerRuleError) as info:
        twin.apply_program("p", Program(name="p", leads=(lead(patient_max_mA=1.0),)))
    assert info.value.field == "leads[0].lead"


def test_a_transfer_must_match_the_measurement() -> None:
    twin = GeneratorTwin(demo_config(), hardware_impedances=(GOOD,))
    with pytest.raises(ProgrammerRuleError):
        twin.transfer_impedance(0, (1.0, 1.0, 1.0, 1.0))


def test_a_new_program_starts_at_zero_and_disabled() -> None:
    twin = GeneratorTwin(demo_config(), hardware_impedances=(GOOD,))
    twin.transfer_impedance(0, twin.measure_impedance(0))
    twin.apply_program("p", Program(name="p", leads=(lead(1.0, enabled=True, patient_max_mA=1.0),)))
    stored = twin.program("p").leads[0]
    assert stored.amplitude == 0.0 and not stored.enabled


def test_contact_change_zeroes_amplitude_and_disables_the_lead() -> None:
    twin = ready_twin(1.0)
    twin.apply_program(
        "p",
        Program(name="p", leads=(lead(1.0, enabled=True, polarities="+-00", patient_max_mA=1.5),)),
    )
    stored = twin.program("p").leads[0]
    assert stored.amplitude == 0.0 and not stored.enabled
    assert twin.emitted() == ()


def test_out_of_window_impedance_makes_a_contact_unusable() -> None:
    twin = ready_twin(1.0)
    twin.set_hardware_impedance(0, (900.0, 9000.0, 1000.0, 1100.0))  # contact 1 (anode) open
    twin.transfer_impedance(0, twin.measure_impedance(0))
    assert twin.usable_contacts(0) == (True, False, True, True)
    assert twin.emitted() == ()
    assert twin.program("p").leads[0].amplitude == 0.0
    with pytest.raises(ProgrammerRuleError) as info:
        twin.apply_program(
            "p", Program(name="p", leads=(lead(0.0, polarities="-+00", patient_max_mA=1.0),))
        )
    assert info.value.field == "leads[0].polarities[1]"
    twin.apply_program("p", Program(name="p", leads=(lead(polarities="-0+0"),)))  # avoids it


def test_hard_charge_density_limit_is_refused() -> None:
    twin = ready_twin(1.0)
    too_much = Program(
        name="p", leads=(lead(6.0, enabled=True, patient_max_mA=6.0, pulse_width_us=720),)
    )
    with pytest.raises(SafetyLimitError):
        twin.apply_program("p", too_much)
    assert twin.emitted()[0].amplitude == pytest.approx(1.0 * u.mA)  # unchanged


def test_patient_amplitude_stays_in_the_window() -> None:
    twin = ready_twin(1.0, patient_max_mA=1.5)
    twin.set_patient_amplitude(0, 1.5 * u.mA)
    assert twin.emitted()[0].amplitude == pytest.approx(1.5 * u.mA)
    for bad in (1.525 * u.mA, 0.475 * u.mA, math.nan, math.inf, -1.0):
        with pytest.raises(ConfigurationError):
            twin.set_patient_amplitude(0, bad)
    assert twin.emitted()[0].amplitude == pytest.approx(1.5 * u.mA)


def test_patient_step_never_passes_the_maximum() -> None:
    twin = ready_twin()
    window = PatientWindow(minimum=0.5 * u.mA, maximum=2.1 * u.mA)
    value = 1.9 * u.mA
    seen = []
    for _ in range(10):
        value = patient_step(value, 1, window, twin.config.generator)
        seen.append(round(value / u.uA))
    assert seen[:5] == [1925, 1950, 1975, 2000, 2050]  # 25 uA below 2 mA, 50 uA above
    assert max(seen) == 2100
    assert patient_step(2.0 * u.mA, -1, window, twin.config.generator) == pytest.approx(
        1.975 * u.mA
    )


def test_all_off_always_works_and_mri_mode_stops_therapy() -> None:
    twin = ready_twin()
    twin.enter_mri()
    assert twin.state is TwinState.MRI and twin.emitted() == ()
    with pytest.raises(ProgrammerRuleError):
        twin.stimulation_on()
    twin.all_off()
    twin.exit_mri()
    twin.stimulation_on()
    assert twin.state is TwinState.STIMULATING
    twin.all_off()
    assert twin.state is TwinState.OFF and twin.emitted() == ()


def test_battery_drains_with_delivered_energy_to_end_of_service() -> None:
    low, high = ready_twin(0.5), ready_twin(1.0)
    low.advance(30 * u.day)
    high.advance(30 * u.day)
    drawn_low = low.battery_used - low.config.battery.quiescent_power * 30 * u.day
    drawn_high = high.battery_used - high.config.battery.quiescent_power * 30 * u.day
    assert drawn_high == pytest.approx(4 * drawn_low)  # I^2 Z: twice the current, 4x the energy
    high.advance(100 * u.year)
    assert high.battery_level is BatteryLevel.END_OF_SERVICE
    assert high.state is TwinState.OFF and high.emitted() == ()
    with pytest.raises(ProgrammerRuleError):
        high.stimulation_on()


def test_restored_twin_keeps_programs_without_firing_the_contact_rule() -> None:
    twin = ready_twin(1.0)
    again = GeneratorTwin.restored(
        twin.config,
        hardware_impedances=(GOOD,),
        battery_used=0.0,
        transferred={0: GOOD},
        programs={"p": (twin.program("p"), {0: 0.5 * u.mA})},
        active="p",
        stimulation_on=True,
        mri=False,
    )
    assert again.emitted() == twin.emitted()
