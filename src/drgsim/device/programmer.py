"""What each role may do to a generator: the programming rules as pure functions.

The same functions serve the server (before it writes) and the generator twin (before it
applies), so a change the server accepts is one the twin accepts, and the twin still refuses
anything that breaks a rule whoever sends it.

Rules (reference/device.md §5-6 [READ]; reference/safety.md §4-5):

- roles: a clinician programs; a patient only sets amplitude inside the clinician's per-lead
  window, chooses among programs the clinician enabled, and can always switch stimulation off;
  an administrator manages users and simulations, never therapy;
- changing a lead's contacts disables the lead and sets its amplitude to 0
  (:func:`apply_contact_rule`); a new program starts at 0;
- amplitudes are quantised by flooring onto the generator's grid, so a limited value is never
  rounded above its limit (:func:`patient_step`).

Examples
--------
>>> may(Role.PATIENT, Action.STIMULATION_OFF)
True
>>> may(Role.ADMINISTRATOR, Action.EDIT_PROGRAM)
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from drgsim import units as u
from drgsim.device.program import LeadProgram, Program
from drgsim.device.pulse_generator import PulseGenerator
from drgsim.errors import ProgrammerRuleError


class Role(StrEnum):
    """Who acts on the generator."""

    ADMINISTRATOR = "administrator"
    CLINICIAN = "clinician"
    PATIENT = "patient"


class Action(StrEnum):
    """Things a role may do."""

    VIEW_THERAPY = "view_therapy"
    EDIT_PROGRAM = "edit_program"
    IMPEDANCE_CHECK = "impedance_check"
    SEND_PROGRAM = "send_program"
    SET_PATIENT_AMPLITUDE = "set_patient_amplitude"
    CHOOSE_PROGRAM = "choose_program"
    STIMULATION_ON = "stimulation_on"
    STIMULATION_OFF = "stimulation_off"
    ENTER_MRI = "enter_mri"
    EXIT_MRI = "exit_mri"
    MANAGE_RECORDS = "manage_records"
    SIMULATE = "simulate"
    EDIT_PAIN_MAP = "edit_pain_map"
    PROGRAMMING_SESSION = "programming_session"


#: The role matrix (deny by default). "Off" is open to every role that touches therapy; a
#: clinician can always restore therapy, including out of MRI mode (reference/device.md §8).
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.CLINICIAN: frozenset(
        {
            Action.VIEW_THERAPY,
            Action.EDIT_PROGRAM,
            Action.IMPEDANCE_CHECK,
            Action.SEND_PROGRAM,
            Action.CHOOSE_PROGRAM,
            Action.STIMULATION_ON,
            Action.STIMULATION_OFF,
            Action.ENTER_MRI,
            Action.EXIT_MRI,
            Action.EDIT_PAIN_MAP,
            Action.PROGRAMMING_SESSION,
        }
    ),
    Role.PATIENT: frozenset(
        {
            Action.VIEW_THERAPY,
            Action.SET_PATIENT_AMPLITUDE,
            Action.CHOOSE_PROGRAM,
            Action.STIMULATION_ON,
            Action.STIMULATION_OFF,
            Action.ENTER_MRI,
            Action.EXIT_MRI,
        }
    ),
    Role.ADMINISTRATOR: frozenset({Action.MANAGE_RECORDS, Action.SIMULATE}),
}


def may(role: Role | str, action: Action | str) -> bool:
    """Return True when ``role`` may perform ``action``."""
    return Action(action) in ROLE_ACTIONS[Role(role)]


def require_action(role: Role | str, action: Action | str) -> None:
    """Raise :class:`ProgrammerRuleError` (field ``role``) unless ``role`` may do ``action``."""
    if not may(role, action):
        allowed = sorted(r.value for r, acts in ROLE_ACTIONS.items() if Action(action) in acts)
        raise ProgrammerRuleError(
            "role",
            Role(role).value,
            ", ".join(allowed) or "nobody",
            hint=f"a {Role(role).value} may not {Action(action).value.replace('_', ' ')}",
            message=f"a {Role(role).value} may not {Action(action).value.replace('_', ' ')}; "
            f"allowed: {', '.join(allowed) or 'nobody'}",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PatientWindow:
    """The amplitude range the patient may choose on one lead.

    Parameters
    ----------
    minimum, maximum
        Window edges [A], on the generator's grid, ``minimum <= maximum``.
    """

    minimum: float
    maximum: float

    def __post_init__(self) -> None:
        for name in ("minimum", "maximum"):
            value = float(getattr(self, name))
            if not math.isfinite(value) or value < 0.0:
                raise ProgrammerRuleError(
                    f"patient_{name[:3]}_amplitude",
                    value / u.mA,
                    ">= 0 mA, finite",
                    hint="set the patient window in mA",
                )
            object.__setattr__(self, name, value)
        if self.minimum > self.maximum:
            raise ProgrammerRuleError(
                "patient_min_amplitude",
                self.minimum / u.mA,
                f"<= patient maximum {self.maximum / u.mA:g} mA",
                hint="the window's minimum must not exceed its maximum",
            )

    def describe(self) -> str:
        """The window in mA, e.g. ``"0.5-1.5 mA"``."""
        return f"{self.minimum / u.mA:g}-{self.maximum / u.mA:g} mA"


def check_window(window: PatientWindow, generator: PulseGenerator, field: str) -> PatientWindow:
    """Return ``window`` if both edges lie on the generator's grid and range; raise otherwise."""
    generator.check_amplitude(window.minimum, f"{field}.patient_min_amplitude")
    generator.check_amplitude(window.maximum, f"{field}.patient_max_amplitude")
    return window


