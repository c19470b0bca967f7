"""What the programmer does, shared by the API routers and the web pages.

Each change follows one path (docs/programmer.md): role check -> the pure check
(:mod:`drgsim.device.programmer`, and the twin's own :meth:`~GeneratorTwin.check`, which runs
:func:`drgsim.device.safety.check_program`) -> one transaction writing the change and exactly
one audit entry -> commit -> the twin applies the change, checking again. A refused change
writes nothing: no row, no audit entry, no twin change.

This module is over 400 lines because it is the one place where every therapy change is
written; splitting it would spread the transaction rules over several files. Row and response
helpers live in :mod:`drgsim.app.server.rows`.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from drgsim import units as u
from drgsim.anatomy.levels import parse_level
from drgsim.app.db import audit
from drgsim.app.db.models import (
    ClinicianAssignment,
    ImpedanceRecord,
    Implant,
    ImplantLead,
    Patient,
    Program,
    ProgramRevision,
    User,
)
from drgsim.app.server import schemas as s
from drgsim.app.server.clinic import link
from drgsim.app.server.errors import ApiError, NotFoundError, VersionConflictError
from drgsim.app.server.previews import Pain, PreviewCache, implant_geometry, pain_of
from drgsim.app.server.rows import (
    finding_out,
    preview_out,
    program_out,
    snapshot,
    touch,
    write_leads,
)
from drgsim.app.server.security import Principal, hash_password
from drgsim.app.server.settings import Settings
from drgsim.app.server.twins import TwinRegistry, build_twin, format_impedances, program_to_core
from drgsim.device.program import Program as CoreProgram
from drgsim.device.programmer import (
    Action,
    apply_contact_rule_program,
    check_patient_amplitude,
    patient_step,
    require_action,
)
from drgsim.device.safety import evaluate_program
from drgsim.device.twin import GeneratorTwin
from drgsim.errors import ConfigurationError, ProgrammerRuleError
from drgsim.therapy.preview import ImplantGeometry

logger = logging.getLogger(__name__)
T = TypeVar("T")


class Programmer:
    """The programmer's operations over one database and its twins."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings) -> None:
        self.factory = factory
        self.settings = settings
        self.twins = TwinRegistry(settings)
        self.previews = PreviewCache(settings)

    # -- plumbing ---
    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction; stale versions become 409, duplicates 409."""
        try:
            with self.factory() as session, session.begin():
                yield session
        except StaleDataError:
            raise VersionConflictError(
                "someone else changed this record first; reload and try again",
                field="version",
                value="stale",
                allowed="the current version",
            ) from None
        except IntegrityError:
            raise VersionConflictError(
                "this conflicts with an existing record (duplicate name or reference)",
                field="",
                value=None,
                allowed="a unique value",
            ) from None

    def read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in a read-only session.

        The twins' lock is taken before the session, the order every write uses: on SQLite each
        transaction begins IMMEDIATE, so a read that took the database first and the twins'
        lock second would deadlock against a write holding the twins' lock.
        """
        with self.twins.locked(), self.factory() as session:
            return fn(session)

    @staticmethod
    def _audit(
        session: Session,
        who: Principal | None,
        action: str,
        object_type: str,
        object_id: int | None,
        patient_id: int | None,
        details: dict[str, Any] | None = None,
        session_id: int | None = None,
    ) -> None:
        if session_id is not None:
            details = {**(details or {}), "session_id": session_id}
        audit.append(
            session,
            actor_id=who.user_id if who else None,
            actor_role=who.role.value if who else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            patient_id=patient_id,
            details=details,
        )

    @staticmethod
    def implant_of(session: Session, patient_id: int) -> Implant:
        """The patient's implant, or 404."""
        if not 1 <= patient_id <= s.MAX_ID:
            raise NotFoundError("no such patient", field="patient_id", value=patient_id)
        implant = session.execute(
            select(Implant).where(Implant.patient_id == patient_id)
        ).scalar_one_or_none()
        if implant is None:
            raise NotFoundError("this patient has no implant", field="patient_id", value=patient_id)
        return implant

    @staticmethod
    def program_of(session: Session, implant: Implant, program_id: int) -> Program:
        """A program of this implant (never another's), or 404."""
        program = session.get(Program, program_id) if 1 <= program_id <= s.MAX_ID else None
        if program is None or program.implant_id != implant.id:
            raise NotFoundError("no such program", field="program_id", value=program_id)
        return program

    def twin(self, session: Session, implant: Implant) -> GeneratorTwin:
        """The implant's twin (reads)."""
        return self.twins.get(session, implant)

    def synced_twin(self, session: Session, implant: Implant) -> GeneratorTwin:
        """The implant's twin, its battery and clock stored on ``implant`` (writes only)."""
        twin = self.twins.get(session, implant)
        implant.battery_used_J = twin.battery_used
        implant.battery_synced_at = self.twins.synced_at(implant.id)
        return twin

    # -- records (administrators) ---
    def create_user(self, who: Principal, data: s.UserIn) -> User:
        """Create a user account."""
        require_action(who.role, Action.MANAGE_RECORDS)
        with self._write() as session:
            if data.role == "patient":
                if data.patient_id is None or session.get(Patient, data.patient_id) is None:
                    raise ApiError(
                        "a patient account must name an existing patient record",
                        field="patient_id",
                        value=data.patient_id,
                        allowed="an existing patient id",
                    )
            elif data.patient_id is not None:
                raise ApiError(
                    "only patient accounts link to a patient record",
                    field="patient_id",
                    value=data.patient_id,
                    allowed="null",
                )
            user = User(
                username=data.username,
                password_hash=hash_password(data.password, self.settings),
                role=data.role,
                patient_id=data.patient_id,
            )
            session.add(user)
            session.flush()
            self._audit(
                session,
                who,
                "user.create",
                "user",
                user.id,
                data.patient_id,
                {"username": data.username, "role": data.role},
            )
            return user

    def create_patient(self, who: Principal, data: s.PatientIn) -> Patient:
        """Create a patient record."""
        require_action(who.role, Action.MANAGE_RECORDS)
        with self._write() as session:
            patient = Patient(display_name=data.display_name, reference=data.reference)
            session.add(patient)
            session.flush()
            self._audit(
                session,
                who,
                "patient.create",
                "patient",
                patient.id,
                patient.id,
                {"reference": data.reference},
            )
            return patient

    def assign(self, who: Principal, patient_id: int, clinician_id: int) -> None:
        """Assign a clinician to a patient."""
        require_action(who.role, Action.MANAGE_RECORDS)
        with self._write() as session:
            clinician = session.get(User, clinician_id)
            if clinician is None or clinician.role != "clinician":
                raise ApiError(
                    "no such clinician",
                    field="clinician_id",
                    value=clinician_id,
                    allowed="a clinician's user id",
                )
            if session.get(Patient, patient_id) is None:
                raise NotFoundError("no such patient", field="patient_id", value=patient_id)
            session.add(ClinicianAssignment(clinician_id=clinician_id, patient_id=patient_id))
            session.flush()
            self._audit(
                session,
                who,
                "assignment.create",
                "patient",
                patient_id,
                patient_id,
                {"clinician_id": clinician_id},
            )

    def create_implant(self, who: Principal, patient_id: int, data: s.ImplantIn) -> Implant:
        """Record an implant with its leads (checked by building its twin first)."""
        require_action(who.role, Action.MANAGE_RECORDS)
        channels = [lead.channel for lead in data.leads]
        if sorted(channels) != list(range(len(channels))):
            raise ApiError(
                "lead channels must be 0, 1, ... without gaps or repeats",
                field="leads",
                value=",".join(map(str, channels)),
                allowed=f"0-{len(channels) - 1}",
            )
        for i, lead in enumerate(data.leads):
            parse_level(lead.level, f"leads[{i}].level")
        with self._write() as session:
            if session.get(Patient, patient_id) is None:
                raise NotFoundError("no such patient", field="patient_id", value=patient_id)
            implant = Implant(
                patient_id=patient_id,
                generator_model=data.generator_model,
                serial=data.serial,
                stimulation_on=False,
                mri_mode=False,
                battery_used_J=0.0,
            )
            for lead in sorted(data.leads, key=lambda x: x.channel):
                implant.leads.append(
                    ImplantLead(
                        channel=lead.channel,
                        level=lead.level,
                        side=lead.side,
                        lead_model=lead.lead_model,
                        simulated_impedance_ohm=format_impedances(lead.impedance_ohm),
                    )
                )
            build_twin(session, self.settings, implant)  # raises on a bad model or level
            session.add(implant)
            session.flush()
            self._audit(
                session,
                who,
                "implant.create",
                "implant",
                implant.id,
                patient_id,
                {"serial": data.serial, "leads": [x.model_dump() for x in data.leads]},
            )
            return implant

    # -- impedance ---
    def impedance_check(self, who: Principal, patient_id: int) -> s.ImpedanceCheckOut:
        """Measure every lead, record and transfer the values; unusable leads are reset."""
        require_action(who.role, Action.IMPEDANCE_CHECK)
        with self.twins.locked():
            check_id = secrets.token_hex(8)
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                twin = self.synced_twin(session, implant)
                measured = {
                    lead.channel: twin.measure_impedance(lead.channel) for lead in implant.leads
                }
                records = []
                for channel, values in measured.items():
                    for contact, z in enumerate(values):
                        record = ImpedanceRecord(
                            implant_id=implant.id,
                            check_id=check_id,
                            channel=channel,
                            contact=contact,
                            impedance_ohm=z,
                            usable=twin.is_usable(z),
                            measured_by=who.user_id,
                        )
                        session.add(record)
                        records.append(record)
                reset = self._reset_unusable(session, implant, twin, measured)
                session.flush()
                linked = link(
                    session, who, implant, "impedance.check", "implant", implant.id,
                    f"impedance check {check_id}",
                )  # fmt: skip
                self._audit(
                    session,
                    who,
                    "impedance.check",
                    "implant",
                    implant.id,
                    patient_id,
                    {
                        "check_id": check_id,
                        "impedance_ohm": {str(k): list(v) for k, v in measured.items()},
                        "leads_reset": reset,
                    },
                    session_id=linked,
                )
            for channel, values in measured.items():
                twin.transfer_impedance(channel, values)
        return s.ImpedanceCheckOut(
            check_id=check_id,
            records=[s.ImpedanceOut.model_validate(r) for r in records],
            leads_reset=sorted({ch for _, ch in reset}),
        )

    @staticmethod
    def _reset_unusable(
        session: Session,
        implant: Implant,
        twin: GeneratorTwin,
        measured: dict[int, tuple[float, ...]],
    ) -> list[tuple[int, int]]:
        reset: list[tuple[int, int]] = []
        for program in implant.programs:
            changed = False
            for lead in program.leads:
                values = measured.get(lead.channel, ())
                bad = any(
                    p != "0" and not twin.is_usable(z)
                    for p, z in zip(lead.polarity, values, strict=False)
                )
                if bad and (lead.enabled or lead.amplitude_uA > 0):
                    lead.enabled = False
                    lead.amplitude_uA = 0
                    changed = True
                    reset.append((program.id, lead.channel))
            if changed:
                touch(program, None)
        return reset

    # -- programs ---
    def preview(self, who: Principal, patient_id: int, data: s.ProgramIn) -> s.PreviewOut:
        """Charge per contact, findings and battery life of a program, saving nothing."""
        require_action(who.role, Action.EDIT_PROGRAM)
        program, _ = data.to_core()

        def run(session: Session) -> tuple[s.PreviewOut, ImplantGeometry, Pain]:
            implant = self.implant_of(session, patient_id)
            twin = self.twin(session, implant)
            report = evaluate_program(
                program, twin.config.generator, twin.leads, twin.config.limits
            )
            geometry = implant_geometry(implant, self.settings)
            pain = pain_of(implant.patient)
            return preview_out(report, twin, program), geometry, pain

        out, geometry, pain = self.read(run)
        out.coverage = self.previews.outcome(geometry, program, pain)
        return out

    def save_program(
        self, who: Principal, patient_id: int, data: s.ProgramIn, program_id: int | None = None
    ) -> s.ProgramOut:
        """Create or update a program; a contact change zeroes and disables its lead."""
        require_action(who.role, Action.EDIT_PROGRAM)
        new, minimums = data.to_core()
        with self.twins.locked():
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                twin = self.synced_twin(session, implant)
                row: Program | None = None
                previous: CoreProgram | None = None
                if program_id is not None:
                    row = self.program_of(session, implant, program_id)
                    if data.version is None or data.version != row.version:
                        raise VersionConflictError(
                            "the program changed since you read it; reload and try again",
                            field="version",
                            value=data.version,
                            allowed=str(row.version),
                        )
                    previous, _ = program_to_core(row)
                stored, reset = apply_contact_rule_program(previous, new)
                report = twin.check(stored, minimums)
                if report.soft_findings and not data.acknowledge_soft_limits:
                    f = report.soft_findings[0]
                    raise ProgrammerRuleError(
                        "acknowledge_soft_limits",
                        False,
                        "true (explicit override)",
                        hint=f.message,
                        message=f.message + "; tick the override to save",
                    )
                if row is None:
                    row = Program(implant_id=implant.id, name=data.name, updated_by=who.user_id)
                    session.add(row)
                row.name = data.name
                row.enabled_for_patient = data.enabled_for_patient
                write_leads(row, stored, minimums)
                touch(row, who)
                session.flush()
                saved = snapshot(row)
                session.add(
                    ProgramRevision(
                        program_id=row.id,
                        version=row.version,
                        snapshot_json=json.dumps(saved),
                        changed_by=who.user_id,
                    )
                )
                linked = link(
                    session, who, implant, "program.save", "program", row.id,
                    f"saved program {row.name!r} version {row.version}",
                )  # fmt: skip
                self._audit(
                    session,
                    who,
                    "program.save",
                    "program",
                    row.id,
                    patient_id,
                    {
                        "program": saved,
                        "leads_reset": list(reset),
                        "soft_findings": [f.message for f in report.soft_findings],
                    },
                    session_id=linked,
                )
                slot = str(row.id)
            twin.apply_program(slot, stored, minimums)
            notices = [
                f"lead {ch}: contacts changed, so the lead is disabled and its amplitude "
                "set to 0 mA"
                for ch in reset
            ]
            out = program_out(row, implant.active_program_id, notices)
            out.findings = [finding_out(f) for f in report.soft_findings]
            return out

    def activate(self, who: Principal, patient_id: int, program_id: int) -> s.ControllerOut:
        """Send a program to the generator as its active program (clinician or patient)."""
        require_action(who.role, Action.CHOOSE_PROGRAM)
        with self.twins.locked():
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                row = self.program_of(session, implant, program_id)
                if who.role.value == "patient" and not row.enabled_for_patient:
                    raise ProgrammerRuleError(
                        "program_id",
                        program_id,
                        "a program the clinician enabled for you",
                        hint="ask your clinician",
                    )
                twin = self.synced_twin(session, implant)
                twin.check(*program_to_core(row))
                implant.active_program_id = row.id
                linked = link(
                    session, who, implant, "program.activate", "program", row.id,
                    f"sent program {row.name!r} version {row.version}",
                )  # fmt: skip
                self._audit(
                    session, who, "program.activate", "program", row.id, patient_id,
                    session_id=linked,
                )  # fmt: skip
            twin.select_program(str(row.id))
        return self.controller(who, patient_id)

    def set_amplitude(
        self, who: Principal, patient_id: int, data: s.AmplitudeIn
    ) -> s.ControllerOut:
        """The patient's intensity change, inside the window of the active program."""
        require_action(who.role, Action.SET_PATIENT_AMPLITUDE)
        with self.twins.locked():
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                twin = self.synced_twin(session, implant)
                if implant.active_program_id is None:
                    raise ProgrammerRuleError(
                        "program", "none", "an active program", hint="choose a program first"
                    )
                row = self.program_of(session, implant, implant.active_program_id)
                lead = next((x for x in row.leads if x.channel == data.channel), None)
                if lead is None:
                    raise ProgrammerRuleError(
                        "channel",
                        data.channel,
                        ", ".join(str(x.channel) for x in row.leads),
                        hint="this program does not drive that lead",
                    )
                window = twin.patient_window(str(row.id), data.channel)
                if data.steps is not None:
                    target = patient_step(
                        lead.amplitude_uA * u.uA, data.steps, window, twin.config.generator
                    )
                elif data.amplitude_mA is not None:
                    target = data.amplitude_mA * u.mA
                else:
                    raise ApiError(
                        "give amplitude_mA or steps",
                        field="amplitude_mA",
                        value=None,
                        allowed="a number",
                    )
                target = check_patient_amplitude(
                    target, window, twin.config.generator, "amplitude_mA"
                )
                program, minimums = program_to_core(row)
                trial = replace(
                    program,
                    leads=tuple(
                        replace(lp, amplitude=target) if lp.lead == data.channel else lp
                        for lp in program.leads
                    ),
                )
                twin.check(trial, minimums)
                before = lead.amplitude_uA
                lead.amplitude_uA = round(target / u.uA)
                touch(row, who)
                session.flush()
                session.add(
                    ProgramRevision(
                        program_id=row.id,
                        version=row.version,
                        snapshot_json=json.dumps(snapshot(row)),
                        changed_by=who.user_id,
                    )
                )
                self._audit(
                    session,
                    who,
                    "amplitude.set",
                    "program",
                    row.id,
                    patient_id,
                    {"channel": data.channel, "from_uA": before, "to_uA": lead.amplitude_uA},
                )
            twin.set_patient_amplitude(data.channel, target)
        return self.controller(who, patient_id)

    def stimulation(self, who: Principal, patient_id: int, on: bool) -> s.ControllerOut:
        """Switch therapy on, or all off (always succeeds)."""
        require_action(who.role, Action.STIMULATION_ON if on else Action.STIMULATION_OFF)
        with self.twins.locked(urgent=not on):  # off goes before queued requests
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                twin = self.synced_twin(session, implant)
                if on:
                    if implant.active_program_id is None:
                        raise ProgrammerRuleError(
                            "program", "none", "an active program", hint="choose a program first"
                        )
                    if twin.state.value == "mri":
                        raise ProgrammerRuleError(
                            "state", "mri", "off", hint="leave MRI mode first"
                        )
                    if twin.battery_level.value == "end_of_service":
                        raise ProgrammerRuleError(
                            "battery",
                            "end_of_service",
                            "ok or low",
                            hint="the generator must be replaced",
                        )
                implant.stimulation_on = on
                self._audit(
                    session,
                    who,
                    "stimulation.on" if on else "stimulation.off",
                    "implant",
                    implant.id,
                    patient_id,
                )
            if on:
                twin.stimulation_on()
            else:
                twin.all_off()
            return self.controller(who, patient_id)  # still holding the (re-entrant) lock

    def mri(self, who: Principal, patient_id: int, on: bool) -> s.ControllerOut:
        """Enter or leave MRI mode (stimulation off; always succeeds)."""
        require_action(who.role, Action.ENTER_MRI if on else Action.EXIT_MRI)
        with self.twins.locked():
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                twin = self.synced_twin(session, implant)
                implant.mri_mode = on
                if on:
                    implant.stimulation_on = False
                self._audit(
                    session,
                    who,
                    "mri.enter" if on else "mri.exit",
                    "implant",
                    implant.id,
                    patient_id,
                )
            if on:
                twin.enter_mri()
            else:
                twin.exit_mri()
        return self.controller(who, patient_id)

    def simulate(self, who: Principal, patient_id: int, data: s.SimulateIn) -> s.ImplantOut:
        """Let simulated time pass (battery) or change a lead's simulated impedances."""
        require_action(who.role, Action.SIMULATE)
        duration = data.days * u.day
        with self.twins.locked():
            with self._write() as session:
                implant = self.implant_of(session, patient_id)
                twin = self.synced_twin(session, implant)
                values: tuple[float, ...] | None = None
                if data.channel is not None and data.impedance_ohm is not None:
                    lead = next((x for x in implant.leads if x.channel == data.channel), None)
                    if lead is None:
                        raise ApiError(
                            "no such lead",
                            field="channel",
                            value=data.channel,
                            allowed=f"0-{len(implant.leads) - 1}",
                        )
                    values = twin.check_hardware_impedance(data.channel, data.impedance_ohm)
                    lead.simulated_impedance_ohm = format_impedances(values)
                used = twin.drained(duration)
                implant.battery_used_J = used
                if 1.0 - used / twin.config.battery.energy <= twin.config.end_of_service_fraction:
                    implant.stimulation_on = False
                self._audit(
                    session, who, "simulate", "implant", implant.id, patient_id, data.model_dump()
                )
            if values is not None and data.channel is not None:
                twin.set_hardware_impedance(data.channel, values)
            twin.advance(duration)
        return self.read(lambda ses: self.implant_out(ses, self.implant_of(ses, patient_id)))

    # -- views ---
    def status(self, session: Session, implant: Implant) -> s.TwinStatusOut:
        """The twin's state as the API shows it."""
        twin = self.twin(session, implant)
        power = twin.output_power()
        to_end = twin.config.battery.energy * (
            twin.battery_remaining - twin.config.end_of_service_fraction
        )
        return s.TwinStatusOut(
            state=twin.state.value,  # type: ignore[arg-type]
            battery_level=twin.battery_level.value,  # type: ignore[arg-type]
            battery_remaining_percent=round(100 * twin.battery_remaining, 2),
            active_program_id=implant.active_program_id,
            battery_used_J=twin.battery_used,
            output_power_uW=power / u.uW,
            battery_life_years=max(0.0, to_end) / power / u.year if power > 0 else None,
            simulated_time_rate=self.settings.simulated_time_rate,
        )

    def implant_out(self, session: Session, implant: Implant) -> s.ImplantOut:
        """An implant with its leads and twin state."""
        return s.ImplantOut(
            id=implant.id,
            patient_id=implant.patient_id,
            generator_model=implant.generator_model,
            serial=implant.serial,
            version=implant.version,
            leads=[s.ImplantLeadOut.model_validate(x) for x in implant.leads],
            status=self.status(session, implant),
        )

    def programs(self, session: Session, implant: Implant) -> list[s.ProgramOut]:
        """Every program of an implant."""
        return [program_out(p, implant.active_program_id, []) for p in implant.programs]

    def program_out(self, row: Program, active_id: int | None) -> s.ProgramOut:
        """One program."""
        return program_out(row, active_id, [])

    def history(self, session: Session, row: Program) -> list[s.RevisionOut]:
        """A program's revisions, newest first."""
        names = {row[0]: row[1] for row in session.execute(select(User.id, User.username))}
        return [
            s.RevisionOut(
                version=r.version,
                changed_by=names.get(r.changed_by, "?"),
                changed_at=r.changed_at,
                snapshot=json.loads(r.snapshot_json),
            )
            for r in sorted(row.revisions, key=lambda r: -r.version)
        ]

    def controller(self, who: Principal, patient_id: int) -> s.ControllerOut:
        """The patient controller screen."""
        require_action(who.role, Action.VIEW_THERAPY)

        def run(session: Session) -> s.ControllerOut:
            implant = self.implant_of(session, patient_id)
            levels = {x.channel: x for x in implant.leads}
            active = next((p for p in implant.programs if p.id == implant.active_program_id), None)
            leads = []
            if active is not None:
                leads = [
                    s.ControllerLeadOut(
                        channel=x.channel,
                        level=levels[x.channel].level,
                        side=levels[x.channel].side,
                        enabled=x.enabled,
                        amplitude_mA=x.amplitude_uA / 1000,
                        patient_min_mA=x.patient_min_uA / 1000,
                        patient_max_mA=x.patient_max_uA / 1000,
                    )
                    for x in active.leads
                ]
            choices = [
                s.ControllerProgramOut(id=p.id, name=p.name)
                for p in implant.programs
                if p.enabled_for_patient or who.role.value == "clinician"
            ]
            return s.ControllerOut(
                patient_id=patient_id,
                status=self.status(session, implant),
                active_program=(
                    s.ControllerProgramOut(id=active.id, name=active.name) if active else None
                ),
                leads=leads,
                programs=choices,
            )

        return self.read(run)

    def verify_audit(self) -> s.AuditVerifyOut:
        """Recompute the audit chain."""
        report = self.read(audit.verify)
        return s.AuditVerifyOut(
            is_valid=report.is_valid,
            n_entries=report.n_entries,
            first_bad_seq=report.first_bad_seq,
            problem=report.problem,
        )


__all__ = ["ConfigurationError", "Programmer"]
