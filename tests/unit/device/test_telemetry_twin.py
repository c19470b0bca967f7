"""Telemetry driving the real generator twin: commands map onto twin operations, and the twin
still refuses whatever breaks a limit; a flood of bad frames leaves therapy as it was."""

from __future__ import annotations

import random

import pytest

from drgsim import units as u
from drgsim.device.frame import AdjustAmplitude, AllOff, MriMode, SetProgram, StimulationOn
from drgsim.device.telemetry import (
    Outcome,
    PairingSecret,
    ProgrammerLink,
    ProgrammerRole,
    WakeupPolicy,
)
from drgsim.device.telemetry_sink import twin_link
from drgsim.device.twin import GeneratorTwin, TwinState, demo_config
from drgsim.errors import ProgrammerRuleError, SafetyLimitError

CLINICIAN = PairingSecret.generate(ProgrammerRole.CLINICIAN)
PATIENT = PairingSecret.generate(ProgrammerRole.PATIENT)


def _lead(
    amplitude: float, *, patient_max: float = 1.0 * u.mA, pw: float = 300 * u.us
) -> SetProgram:
    return SetProgram(
        lead=0,
        polarities=(-1, 1, 0, 0),
        amplitude=amplitude,
        pulse_width=pw,
        rate=20 * u.Hz,
        patient_max_amplitude=patient_max,
        enabled=True,
    )


class Rig:
    def __init__(self, policy: WakeupPolicy | None = None) -> None:
        self.twin = GeneratorTwin(
            demo_config(), hardware_impedances=((900.0, 950.0, 1000.0, 1100.0),)
        )
        self.twin.transfer_impedance(0, self.twin.measure_impedance(0))
        self.generator = twin_link(self.twin, secrets=[CLINICIAN, PATIENT], policy=policy)
        self.clinician = self._pair(CLINICIAN)
        self.patient = self._pair(PATIENT)

    def _pair(self, secret: PairingSecret) -> ProgrammerLink:
        link = ProgrammerLink(secret=secret)
        link.finish_pairing(
            self.generator.pair(role=secret.role, programmer_nonce=link.start_pairing(), now=0)
        )
        return link

    def send(self, link: ProgrammerLink, payload: object, now: float = 0.0) -> Outcome:
        return self.generator.receive(link.send(payload), now=now).outcome  # type: ignore[arg-type]

    def program_and_start(self) -> None:
        # A new contact set starts disabled at 0 (contact rule); the second send sets amplitude.
        assert self.send(self.clinician, _lead(0.0)) is Outcome.ACCEPTED
        assert self.send(self.clinician, _lead(0.5 * u.mA)) is Outcome.ACCEPTED
        assert self.send(self.clinician, StimulationOn()) is Outcome.ACCEPTED


def test_clinician_programs_and_starts_therapy_over_telemetry() -> None:
    rig = Rig()
    rig.program_and_start()
    (out,) = rig.twin.emitted()
    assert out.amplitude == pytest.approx(0.5 * u.mA)
    assert out.pulse_width == pytest.approx(300 * u.us)
    assert rig.twin.state is TwinState.STIMULATING


def test_patient_moves_amplitude_only_inside_the_window() -> None:
    rig = Rig()
    rig.program_and_start()
    assert rig.send(rig.patient, AdjustAmplitude(lead=0, amplitude=1.0 * u.mA)) is Outcome.ACCEPTED
    assert rig.twin.emitted()[0].amplitude == pytest.approx(1.0 * u.mA)
    reception = rig.generator.receive(
        rig.patient.send(AdjustAmplitude(lead=0, amplitude=1.025 * u.mA)), now=0
    )
    assert reception.outcome is Outcome.REFUSED
    assert isinstance(reception.error, ProgrammerRuleError)
    assert rig.twin.emitted()[0].amplitude == pytest.approx(1.0 * u.mA)


def test_patient_may_not_program_and_the_twin_refuses_unsafe_programs() -> None:
    rig = Rig()
    rig.program_and_start()
    assert rig.send(rig.patient, _lead(0.5 * u.mA)) is Outcome.NOT_ALLOWED
    before = rig.twin.emitted()
    # 6 mA x 720 us on a 1 mm ring contact is far past the charge-density limit.
    reception = rig.generator.receive(
        rig.clinician.send(_lead(6 * u.mA, patient_max=6 * u.mA, pw=720 * u.us)), now=0
    )
    assert reception.outcome is Outcome.REFUSED
    assert isinstance(reception.error, SafetyLimitError)
    assert rig.twin.emitted() == before


def test_all_off_always_works_and_a_clinician_restores_from_mri() -> None:
    rig = Rig()
    rig.program_and_start()
    assert rig.send(rig.patient, AllOff()) is Outcome.ACCEPTED
    assert rig.twin.emitted() == ()
    assert rig.send(rig.patient, MriMode(enabled=True)) is Outcome.ACCEPTED
    assert rig.twin.state is TwinState.MRI
    assert rig.send(rig.clinician, StimulationOn()) is Outcome.REFUSED  # not in MRI mode
    assert rig.send(rig.patient, AllOff()) is Outcome.ACCEPTED  # off works in MRI mode too
    assert rig.send(rig.clinician, MriMode(enabled=False)) is Outcome.ACCEPTED
    assert rig.send(rig.clinician, StimulationOn()) is Outcome.ACCEPTED
    assert rig.twin.state is TwinState.STIMULATING


def test_clinician_amplitude_goes_through_every_twin_check() -> None:
    rig = Rig()
    rig.program_and_start()
    assert rig.send(rig.clinician, AdjustAmplitude(lead=0, amplitude=0.75 * u.mA)) is (
        Outcome.ACCEPTED
    )
    assert rig.twin.emitted()[0].amplitude == pytest.approx(0.75 * u.mA)
    assert rig.send(rig.clinician, AdjustAmplitude(lead=3, amplitude=0.1 * u.mA)) is (
        Outcome.REFUSED
    )


def test_flood_of_100000_bad_frames_leaves_the_twin_as_it_was() -> None:
    policy = WakeupPolicy()
    rig = Rig(policy)
    rig.program_and_start()
    captured = [rig.clinician.send(AllOff()) for _ in range(3)]
    emitted, state = rig.twin.emitted(), rig.twin.state
    charge, energy = rig.generator.charge_drawn, rig.twin.battery_used
    rng = random.Random(3)
    n_flood, rate = 100_000, 40.0
    for i in range(n_flood):
        base = bytearray(rng.choice(captured))
        base[rng.randrange(len(base))] ^= 1 + rng.randrange(255)
        outcome = rig.generator.receive(bytes(base), now=1.0 + i / rate).outcome
        assert outcome is not Outcome.ACCEPTED
    assert rig.twin.emitted() == emitted
    assert rig.twin.state is state
    duration = (n_flood - 1) / rate
    n_windows = int(duration // policy.window) + 2
    flood_charge = rig.generator.charge_drawn - charge
    assert 0 < flood_charge <= n_windows * policy.budget_per_window
    # The wake-ups are drawn from the twin's own battery, and only they: the twin's clock did
    # not advance, so stimulation drew nothing here.
    volts = rig.twin.config.battery.cell_voltage
    flood_energy = rig.twin.battery_used - energy
    assert flood_energy == pytest.approx(flood_charge * volts, rel=1e-12)
    assert flood_energy <= n_windows * policy.budget_per_window * volts * (1 + 1e-12)
