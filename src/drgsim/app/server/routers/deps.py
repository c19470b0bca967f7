"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from drgsim.app.db.models import Role
from drgsim.app.server.errors import ApiError, NotFoundError
from drgsim.app.server.limits import limits_of
from drgsim.app.server.schemas import MAX_ID, ErrorOut
from drgsim.app.server.security import (
    CurrentPrincipal,
    Principal,
    current_principal,
    optional_principal,
    require_patient_visible,
    require_roles,
)
from drgsim.app.server.services import Programmer
from drgsim.device.programmer import Action, require_action
from drgsim.errors import ProgrammerRuleError


def get_programmer(request: Request) -> Programmer:
    """The application's :class:`Programmer`."""
    programmer: Programmer = request.app.state.programmer
    return programmer


ProgrammerDep = Annotated[Programmer, Depends(get_programmer)]

#: Error responses documented on every route.
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}
ERRORS: dict[int | str, dict[str, object]] = {
    **{code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 422)},
    429: {
        "model": ErrorOut,
        "description": "Over a rate limit (per client address, per user, per login).",
        "headers": _RETRY_AFTER,
    },
    503: {
        "model": ErrorOut,
        "description": "The server sheds load; never for stimulation off.",
        "headers": _RETRY_AFTER,
    },
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


def stimulation_off_scope(
    request: Request,
    patient_id: int,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    """Dependency of "stimulation off": the patient themself or an assigned clinician.

    The route is exempt from every rate limit and from load shedding; a refused call (no
    valid credentials, another patient, a role that may not) is charged to the client
    address's bucket instead, so the exemption cannot be used to flood the server.
    """
    try:
        caller = current_principal(request, principal)
        patient_scope(caller, patient_id)
        require_action(caller.role, Action.STIMULATION_OFF)
    except (ApiError, ProgrammerRuleError):
        limits = limits_of(request)
        if limits is not None:
            limits.charge_address(request)
        raise
    return caller


OffScope = Annotated[Principal, Depends(stimulation_off_scope)]

__all__ = [
    "ERRORS",
    "Admin",
    "ApiError",
    "OffScope",
    "PatientScope",
    "ProgrammerDep",
    "allowed_to",
    "get_programmer",
    "stimulation_off_scope",
]
