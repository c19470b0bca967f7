"""Programming sessions and the patient's pain map.

A clinician opens a programming session on a patient's implant (one open session per implant),
works, and closes it. While it is open, the impedance checks, program saves and sends that
clinician makes on that implant are linked to it (:func:`link`, one
:class:`~drgsim.app.db.models.SessionEvent` row written in the same transaction as the change,
and the session id in the change's audit entry). Opening and closing are changes too: each
writes one hash-chained audit entry in its own transaction.

The pain map (painful body regions with side) is what program previews compute the coverage
of (:mod:`drgsim.app.server.previews`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.app.db.models import (
    Implant,
    PainRegion,
    Patient,
    ProgrammingSession,
    SessionEvent,
    User,
    utcnow,
)
from drgsim.app.server import schemas as s
from drgsim.app.server.errors import ApiError, NotFoundError, VersionConflictError
from drgsim.app.server.security import Principal
from drgsim.device.programmer import Action, require_action

if TYPE_CHECKING:
    from drgsim.app.server.services import Programmer


def open_session_of(session: Session, implant_id: int) -> ProgrammingSession | None:
    """The implant's open programming session, if any."""
    return session.execute(
        select(ProgrammingSession).where(
            ProgrammingSession.implant_id == implant_id, ProgrammingSession.closed_at.is_(None)
        )
    ).scalar_one_or_none()


def link(
    session: Session,
    who: Principal | None,
    implant: Implant,
    action: str,
    object_type: str,
    object_id: int | None,
    summary: str,
) -> int | None:
    """Record a change in the caller's open session on ``implant``; return its id (or None)."""
    if who is None:
        return None
    row = open_session_of(session, implant.id)
    if row is None or row.clinician_id != who.user_id:
        return None
    session.add(
        SessionEvent(
            session_id=row.id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:256],
        )
    )
    return row.id


def session_out(session: Session, row: ProgrammingSession) -> s.SessionOut:
    """The API form of a session."""
    clinician = session.get(User, row.clinician_id)
    return s.SessionOut(
        id=row.id,
        implant_id=row.implant_id,
        clinician=clinician.username if clinician else "?",
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        is_open=row.closed_at is None,
        version=row.version,
        events=[s.SessionEventOut.model_validate(e) for e in row.events],
    )


