"""The programmer application: ``create_app()`` builds the FastAPI app.

It opens the database named by the settings, runs the Alembic migrations, and mounts the JSON
API (``/api/v1``, documented at ``/docs`` and ``/openapi.json``), the web pages and their
static files. Run it with ``drgsim serve``.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from drgsim.app.db.engine import make_engine, make_session_factory, upgrade
from drgsim.app.server.errors import install_handlers
from drgsim.app.server.limits import Limits, LimitsMiddleware
from drgsim.app.server.routers import (
    audit,
    auth,
    clinic,
    controller,
    pages,
    patients,
    programs,
    users,
)
from drgsim.app.server.services import Programmer
from drgsim.app.server.settings import Settings, get_settings


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    """Build the programmer app.

    Parameters
    ----------
    settings
        Settings to use; read from the environment (``DRGSIM_*``) when omitted.
    migrate
        Run the Alembic migrations up to the newest revision first.
    """
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    app = FastAPI(
        title="drgsim programmer",
        summary="Clinician and patient programmer of a simulated DRG stimulator.",
        description=(
            "Programs a digital twin of an implanted DRG pulse generator. Every change is "
            "checked against the generator's ranges and the charge-density limits, written with "
            "one hash-chained audit entry in the same transaction, and only then applied to the "
            "twin, which checks it again. Errors are JSON: "
            '`{"error": {"field", "value", "allowed", "hint", "message"}}`. '
            "Authenticate with a bearer token from `POST /api/v1/auth/token`. "
            "Requests are rate-limited per client address and per user (429) and shed when the "
            "server is saturated (503), both with `Retry-After`; "
            "`POST /api/v1/patients/{patient_id}/controller/off` by the patient or an assigned "
            "clinician is never limited or shed."
        ),
        version=_version(),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.programmer = Programmer(app.state.session_factory, settings)
    app.state.limits = Limits(settings)
    app.add_middleware(LimitsMiddleware, limits=app.state.limits)
    install_handlers(app)
    for module in (auth, users, patients, programs, clinic, controller, audit, pages):
        app.include_router(module.router)
    static = resources.files("drgsim.app.server") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def _version() -> str:
    from drgsim import __version__

    return __version__


__all__ = ["create_app"]
