"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from drgsim.app.server.errors import ApiError, NotFoundError
from drgsim.app.server.schemas import ErrorOut
from drgsim.app.server.security import CurrentPrincipal, Principal, require_patient_visible
from drgsim.app.server.services import Programmer


def get_programmer(request: Request) -> Programmer:
    """The application's :class:`Programmer`."""
    programmer: Programmer = request.app.state.programmer
    return programmer


ProgrammerDep = Annotated[Programmer, Depends(get_programmer)]

#: Error responses documented on every route.
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorOut} for code in (401, 403, 404, 409, 422)
}


def patient_scope(principal: CurrentPrincipal, patient_id: int) -> Principal:
    """The caller, after checking they may see ``patient_id`` (403 otherwise)."""
    if patient_id < 1:
        raise NotFoundError("no such patient", field="patient_id", value=patient_id)
    require_patient_visible(principal, patient_id)
    return principal


PatientScope = Annotated[Principal, Depends(patient_scope)]

__all__ = ["ERRORS", "ApiError", "PatientScope", "ProgrammerDep", "get_programmer"]
