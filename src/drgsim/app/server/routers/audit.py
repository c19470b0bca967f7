"""The audit log's integrity check (administrators)."""

from __future__ import annotations

from fastapi import APIRouter

from drgsim.app.server import schemas as s
from drgsim.app.server.routers.deps import ERRORS, Admin, ProgrammerDep

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=ERRORS)


@router.get("/verify", response_model=s.AuditVerifyOut)
def verify(principal: Admin, programmer: ProgrammerDep) -> s.AuditVerifyOut:
    """Recompute the hash chain and report the first break, if any."""
    return programmer.verify_audit()
