"""Telemetry commands applied to the generator twin.

:class:`TwinSink` is the :class:`~drgsim.device.telemetry.CommandSink` of a
:class:`~drgsim.device.twin.GeneratorTwin`: it turns authenticated telemetry commands into twin
operations and lets the twin refuse them. It adds no limit of its own beyond the role matrix of
:mod:`drgsim.device.programmer` (the same one the server applies); the twin checks every device
range, grid, patient window, impedance and charge-density limit again.

:func:`twin_link` builds the generator end of a link around a twin: its sink is a
:class:`TwinSink` and each receiver wake-up is drawn from the twin's battery, so a wake-up
flood shows up in :attr:`GeneratorTwin.battery_used`, capped by the wake-up budget.

Mapping (one program slot, :attr:`TwinSink.slot`, holds what the clinician programmer sends):

======================= =============================================================
command                 twin operation
======================= =============================================================
SET_PROGRAM             replace that lead in the slot's program, ``apply_program``; the
                        slot becomes the active program (contact rule applies)
ADJUST_AMPLITUDE        patient: ``set_patient_amplitude`` (inside the window);
                        clinician: the lead's programmed amplitude, via ``apply_program``
ALL_OFF                 ``all_off`` (always succeeds)
STIMULATION_ON          ``stimulation_on``
MRI_MODE                ``enter_mri`` / ``exit_mri``
======================= =============================================================

Examples
--------
>>> from drgsim import units as u
>>> from drgsim.device.frame import SetProgram
>>> from drgsim.device.telemetry import GeneratorLink, PairingSecret, ProgrammerRole, WakeupPolicy
>>> from drgsim.device.twin import GeneratorTwin, demo_config
>>> twin = GeneratorTwin(demo_config(), hardware_impedances=((900.0,) * 4,))
>>> twin.transfer_impedance(0, twin.measure_impedance(0))
>>> sink = TwinSink(twin)
>>> sink.all_off(ProgrammerRole.PATIENT)
>>> twin.state.value
'off'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from drgsim.device.frame import AdjustAmplitude, SetProgram
from drgsim.device.program import LeadProgram, Program
from drgsim.device.programmer import Action, Role, require_action
from drgsim.device.telemetry import GeneratorLink, PairingSecret, ProgrammerRole, WakeupPolicy
from drgsim.device.twin import GeneratorTwin
from drgsim.errors import ConfigurationError

_POLARITY = {-1: "-", 0: "0", 1: "+"}
_ROLE = {ProgrammerRole.CLINICIAN: Role.CLINICIAN, ProgrammerRole.PATIENT: Role.PATIENT}


class TwinSink:
    """Apply telemetry commands to ``twin``.

    Parameters
    ----------
    twin
        The generator twin commands go to.
    slot
        Program slot that telemetry programs are stored in.
    """

    def __init__(self, twin: GeneratorTwin, *, slot: str = "telemetry") -> None:
        self.twin = twin
        self.slot = slot

    def set_program(self, command: SetProgram, role: ProgrammerRole) -> None:
        """Store one lead's settings in the telemetry slot and make the slot active."""
        require_action(_ROLE[role], Action.SEND_PROGRAM)
        lead = LeadProgram(
            lead=command.lead,
            polarities=tuple(_POLARITY[p] for p in command.polarities),  # type: ignore[misc]
            amplitude=command.amplitude,
            pulse_width=command.pulse_width,
            rate=command.rate,
            enabled=command.enabled,
            patient_max_amplitude=command.patient_max_amplitude,
        )
        others = tuple(lp for lp in self._leads() if lp.lead != command.lead)
        leads = tuple(sorted((*others, lead), key=lambda lp: lp.lead))
        self.twin.apply_program(self.slot, Program(name=self.slot, leads=leads))
        self.twin.select_program(self.slot)

    def adjust_amplitude(self, command: AdjustAmplitude, role: ProgrammerRole) -> None:
        """Patient: move inside the window. Clinician: set the programmed amplitude."""
        if role is ProgrammerRole.PATIENT:
            require_action(Role.PATIENT, Action.SET_PATIENT_AMPLITUDE)
            self.twin.set_patient_amplitude(command.lead, command.amplitude)
            return
        require_action(_ROLE[role], Action.EDIT_PROGRAM)
        slot = self.twin.active_program
        if slot is None:
            raise ConfigurationError(
                "program", "none", "an active program", hint="send a program first"
            )
        program = self.twin.program(slot)
        if all(lp.lead != command.lead for lp in program.leads):
            raise ConfigurationError(
                "lead", command.lead, "a lead of the active program", hint="program it first"
            )
        leads = tuple(
            replace(lp, amplitude=command.amplitude) if lp.lead == command.lead else lp
            for lp in program.leads
        )
        minimums = {lp.lead: self.twin.patient_window(slot, lp.lead).minimum for lp in leads}
        self.twin.apply_program(slot, replace(program, leads=leads), minimums)

    def all_off(self, role: ProgrammerRole) -> None:
        """Stop stimulation; the twin never refuses."""
        self.twin.all_off()

    def stimulation_on(self, role: ProgrammerRole) -> None:
        """Start stimulation with the active program."""
        require_action(_ROLE[role], Action.STIMULATION_ON)
        self.twin.stimulation_on()

    def set_mri_mode(self, enabled: bool, role: ProgrammerRole) -> None:
        """Enter or leave MRI mode."""
        require_action(_ROLE[role], Action.ENTER_MRI if enabled else Action.EXIT_MRI)
        if enabled:
            self.twin.enter_mri()
        else:
            self.twin.exit_mri()

    def _leads(self) -> tuple[LeadProgram, ...]:
        try:
            return self.twin.program(self.slot).leads
        except ConfigurationError:
            return ()


def twin_link(
    twin: GeneratorTwin,
    *,
    secrets: Iterable[PairingSecret],
    policy: WakeupPolicy | None = None,
    slot: str = "telemetry",
    nonce_source: Callable[[int], bytes] | None = None,
) -> GeneratorLink:
    """The generator end of the link for ``twin``: commands to a :class:`TwinSink`, and every
    receiver wake-up drawn from the twin's battery (:meth:`GeneratorTwin.draw_charge`).

    Parameters
    ----------
    twin
        The generator twin.
    secrets
        Pairing secrets it holds, at most one per role.
    policy
        Wake-up cap and cost (default :class:`WakeupPolicy`).
    slot
        Program slot for telemetry programs.
    nonce_source
        Returns n random bytes (tests inject one).
    """

    def draw(charge: float) -> None:
        twin.draw_charge(charge)

    return GeneratorLink(
        secrets=secrets,
        sink=TwinSink(twin, slot=slot),
        policy=policy,
        battery_draw=draw,
        nonce_source=nonce_source,
    )


__all__ = ["TwinSink", "twin_link"]
