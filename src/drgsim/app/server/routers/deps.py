"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from drgsim.app.db.models import Role
from drgsim.app.server.errors import ApiError, NotFoundError
from drgsim.app.server.schemas import MAX_ID, ErrorOut
from drgsim.app.server.security import (
    CurrentPrincipal,
    Principal,
    require_patient_visible,
    require_roles,
)
from drgsim.app.server.services import Programmer
from drgsim.device.programmer import Action, require_action


def get_programmer(request: Request) -> Programmer:
    """The application's :class:`Programmer`."""
    programmer: Programmer = request.app.state.programmer
    return programmer


ProgrammerDep = Annotated[Programmer, Depends(get_programmer)]

#: Error responses documented on every route.
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 422)
}


def patient_scope(principal: CurrentPrincipal, patient_id: int) -> Principal:
    """The caller, after checking they may see ``patient_id`` (403 otherwise)."""
    if not 1 <= patient_id <= MAX_ID:
        raise NotFoundError("no such patient", field="patient_id", value=patient_id)
    require_patient_visible(principal, patient_id)
    return principal


PatientScope = Annotated[Principal, Depends(patient_scope)]


def allowed_to(action: Action) -> Callable[..., Principal]:
    """Dependency: the caller may see ``patient_id`` and their role may do ``action``.

    Checked before the request body is read, so a forbidden call is a 403 whatever it sends.
    """

    def dependency(principal: PatientScope) -> Principal:
        require_action(principal.role, action)
        return principal

    return dependency


def administrator(principal: CurrentPrincipal) -> Principal:
    """Dependency: the caller is an administrator (403 otherwise)."""
    require_roles(principal, Role.ADMINISTRATOR)
    return principal


Admin = Annotated[Principal, Depends(administrator)]

__all__ = [
    "ERRORS",
    "Admin",
    "ApiError",
    "PatientScope",
    "ProgrammerDep",
    "allowed_to",
    "get_programmer",
]
