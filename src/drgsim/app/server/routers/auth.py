"""Bearer tokens and the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from drgsim.app.server import schemas as s
from drgsim.app.server.errors import NotAuthenticatedError
from drgsim.app.server.routers.deps import ERRORS, ProgrammerDep
from drgsim.app.server.security import (
    CurrentPrincipal,
    authenticate,
    charge_login,
    issue_api_token,
)

router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=ERRORS)


@router.post("/token", response_model=s.TokenOut)
def token(
    request: Request,
    programmer: ProgrammerDep,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=256)],
) -> s.TokenOut:
    """Exchange a username and password (form fields) for a bearer token.

    Attempts are rate-limited per client address and per username (429) before the password
    is checked, on top of the lockout after repeated failures.
    """
    charge_login(request, username)
    factory = programmer.factory
    with factory() as session, session.begin():
        try:
            user = authenticate(session, programmer.settings, username, password)
        except NotAuthenticatedError:
            session.commit()  # keep the failure count
            raise
        value, expires = issue_api_token(session, programmer.settings, user)
    return s.TokenOut(access_token=value, expires_at=expires)


@router.get("/me", response_model=s.MeOut)
def me(principal: CurrentPrincipal) -> s.MeOut:
    """Who the caller is."""
    return s.MeOut(
        user_id=principal.user_id,
        username=principal.username,
        role=principal.role.value,
        patient_id=principal.patient_id,
    )
