"""The audit log's integrity check (administrators)."""

from __future__ import annotations

from fastapi import APIRouter

from drgsim.app.db.models import Role
from drgsim.app.server import schemas as s
from drgsim.app.server.routers.deps import ERRORS, ProgrammerDep
from drgsim.app.server.security import CurrentPrincipal, require_roles

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=ERRORS)


@router.get("/verify", response_model=s.AuditVerifyOut)
def verify(principal: CurrentPrincipal, programmer: ProgrammerDep) -> s.AuditVerifyOut:
    """Recompute the hash chain and report the first break, if any."""
    require_roles(principal, Role.ADMINISTRATOR)
    return programmer.verify_audit()
