"""pydantic request and response models of the programmer API.

Fields carry their unit as a suffix (``amplitude_mA``, ``pulse_width_us``, ``rate_Hz``); each
input model converts to the core's SI objects once, in ``to_core()``. Inputs forbid unknown
fields; responses list their fields explicitly (allow-listed), so nothing else leaks.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from drgsim import units as u
from drgsim.device.program import LeadProgram, Program

#: Largest id accepted in a request (the database's 32-bit integer keys).
MAX_ID = 2**31 - 1

Polarities = Annotated[
    str,
    Field(
        pattern=r"^[-+0]{1,16}$",
        description="One character per contact, contact 0 first: '+' anode, '-' cathode, '0' off.",
        examples=["-+00"],
    ),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    # SQLite returns stored UTC timestamps without their offset; RFC 3339 needs one.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


#: A timestamp sent with its UTC offset (an RFC 3339 ``date-time``).
UtcDatetime = Annotated[dt.datetime, AfterValidator(_as_utc)]


class TokenOut(_Out):
    """A bearer token for the API."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: UtcDatetime


class LoginIn(_In):
    """Credentials."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class MeOut(_Out):
    """The caller."""

    user_id: int
    username: str
    role: str
    patient_id: int | None


class UserIn(_In):
    """A new user (administrators only). Patients are linked to their record."""

    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=12, max_length=256)
    role: Literal["administrator", "clinician", "patient"]
    patient_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class UserOut(_Out):
    """A user, without secrets."""

    id: int
    username: str
    role: str
    patient_id: int | None


class PatientIn(_In):
    """A new patient record."""

    display_name: str = Field(min_length=1, max_length=128)
    reference: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")


class PatientOut(_Out):
    """A patient record."""

    id: int
    display_name: str
    reference: str
    version: int


class AssignmentIn(_In):
    """Assign a clinician to a patient."""

    clinician_id: int = Field(ge=1, le=MAX_ID)


class ImplantLeadIn(_In):
    """A lead on one channel."""

    channel: int = Field(ge=0, le=3)
    level: str = Field(min_length=1, max_length=8, examples=["L5"])
    side: Literal["left", "right"]
    lead_model: str = Field(default="drg-quadripolar", max_length=64)
    impedance_ohm: list[float] = Field(
        min_length=1, max_length=16, description="Impedance the simulated contacts present."
    )

    @field_validator("impedance_ohm")
    @classmethod
    def _positive(cls, values: list[float]) -> list[float]:
        if any(not (math.isfinite(z) and z > 0) for z in values):
            raise ValueError("impedances must be positive and finite [ohm]")
        return values


class ImplantIn(_In):
    """A new implant (administrators only)."""

    generator_model: str = Field(default="axium-investigational", max_length=64)
    serial: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    leads: list[ImplantLeadIn] = Field(min_length=1, max_length=4)


class ImplantLeadOut(_Out):
    """A lead on one channel."""

    channel: int
    level: str
    side: str
    lead_model: str


class TwinStatusOut(_Out):
    """The generator twin's state."""

    state: Literal["off", "stimulating", "mri"]
    battery_level: Literal["ok", "low", "end_of_service"]
    battery_remaining_percent: float
    active_program_id: int | None
    battery_used_J: float = Field(default=0.0, description="Energy drawn so far [J].")
    output_power_uW: float = Field(default=0.0, description="Stimulation power now [uW].")
    battery_life_years: float | None = Field(
        default=None, description="Until end of service at the present output [years]."
    )
    simulated_time_rate: float = Field(
        default=1.0, description="Simulated seconds per wall-clock second of the twin's clock."
    )


class ImplantOut(_Out):
    """An implant, its leads and its twin's state."""

    id: int
    patient_id: int
    generator_model: str
    serial: str
    version: int
    leads: list[ImplantLeadOut]
    status: TwinStatusOut


class ImpedanceOut(_Out):
    """One contact's measured impedance."""

    check_id: str
    channel: int
    contact: int
    impedance_ohm: float
    usable: bool
    measured_at: UtcDatetime


class ImpedanceCheckOut(_Out):
    """Result of an impedance check."""

    check_id: str
    records: list[ImpedanceOut]
    leads_reset: list[int] = Field(description="Channels disabled because a contact is unusable.")


