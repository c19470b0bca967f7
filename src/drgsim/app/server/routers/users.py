"""User accounts (administrators)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from drgsim.app.db.models import User
from drgsim.app.server import schemas as s
from drgsim.app.server.routers.deps import ERRORS, Admin, ProgrammerDep

router = APIRouter(prefix="/api/v1/users", tags=["users"], responses=ERRORS)


@router.get("", response_model=list[s.UserOut])
def list_users(principal: Admin, programmer: ProgrammerDep) -> list[s.UserOut]:
    """Every user (administrators)."""
    return programmer.read(
        lambda session: [
            s.UserOut.model_validate(u)
            for u in session.execute(select(User).order_by(User.id)).scalars()
        ]
    )


@router.post("", response_model=s.UserOut, status_code=201)
def create_user(data: s.UserIn, principal: Admin, programmer: ProgrammerDep) -> s.UserOut:
    """Create a user (administrators)."""
    return s.UserOut.model_validate(programmer.create_user(principal, data))