def check_patient_amplitude(
    amplitude: float, window: PatientWindow, generator: PulseGenerator, field: str = "amplitude"
) -> float:
    """Return ``amplitude`` [A] if it is on the grid and inside the patient window.

    Raises
    ------
    ProgrammerRuleError
        Outside the window (the error names the window in mA).
    ConfigurationError
        Off the generator's grid or range, or not finite.
    """
    value = generator.check_amplitude(amplitude, field)
    # Compare whole nanoamps: grid points are exact multiples, float noise is not.
    if round(value / u.nA) < round(window.minimum / u.nA) or round(value / u.nA) > round(
        window.maximum / u.nA
    ):
        raise ProgrammerRuleError(
            field,
            value / u.mA,
            window.describe(),
            hint="the clinician set this window; ask them to widen it",
            message=f"{field}={value / u.mA:g} mA is outside the patient window "
            f"{window.describe()} set by the clinician",
        )
    return generator.quantise_amplitude(value)  # on the grid exactly; floors within tolerance


def patient_step(
    amplitude: float, steps: int, window: PatientWindow, generator: PulseGenerator
) -> float:
    """Move ``amplitude`` [A] by ``steps`` fine grid steps, kept inside the window [A].

    Each step is the generator's fine step at the current amplitude (25 uA below 2 mA, 50 uA
    above on the Axium grid); the result is floored onto the grid and clamped to the window, so
    pressing "up" at the maximum stays at the maximum and never exceeds it.
    """
    current = generator.quantise_amplitude(min(max(amplitude, window.minimum), window.maximum))
    for _ in range(abs(int(steps))):
        if steps > 0:
            current = current + generator.amplitude_step(current)
        else:
            below = max(current - generator.amplitude_step(current) * 0.5, 0.0)
            current = current - generator.amplitude_step(below)
        current = generator.quantise_amplitude(min(max(current, window.minimum), window.maximum))
    top = generator.quantise_amplitude(window.maximum)
    return min(current, top)


def apply_contact_rule(previous: LeadProgram | None, new: LeadProgram) -> tuple[LeadProgram, bool]:
    """Apply "a contact change disables the lead and zeroes its amplitude".

    Returns the lead program to store and whether the rule fired. A lead programmed for the
    first time (``previous`` is None) also starts disabled at 0 (reference/safety.md §5.3).
    """
    if previous is None or tuple(previous.polarities) != tuple(new.polarities):
        if new.amplitude == 0.0 and not new.enabled:
            return new, previous is not None
        return replace(new, amplitude=0.0, enabled=False), True
    return new, False


def apply_contact_rule_program(
    previous: Program | None, new: Program
) -> tuple[Program, tuple[int, ...]]:
    """Apply :func:`apply_contact_rule` to every lead; return the program and leads reset."""
    old = {lp.lead: lp for lp in previous.leads} if previous is not None else {}
    leads: list[LeadProgram] = []
    reset: list[int] = []
    for lp in new.leads:
        stored, fired = apply_contact_rule(old.get(lp.lead), lp)
        leads.append(stored)
        if fired:
            reset.append(lp.lead)
    return replace(new, leads=tuple(leads)), tuple(reset)


__all__ = [
    "ROLE_ACTIONS",
    "Action",
    "PatientWindow",
    "Role",
    "apply_contact_rule",
    "apply_contact_rule_program",
    "check_patient_amplitude",
    "check_window",
    "may",
    "patient_step",
    "require_action",
]