class Clinic:
    """Sessions and pain maps over the programmer's database (same transaction rules)."""

    def __init__(self, programmer: Programmer) -> None:
        self.programmer = programmer

    # -- pain map ---
    def pain_map(self, who: Principal, patient_id: int) -> list[s.PainRegionOut]:
        """The patient's painful regions."""
        require_action(who.role, Action.VIEW_THERAPY)

        def run(session: Session) -> list[s.PainRegionOut]:
            patient = self._patient(session, patient_id)
            return [s.PainRegionOut.model_validate(r) for r in patient.pain_regions]

        return self.programmer.read(run)

    def set_pain_map(
        self, who: Principal, patient_id: int, data: s.PainMapIn
    ) -> list[s.PainRegionOut]:
        """Replace the patient's painful regions (clinicians)."""
        require_action(who.role, Action.EDIT_PAIN_MAP)
        wanted: list[tuple[str, str]] = []
        for i, r in enumerate(data.regions):
            try:
                region = BodyRegion(r.region.strip().lower())
            except ValueError:
                raise ApiError(
                    f"unknown body region {r.region!r}",
                    field=f"regions[{i}].region",
                    value=r.region,
                    allowed=", ".join(x.value for x in BodyRegion),
                    hint="pick a region of the atlas",
                ) from None
            if (region.value, r.side) not in wanted:
                wanted.append((region.value, r.side))
        with self.programmer._write() as session:
            patient = self._patient(session, patient_id)
            before = [(r.region, r.side) for r in patient.pain_regions]
            patient.pain_regions.clear()
            session.flush()
            for region_name, side in wanted:
                patient.pain_regions.append(PainRegion(region=region_name, side=side))
            session.flush()
            self.programmer._audit(
                session,
                who,
                "pain_map.set",
                "patient",
                patient_id,
                patient_id,
                {"from": [list(x) for x in before], "to": [list(x) for x in wanted]},
            )
            return [s.PainRegionOut.model_validate(r) for r in patient.pain_regions]

    # -- sessions ---
    def open(self, who: Principal, patient_id: int) -> s.SessionOut:
        """Open a programming session on the patient's implant (409 if one is open)."""
        require_action(who.role, Action.PROGRAMMING_SESSION)
        with self.programmer._write() as session:
            implant = self.programmer.implant_of(session, patient_id)
            current = open_session_of(session, implant.id)
            if current is not None:
                raise VersionConflictError(
                    "a programming session is already open on this implant; close it first",
                    field="session",
                    value=current.id,
                    allowed="no open session",
                )
            row = ProgrammingSession(implant_id=implant.id, clinician_id=who.user_id)
            session.add(row)
            session.flush()
            self.programmer._audit(
                session, who, "session.open", "session", row.id, patient_id, {"session_id": row.id}
            )
            return session_out(session, row)

    def close(self, who: Principal, patient_id: int, session_id: int) -> s.SessionOut:
        """Close a session the caller opened (409 if it is already closed)."""
        require_action(who.role, Action.PROGRAMMING_SESSION)
        with self.programmer._write() as session:
            implant = self.programmer.implant_of(session, patient_id)
            row = self._session(session, implant, session_id)
            if row.closed_at is not None:
                raise VersionConflictError(
                    "this session is already closed",
                    field="session_id",
                    value=session_id,
                    allowed="an open session",
                )
            if row.clinician_id != who.user_id:
                raise ApiError(
                    "only the clinician who opened a session closes it",
                    field="session_id",
                    value=session_id,
                    allowed="a session you opened",
                )
            row.closed_at = utcnow()
            session.flush()
            self.programmer._audit(
                session,
                who,
                "session.close",
                "session",
                row.id,
                patient_id,
                {"session_id": row.id, "n_events": len(row.events)},
            )
            return session_out(session, row)

    def sessions(self, who: Principal, patient_id: int) -> list[s.SessionOut]:
        """Every session on the patient's implant, newest first."""
        require_action(who.role, Action.PROGRAMMING_SESSION)

        def run(session: Session) -> list[s.SessionOut]:
            implant = self.programmer.implant_of(session, patient_id)
            rows = session.execute(
                select(ProgrammingSession)
                .where(ProgrammingSession.implant_id == implant.id)
                .order_by(ProgrammingSession.id.desc())
            ).scalars()
            return [session_out(session, r) for r in rows]

        return self.programmer.read(run)

    def get(self, who: Principal, patient_id: int, session_id: int) -> s.SessionOut:
        """One session of the patient's implant."""
        require_action(who.role, Action.PROGRAMMING_SESSION)

        def run(session: Session) -> s.SessionOut:
            implant = self.programmer.implant_of(session, patient_id)
            return session_out(session, self._session(session, implant, session_id))

        return self.programmer.read(run)

    # -- helpers ---
    @staticmethod
    def _patient(session: Session, patient_id: int) -> Patient:
        patient = session.get(Patient, patient_id) if 1 <= patient_id <= s.MAX_ID else None
        if patient is None:
            raise NotFoundError("no such patient", field="patient_id", value=patient_id)
        return patient

    @staticmethod
    def _session(session: Session, implant: Implant, session_id: int) -> ProgrammingSession:
        row = session.get(ProgrammingSession, session_id) if 1 <= session_id <= s.MAX_ID else None
        if row is None or row.implant_id != implant.id:
            raise NotFoundError("no such session", field="session_id", value=session_id)
        return row


__all__ = ["Clinic", "link", "open_session_of", "session_out"]
