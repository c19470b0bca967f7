"""Programming sessions on a patient's implant, and the patient's pain map (clinicians)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from drgsim.app.server import schemas as s
from drgsim.app.server.clinic import Clinic
from drgsim.app.server.routers.deps import ERRORS, ProgrammerDep, allowed_to
from drgsim.app.server.security import Principal
from drgsim.device.programmer import Action

router = APIRouter(prefix="/api/v1/patients/{patient_id}", tags=["sessions"], responses=ERRORS)

Clinician = Annotated[Principal, Depends(allowed_to(Action.PROGRAMMING_SESSION))]


@router.get("/pain-regions", response_model=list[s.PainRegionOut])
def pain_regions(
    patient_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.VIEW_THERAPY))],
    programmer: ProgrammerDep,
) -> list[s.PainRegionOut]:
    """The patient's painful body regions (previews compute their coverage)."""
    return Clinic(programmer).pain_map(principal, patient_id)


@router.put("/pain-regions", response_model=list[s.PainRegionOut])
def set_pain_regions(
    patient_id: int,
    data: s.PainMapIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.EDIT_PAIN_MAP))],
    programmer: ProgrammerDep,
) -> list[s.PainRegionOut]:
    """Replace the patient's painful body regions."""
    return Clinic(programmer).set_pain_map(principal, patient_id, data)


@router.post("/sessions", response_model=s.SessionOut, status_code=201)
def open_session(patient_id: int, principal: Clinician, programmer: ProgrammerDep) -> s.SessionOut:
    """Open a programming session on the implant (409 while another is open).

    Impedance checks, program saves and sends you make on this implant until you close it are
    linked to the session.
    """
    return Clinic(programmer).open(principal, patient_id)


@router.get("/sessions", response_model=list[s.SessionOut])
def list_sessions(
    patient_id: int, principal: Clinician, programmer: ProgrammerDep
) -> list[s.SessionOut]:
    """Every programming session on the implant with what was done in it, newest first."""
    return Clinic(programmer).sessions(principal, patient_id)


@router.get("/sessions/{session_id}", response_model=s.SessionOut)
def get_session(
    patient_id: int, session_id: int, principal: Clinician, programmer: ProgrammerDep
) -> s.SessionOut:
    """One programming session."""
    return Clinic(programmer).get(principal, patient_id, session_id)


@router.post("/sessions/{session_id}/close", response_model=s.SessionOut)
def close_session(
    patient_id: int, session_id: int, principal: Clinician, programmer: ProgrammerDep
) -> s.SessionOut:
    """Close a session you opened."""
    return Clinic(programmer).close(principal, patient_id, session_id)
