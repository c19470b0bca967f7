"""SQLAlchemy 2 models of the programmer database.

Columns that hold a physical quantity carry its unit as a suffix (``amplitude_uA``) and store
integers on the device's step grid, so no rounding happens in the database. Every mutable row
has a ``version`` column used for optimistic locking: an update names the version it read and a
stale one is refused (HTTP 409). The audit log is append-only and hash-chained
(:mod:`drgsim.app.db.audit`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


class Role(StrEnum):
    """Who a user is; decides what they may see and change."""

    ADMINISTRATOR = "administrator"
    CLINICIAN = "clinician"
    PATIENT = "patient"


class Base(DeclarativeBase):
    """Declarative base of every table."""


class User(Base):
    """A person who logs in; patients are linked to their patient record."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ClinicianAssignment(Base):
    """A clinician may see and program this patient."""

    __tablename__ = "clinician_assignments"
    __table_args__ = (UniqueConstraint("clinician_id", "patient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))


class Patient(Base):
    """A patient record (a display name and a reference; no other personal data)."""

    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(128))
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    implant: Mapped[Implant | None] = relationship(back_populates="patient", uselist=False)
    pain_regions: Mapped[list[PainRegion]] = relationship(
        back_populates="patient", order_by="PainRegion.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Implant(Base):
    """One implanted pulse generator and the state its twin must be restored to."""

    __tablename__ = "implants"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), unique=True)
    generator_model: Mapped[str] = mapped_column(String(64))
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    stimulation_on: Mapped[bool] = mapped_column(Boolean, default=False)
    mri_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    active_program_id: Mapped[int | None] = mapped_column(Integer, default=None)
    battery_used_J: Mapped[float] = mapped_column(Float, default=0.0)
    #: Wall-clock time up to which ``battery_used_J`` accounts for the drain (None: never run).
    battery_synced_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship(back_populates="implant")
    leads: Mapped[list[ImplantLead]] = relationship(
        back_populates="implant", order_by="ImplantLead.channel", cascade="all, delete-orphan"
    )
    programs: Mapped[list[Program]] = relationship(
        back_populates="implant", order_by="Program.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PainRegion(Base):
    """A painful body region of a patient (the map previews compute coverage of)."""

    __tablename__ = "patient_pain_regions"
    __table_args__ = (UniqueConstraint("patient_id", "region", "side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    #: A :class:`drgsim.anatomy.dermatomes.BodyRegion` value.
    region: Mapped[str] = mapped_column(String(32))
    side: Mapped[str] = mapped_column(String(8))

    patient: Mapped[Patient] = relationship(back_populates="pain_regions")


class ProgrammingSession(Base):
    """A clinician's programming session on one implant, open until closed.

    Impedance checks, program saves and sends made by that clinician on that implant while it
    is open are linked to it (:class:`SessionEvent`).
    """

    __tablename__ = "programming_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    implant_id: Mapped[int] = mapped_column(ForeignKey("implants.id"))
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[SessionEvent]] = relationship(
        back_populates="session", order_by="SessionEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SessionEvent(Base):
    """One change made inside a programming session."""

    __tablename__ = "session_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("programming_sessions.id"))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(256))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    session: Mapped[ProgrammingSession] = relationship(back_populates="events")


class ImplantLead(Base):
    """A lead on one channel of the generator, labelled with its spinal level and side."""

    __tablename__ = "implant_leads"
    __table_args__ = (UniqueConstraint("implant_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    implant_id: Mapped[int] = mapped_column(ForeignKey("implants.id"))
    channel: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(8))
    side: Mapped[str] = mapped_column(String(8))
    lead_model: Mapped[str] = mapped_column(String(64))
    #: Impedance the simulated hardware presents, per contact, comma-separated [ohm].
    simulated_impedance_ohm: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, default=1)

    implant: Mapped[Implant] = relationship(back_populates="leads")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ImpedanceRecord(Base):
    """One impedance measurement of one contact, transferred to the generator."""

    __tablename__ = "impedance_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    implant_id: Mapped[int] = mapped_column(ForeignKey("implants.id"))
    check_id: Mapped[str] = mapped_column(String(32))
    channel: Mapped[int] = mapped_column(Integer)
    contact: Mapped[int] = mapped_column(Integer)
    impedance_ohm: Mapped[float] = mapped_column(Float)
    usable: Mapped[bool] = mapped_column(Boolean)
    measured_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    measured_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Program(Base):
    """A stimulation program of an implant: one entry per programmed lead."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    implant_id: Mapped[int] = mapped_column(ForeignKey("implants.id"))
    name: Mapped[str] = mapped_column(String(64))
    enabled_for_patient: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    implant: Mapped[Implant] = relationship(back_populates="programs")
    leads: Mapped[list[ProgramLead]] = relationship(
        back_populates="program", order_by="ProgramLead.channel", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[ProgramRevision]] = relationship(
        back_populates="program", order_by="ProgramRevision.version"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProgramLead(Base):
    """The settings of one lead in a program."""

    __tablename__ = "program_leads"
    __table_args__ = (UniqueConstraint("program_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    channel: Mapped[int] = mapped_column(Integer)
    #: One character per contact, contact 0 first: '+' anode, '-' cathode, '0' off.
    polarity: Mapped[str] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    amplitude_uA: Mapped[int] = mapped_column(Integer, default=0)
    pulse_width_us: Mapped[int] = mapped_column(Integer)
    rate_Hz: Mapped[int] = mapped_column(Integer)
    patient_min_uA: Mapped[int] = mapped_column(Integer, default=0)
    patient_max_uA: Mapped[int] = mapped_column(Integer, default=0)

    program: Mapped[Program] = relationship(back_populates="leads")


class ProgramRevision(Base):
    """A snapshot of a program after each accepted change (the history view)."""

    __tablename__ = "program_revisions"
    __table_args__ = (UniqueConstraint("program_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    version: Mapped[int] = mapped_column(Integer)
    snapshot_json: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    program: Mapped[Program] = relationship(back_populates="revisions")


class LoginSession(Base):
    """A browser session; only the SHA-256 of the cookie value is stored."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditHead(Base):
    """The single row holding the newest audit sequence number and hash.

    Updating it in every writing transaction serialises audit appends, so the chain never
    forks, on SQLite and PostgreSQL alike.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditEntry(Base):
    """One append-only, hash-chained audit record."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer)
    details_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "ClinicianAssignment",
    "ImpedanceRecord",
    "Implant",
    "ImplantLead",
    "LoginSession",
    "PainRegion",
    "Patient",
    "Program",
    "ProgramLead",
    "ProgramRevision",
    "ProgrammingSession",
    "Role",
    "SessionEvent",
    "User",
]