class ProgramLeadIn(_In):
    """One lead's settings in a program."""

    channel: int = Field(ge=0, le=15)
    polarity: Polarities
    enabled: bool = False
    amplitude_mA: float = Field(ge=0, le=1000, description="Amplitude [mA].")
    pulse_width_us: float = Field(gt=0, le=1e6, description="Pulse width [us].")
    rate_Hz: float = Field(gt=0, le=1e6, description="Rate [Hz].")
    patient_min_mA: float = Field(default=0.0, ge=0, le=1000, description="Patient minimum [mA].")
    patient_max_mA: float = Field(default=0.0, ge=0, le=1000, description="Patient maximum [mA].")

    def to_core(self) -> tuple[LeadProgram, float]:
        """Return the SI lead program and the patient minimum [A]."""
        lp = LeadProgram(
            lead=self.channel,
            polarities=tuple(self.polarity),  # type: ignore[arg-type]
            amplitude=self.amplitude_mA * u.mA,
            pulse_width=self.pulse_width_us * u.us,
            rate=self.rate_Hz * u.Hz,
            enabled=self.enabled,
            patient_max_amplitude=self.patient_max_mA * u.mA,
        )
        return lp, self.patient_min_mA * u.mA


class ProgramIn(_In):
    """A program: its name, whether the patient may choose it, and its leads."""

    name: str = Field(min_length=1, max_length=64)
    enabled_for_patient: bool = True
    leads: list[ProgramLeadIn] = Field(min_length=1, max_length=4)
    version: int | None = Field(
        default=None, description="Version you read; required when updating (409 when stale)."
    )
    acknowledge_soft_limits: bool = Field(
        default=False, description="Accept programs beyond the recommended charge-density band."
    )

    def to_core(self) -> tuple[Program, dict[int, float]]:
        """Return the SI program and the patient minimum per lead [A]."""
        leads = [lead.to_core() for lead in self.leads]
        program = Program(name=self.name, leads=tuple(lp for lp, _ in leads))
        return program, {lp.lead: low for lp, low in leads}


class ProgramLeadOut(_Out):
    """One lead's settings."""

    channel: int
    polarity: str
    enabled: bool
    amplitude_mA: float
    pulse_width_us: float
    rate_Hz: float
    patient_min_mA: float
    patient_max_mA: float


class FindingOut(_Out):
    """A limit crossed (soft findings only appear on accepted programs)."""

    severity: str
    field: str
    value: float
    allowed: str
    message: str


class ProgramOut(_Out):
    """A stored program."""

    id: int
    name: str
    enabled_for_patient: bool
    version: int
    is_active: bool
    leads: list[ProgramLeadOut]
    notices: list[str] = Field(default_factory=list)
    findings: list[FindingOut] = Field(default_factory=list)


class RevisionOut(_Out):
    """One entry of a program's history."""

    version: int
    changed_by: str
    changed_at: UtcDatetime
    snapshot: dict[str, object]


class ContactDoseOut(_Out):
    """Charge delivered by one contact."""

    channel: int
    contact: int
    level: str
    current_mA: float
    charge_uC: float
    density_uC_per_cm2: float
    shannon_k: float


class RegionCoverageOut(_Out):
    """Paresthesia share of one painful region."""

    region: str
    side: str
    paresthesia_percent: float = Field(description="Paresthesia share of the region [%].")


class OutcomePreviewOut(_Out):
    """Predicted paresthesia coverage of the patient's pain regions (therapy layer).

    ``computing`` while the neuron thresholds of a new contact configuration or pulse width are
    being computed: ask again (the web page polls). Amplitude changes answer from the cache.
    """

    status: Literal["ready", "computing", "unavailable", "failed"]
    message: str = ""
    coverage_percent: float | None = Field(
        default=None, description="Mean paresthesia share of the pain regions [%]."
    )
    regions: list[RegionCoverageOut] = Field(default_factory=list)
    off_target_percent: float | None = Field(
        default=None, description="Recruited Aβ neurons serving painless regions [%]."
    )
    perception_threshold_mA: float | None = Field(
        default=None, description="Lowest Aβ threshold, largest lead amplitude [mA]."
    )
    n_abeta_modelled: int = 0
    n_abeta_recruited: int = 0


