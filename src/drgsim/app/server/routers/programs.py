"""Impedance checks and programs of a patient's implant (clinicians)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from drgsim.app.db.models import ImpedanceRecord
from drgsim.app.server import schemas as s
from drgsim.app.server.routers.deps import ERRORS, ProgrammerDep, allowed_to
from drgsim.app.server.security import Principal
from drgsim.device.programmer import Action

router = APIRouter(prefix="/api/v1/patients/{patient_id}", tags=["programs"], responses=ERRORS)


@router.post("/impedance-checks", response_model=s.ImpedanceCheckOut, status_code=201)
def impedance_check(
    patient_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.IMPEDANCE_CHECK))],
    programmer: ProgrammerDep,
) -> s.ImpedanceCheckOut:
    """Measure every contact, record and transfer the values to the generator."""
    return programmer.impedance_check(principal, patient_id)


@router.get("/impedance-checks", response_model=list[s.ImpedanceOut])
def impedance_records(
    patient_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.VIEW_THERAPY))],
    programmer: ProgrammerDep,
) -> list[s.ImpedanceOut]:
    """Every impedance record of the implant, oldest first."""

    def run(session: Session) -> list[s.ImpedanceOut]:
        implant = programmer.implant_of(session, patient_id)
        rows = session.execute(
            select(ImpedanceRecord)
            .where(ImpedanceRecord.implant_id == implant.id)
            .order_by(ImpedanceRecord.id)
        ).scalars()
        return [s.ImpedanceOut.model_validate(r) for r in rows]

    return programmer.read(run)


@router.get("/programs", response_model=list[s.ProgramOut])
def list_programs(
    patient_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.VIEW_THERAPY))],
    programmer: ProgrammerDep,
) -> list[s.ProgramOut]:
    """Every program of the implant."""
    return programmer.read(
        lambda ses: programmer.programs(ses, programmer.implant_of(ses, patient_id))
    )


@router.post("/programs", response_model=s.ProgramOut, status_code=201)
def create_program(
    patient_id: int,
    data: s.ProgramIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.EDIT_PROGRAM))],
    programmer: ProgrammerDep,
) -> s.ProgramOut:
    """Create a program; leads start disabled at 0 mA (contact rule)."""
    return programmer.save_program(principal, patient_id, data)


@router.post("/programs/preview", response_model=s.PreviewOut)
def preview_program(
    patient_id: int,
    data: s.ProgramIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.EDIT_PROGRAM))],
    programmer: ProgrammerDep,
) -> s.PreviewOut:
    """Charge density per contact, limits and battery life of a program; saves nothing."""
    return programmer.preview(principal, patient_id, data)


@router.get("/programs/{program_id}", response_model=s.ProgramOut)
def get_program(
    patient_id: int,
    program_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.VIEW_THERAPY))],
    programmer: ProgrammerDep,
) -> s.ProgramOut:
    """One program."""

    def run(ses: Session) -> s.ProgramOut:
        implant = programmer.implant_of(ses, patient_id)
        row = programmer.program_of(ses, implant, program_id)
        return programmer.program_out(row, implant.active_program_id)

    return programmer.read(run)


@router.put("/programs/{program_id}", response_model=s.ProgramOut)
def update_program(
    patient_id: int,
    program_id: int,
    data: s.ProgramIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.EDIT_PROGRAM))],
    programmer: ProgrammerDep,
) -> s.ProgramOut:
    """Update a program; ``version`` must be the one you read (409 when stale)."""
    return programmer.save_program(principal, patient_id, data, program_id)


@router.get("/programs/{program_id}/history", response_model=list[s.RevisionOut])
def program_history(
    patient_id: int,
    program_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.VIEW_THERAPY))],
    programmer: ProgrammerDep,
) -> list[s.RevisionOut]:
    """Every accepted version of the program, newest first."""

    def run(ses: Session) -> list[s.RevisionOut]:
        implant = programmer.implant_of(ses, patient_id)
        return programmer.history(ses, programmer.program_of(ses, implant, program_id))

    return programmer.read(run)


@router.post("/programs/{program_id}/send", response_model=s.ControllerOut)
def send_program(
    patient_id: int,
    program_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.SEND_PROGRAM))],
    programmer: ProgrammerDep,
) -> s.ControllerOut:
    """Make the program the generator's active program."""
    return programmer.activate(principal, patient_id, program_id)
