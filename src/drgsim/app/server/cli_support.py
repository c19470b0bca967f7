"""What the ``serve`` and ``db`` commands do, kept out of the command functions."""

from __future__ import annotations

from collections.abc import Callable

from drgsim.app.db.audit import ChainReport, verify
from drgsim.app.db.engine import (
    current_revision,
    default_data_dir,
    make_engine,
    make_session_factory,
    upgrade,
)
from drgsim.app.server.settings import Settings, get_settings


def _settings(database_url: str | None) -> Settings:
    settings = get_settings()
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    return settings


def upgrade_database(database_url: str | None) -> str | None:
    """Run the migrations; return the revision reached."""
    engine = make_engine(_settings(database_url).database_url)
    upgrade(engine)
    return current_revision(engine)


def verify_database(database_url: str | None) -> ChainReport:
    """Recompute the audit chain of the database."""
    engine = make_engine(_settings(database_url).database_url)
    with make_session_factory(engine)() as session:
        return verify(session)


def run_server(
    *, host: str, port: int, demo: bool, database_url: str | None, echo: Callable[[str], None]
) -> None:
    """Build the app (seeding the demo when asked), print the address, serve until stopped."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as err:
        from drgsim.errors import MissingExtraError

        raise MissingExtraError("server", err.name or "fastapi") from None

    from drgsim.app.server.main import create_app

    settings = _settings(database_url)
    if demo and not database_url:
        path = default_data_dir() / "demo.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        settings = settings.model_copy(update={"database_url": f"sqlite:///{path}"})
    app = create_app(settings)
    if demo:
        from drgsim.app.server.demo import seed_demo

        logins = seed_demo(app.state.programmer)
        echo("Demo logins (generated passwords, valid for this demo database only):")
        for login in logins:
            echo(f"  {login.role:<13} {login.username:<10} {login.password}")
    echo(f"drgsim programmer on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


__all__ = ["run_server", "upgrade_database", "verify_database"]