class PreviewOut(_Out):
    """What a program would do, before it is saved."""

    doses: list[ContactDoseOut]
    findings: list[FindingOut]
    max_density_uC_per_cm2: float
    soft_limit_uC_per_cm2: float
    hard_limit_uC_per_cm2: float
    battery_life_years: float | None
    coverage: OutcomePreviewOut = Field(
        description="Predicted paresthesia coverage of the patient's pain regions."
    )


class PainRegionIn(_In):
    """A painful body region on one side."""

    region: str = Field(min_length=1, max_length=32, examples=["foot"])
    side: Literal["left", "right"]


class PainMapIn(_In):
    """The patient's painful regions (replaces the stored list)."""

    regions: list[PainRegionIn] = Field(max_length=46)


class PainRegionOut(_Out):
    """A painful body region on one side."""

    region: str
    side: str


class SessionEventOut(_Out):
    """A change made inside a programming session."""

    action: str
    object_type: str
    object_id: int | None
    summary: str
    at: UtcDatetime


class SessionOut(_Out):
    """A clinician's programming session on the patient's implant."""

    id: int
    implant_id: int
    clinician: str
    opened_at: UtcDatetime
    closed_at: UtcDatetime | None
    is_open: bool
    version: int
    events: list[SessionEventOut]


class ControllerLeadOut(_Out):
    """One lead as the patient controller shows it."""

    channel: int
    level: str
    side: str
    enabled: bool
    amplitude_mA: float
    patient_min_mA: float
    patient_max_mA: float


class ControllerProgramOut(_Out):
    """A program the patient may choose."""

    id: int
    name: str


class ControllerOut(_Out):
    """The patient controller screen."""

    patient_id: int
    status: TwinStatusOut
    active_program: ControllerProgramOut | None
    leads: list[ControllerLeadOut]
    programs: list[ControllerProgramOut]


class AmplitudeIn(_In):
    """A patient intensity change: an absolute amplitude or a number of steps."""

    channel: int = Field(ge=0, le=15)
    amplitude_mA: float | None = Field(default=None, ge=0, le=1000)
    steps: int | None = Field(default=None, ge=-400, le=400)


class ChooseProgramIn(_In):
    """The program the patient or clinician makes active."""

    program_id: int = Field(ge=1, le=MAX_ID)


class MriIn(_In):
    """Enter (true) or leave (false) MRI mode."""

    on: bool


class SimulateIn(_In):
    """Let simulated time pass, or change what a lead's contacts present."""

    days: float = Field(default=0.0, ge=0, le=36525)
    channel: int | None = Field(default=None, ge=0, le=15)
    impedance_ohm: list[float] | None = Field(default=None, min_length=1, max_length=16)


class AuditVerifyOut(_Out):
    """Result of recomputing the audit chain."""

    is_valid: bool
    n_entries: int
    first_bad_seq: int | None
    problem: str


class ErrorDetail(BaseModel):
    """What was refused and why."""

    field: str
    value: object
    allowed: str
    hint: str
    message: str


class ErrorOut(BaseModel):
    """Every 4xx and 5xx body."""

    error: ErrorDetail


__all__ = [
    "AmplitudeIn",
    "AssignmentIn",
    "AuditVerifyOut",
    "ChooseProgramIn",
    "ContactDoseOut",
    "ControllerOut",
    "ErrorOut",
    "FindingOut",
    "ImpedanceCheckOut",
    "ImpedanceOut",
    "ImplantIn",
    "ImplantOut",
    "LoginIn",
    "MeOut",
    "MriIn",
    "OutcomePreviewOut",
    "PainMapIn",
    "PainRegionIn",
    "PainRegionOut",
    "PatientIn",
    "PatientOut",
    "PreviewOut",
    "ProgramIn",
    "ProgramOut",
    "RegionCoverageOut",
    "RevisionOut",
    "SessionEventOut",
    "SessionOut",
    "SimulateIn",
    "TokenOut",
    "TwinStatusOut",
    "UserIn",
    "UserOut",
]
