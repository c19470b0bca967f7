"""Database tests, run against SQLite and PostgreSQL.

PostgreSQL comes from ``DRGSIM_TEST_POSTGRES_URL`` (``scripts/test`` starts a private server and
sets it); each test gets its own database, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from programmer_world import TestClient, seed, settings_for, token
from sqlalchemy.engine import make_url
from sqlalchemy.orm.exc import StaleDataError

from drgsim.app.db import audit
from drgsim.app.db.engine import (
    current_revision,
    downgrade,
    make_engine,
    make_session_factory,
    transaction,
    upgrade,
)
from drgsim.app.db.models import AuditEntry, Base, Patient
from drgsim.app.server.main import create_app

POSTGRES_URL = os.environ.get("DRGSIM_TEST_POSTGRES_URL", "")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("DRGSIM_TEST_POSTGRES_URL is not set (scripts/test starts a PostgreSQL)")
    name = f"drgsim_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def append(session: sa.orm.Session, n: int) -> None:
    for i in range(n):
        audit.append(
            session,
            actor_id=None,
            actor_role="system",
            action=f"test.{i}",
            object_type="test",
            object_id=i,
            patient_id=None,
            details={"i": i},
        )


def test_migrations_create_the_models_and_go_down_and_up(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    assert current_revision(engine) == "0002"
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    downgrade(engine, "base")
    assert current_revision(engine) is None
    upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        append(session, 2)
    with make_session_factory(engine)() as session:
        assert audit.verify(session).is_valid
    engine.dispose()


BATTERY = 'SELECT "battery_used_J" FROM implants'


def test_upgrading_from_0001_keeps_the_data(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    app = create_app(settings_for(database_url), migrate=False)
    seed(app)
    app.state.engine.dispose()
    with engine.connect() as connection:
        before = {
            t: connection.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()
            for t in ("patients", "implants", "programs", "program_revisions", "audit_log")
        }
        battery = connection.exec_driver_sql(BATTERY).all()
    downgrade(engine, "0001")
    upgrade(engine)
    with engine.connect() as connection:
        after = {
            t: connection.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar() for t in before
        }
        assert connection.exec_driver_sql(BATTERY).all() == battery
    assert after == before and before["programs"] == 2
    with make_session_factory(engine)() as session:
        assert audit.verify(session).is_valid
    engine.dispose()


def test_durability_settings(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        else:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
    engine.dispose()


def test_audit_log_is_append_only(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        append(session, 3)
    for statement in ("UPDATE audit_log SET action = 'edited'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    engine.dispose()


def _tamper(engine: sa.Engine, statement: str) -> None:
    """Change the log behind the triggers' back (what an attacker with file access could do)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            connection.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        connection.exec_driver_sql(statement)


@pytest.mark.parametrize(
    ("statement", "bad_seq"),
    [
        ("UPDATE audit_log SET details_json = '{\"i\":99}' WHERE seq = 2", 2),  # edit
        ("DELETE FROM audit_log WHERE seq = 2", 3),  # deletion
        ("DELETE FROM audit_log WHERE seq = 4", 4),  # truncation of the newest
        ("UPDATE audit_log SET seq = seq + 100 WHERE seq IN (2, 3)", 4),  # reordering
    ],
)
def test_the_hash_chain_finds_edits_deletions_and_reordering(
    database_url: str, statement: str, bad_seq: int
) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        append(session, 4)
    _tamper(engine, statement)
    with factory() as session:
        report = audit.verify(session)
    assert not report.is_valid
    assert report.first_bad_seq == bad_seq
    engine.dispose()


def test_version_columns_refuse_a_lost_update(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        session.add(Patient(display_name="A", reference="R-1"))
    stale = factory()
    mine = stale.get(Patient, 1)
    assert mine is not None
    stale.commit()
    with transaction(factory) as session:
        other = session.get(Patient, 1)
        assert other is not None
        other.display_name = "B"
    mine.display_name = "C"
    stale.add(mine)
    with pytest.raises(StaleDataError):
        stale.commit()
    stale.close()
    with factory() as session:
        assert session.get(Patient, 1).display_name == "B"  # type: ignore[union-attr]
    engine.dispose()


def test_the_programmer_runs_on_each_database(database_url: str) -> None:
    app = create_app(settings_for(database_url))
    p1, _, _, _ = seed(app)
    with TestClient(app) as client:
        headers = token(client, "pat1")
        r = client.post(
            f"/api/v1/patients/{p1}/controller/amplitude",
            json={"channel": 0, "steps": 2},
            headers=headers,
        )
        assert r.status_code == 200
        assert r.json()["leads"][0]["amplitude_mA"] == pytest.approx(0.55)
        admin = token(client, "admin")
        assert client.get("/api/v1/audit/verify", headers=admin).json()["is_valid"]
    with app.state.programmer.factory() as session:
        n = session.execute(sa.select(sa.func.count(AuditEntry.seq))).scalar()
    assert n and n > 10
    app.state.engine.dispose()
