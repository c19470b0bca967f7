"""Patients, their clinicians and their implants."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import or_, select

from drgsim.app.db.models import Patient
from drgsim.app.server import schemas as s
from drgsim.app.server.errors import NotFoundError
from drgsim.app.server.routers.deps import ERRORS, Admin, PatientScope, ProgrammerDep, allowed_to
from drgsim.app.server.security import CurrentPrincipal, Principal
from drgsim.app.server.services import Programmer
from drgsim.device.programmer import Action

router = APIRouter(prefix="/api/v1/patients", tags=["patients"], responses=ERRORS)


def find_patients(programmer: Programmer, principal: Principal, q: str) -> list[s.PatientOut]:
    """Patients the caller may see whose name or reference contains ``q``."""
    stmt = select(Patient).order_by(Patient.display_name)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Patient.display_name.ilike(like), Patient.reference.ilike(like)))
    rows = programmer.read(lambda session: list(session.execute(stmt).scalars()))
    return [s.PatientOut.model_validate(p) for p in rows if principal.may_see_patient(p.id)]


@router.get("", response_model=list[s.PatientOut])
def list_patients(
    principal: CurrentPrincipal,
    programmer: ProgrammerDep,
    q: Annotated[str, Query(max_length=64)] = "",
) -> list[s.PatientOut]:
    """Patients the caller may see (a clinician: assigned ones; a patient: themself)."""
    return find_patients(programmer, principal, q)


@router.post("", response_model=s.PatientOut, status_code=201)
def create_patient(data: s.PatientIn, principal: Admin, programmer: ProgrammerDep) -> s.PatientOut:
    """Create a patient record (administrators)."""
    return s.PatientOut.model_validate(programmer.create_patient(principal, data))


@router.get("/{patient_id}", response_model=s.PatientOut)
def get_patient(
    patient_id: int, principal: PatientScope, programmer: ProgrammerDep
) -> s.PatientOut:
    """One patient record."""
    row = programmer.read(lambda session: session.get(Patient, patient_id))
    if row is None:
        raise NotFoundError("no such patient", field="patient_id", value=patient_id)
    return s.PatientOut.model_validate(row)


@router.post("/{patient_id}/assignments", status_code=204)
def assign(
    patient_id: int, data: s.AssignmentIn, principal: Admin, programmer: ProgrammerDep
) -> None:
    """Assign a clinician to the patient (administrators)."""
    programmer.assign(principal, patient_id, data.clinician_id)


@router.post("/{patient_id}/implant", response_model=s.ImplantOut, status_code=201)
def create_implant(
    patient_id: int, data: s.ImplantIn, principal: Admin, programmer: ProgrammerDep
) -> s.ImplantOut:
    """Record the patient's implant and leads (administrators)."""
    implant = programmer.create_implant(principal, patient_id, data)
    return programmer.read(lambda session: programmer.implant_out(session, implant))


@router.get("/{patient_id}/implant", response_model=s.ImplantOut)
def get_implant(
    patient_id: int, principal: PatientScope, programmer: ProgrammerDep
) -> s.ImplantOut:
    """The implant, its leads (level, side) and its generator's state."""
    return programmer.read(
        lambda session: programmer.implant_out(session, programmer.implant_of(session, patient_id))
    )


@router.post("/{patient_id}/implant/simulate", response_model=s.ImplantOut)
def simulate(
    patient_id: int,
    data: s.SimulateIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.SIMULATE))],
    programmer: ProgrammerDep,
) -> s.ImplantOut:
    """Let simulated days pass or change a lead's simulated impedance (administrators)."""
    return programmer.simulate(principal, patient_id, data)
