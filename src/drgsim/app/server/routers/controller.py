"""The patient controller: intensity, program choice, on / all off, MRI mode, battery."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from drgsim.app.server import schemas as s
from drgsim.app.server.routers.deps import (
    ERRORS,
    OffScope,
    PatientScope,
    ProgrammerDep,
    allowed_to,
)
from drgsim.app.server.security import Principal
from drgsim.device.programmer import Action

router = APIRouter(
    prefix="/api/v1/patients/{patient_id}/controller", tags=["controller"], responses=ERRORS
)


@router.get("", response_model=s.ControllerOut)
def controller(
    patient_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.VIEW_THERAPY))],
    programmer: ProgrammerDep,
) -> s.ControllerOut:
    """State, battery, active program, per-lead amplitude and window, choosable programs."""
    return programmer.controller(principal, patient_id)


@router.post("/amplitude", response_model=s.ControllerOut)
def amplitude(
    patient_id: int,
    data: s.AmplitudeIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.SET_PATIENT_AMPLITUDE))],
    programmer: ProgrammerDep,
) -> s.ControllerOut:
    """Set a lead's amplitude (or move it by steps) inside the patient window."""
    return programmer.set_amplitude(principal, patient_id, data)


@router.post("/program", response_model=s.ControllerOut)
def choose_program(
    patient_id: int,
    data: s.ChooseProgramIn,
    principal: Annotated[Principal, Depends(allowed_to(Action.CHOOSE_PROGRAM))],
    programmer: ProgrammerDep,
) -> s.ControllerOut:
    """Choose the active program among those enabled for the patient."""
    return programmer.activate(principal, patient_id, data.program_id)


@router.post("/on", response_model=s.ControllerOut)
def stimulation_on(
    patient_id: int,
    principal: Annotated[Principal, Depends(allowed_to(Action.STIMULATION_ON))],
    programmer: ProgrammerDep,
) -> s.ControllerOut:
    """Switch stimulation on with the active program."""
    return programmer.stimulation(principal, patient_id, on=True)


@router.post("/off", response_model=s.ControllerOut)
def stimulation_off(
    patient_id: int, principal: OffScope, programmer: ProgrammerDep
) -> s.ControllerOut:
    """Switch all stimulation off (always succeeds).

    The patient themself or an assigned clinician is never rate-limited or shed here; refused
    callers are charged to their address's rate limit.
    """
    return programmer.stimulation(principal, patient_id, on=False)


@router.post("/mri", response_model=s.ControllerOut)
def mri(
    patient_id: int, data: s.MriIn, principal: PatientScope, programmer: ProgrammerDep
) -> s.ControllerOut:
    """Enter or leave MRI mode."""
    return programmer.mri(principal, patient_id, data.on)
