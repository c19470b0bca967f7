"""A writer killed with SIGKILL at random moments loses no acknowledged change.

A forked child runs the programmer's patient-amplitude change in a loop on a real database
(SQLite file with WAL and synchronous=FULL, or PostgreSQL) and reports each change on a pipe
only after the call returned, i.e. after its transaction committed. The parent kills it with
SIGKILL after a random delay, then opens the database afresh and checks:

- every acknowledged change is in the audit log, in order (0 lost);
- at most one change beyond the acknowledged ones was committed (the kill came between commit
  and report), never a partial one: the program's stored amplitude equals the last audited
  value, and each amplitude audit entry has its program revision (same transaction);
- the hash chain verifies.

Figures: 50 kills per database here, 200 in the slow suite.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from programmer_world import seed, settings_for
from sqlalchemy.engine import make_url

from drgsim.app.db import audit
from drgsim.app.db.engine import make_engine, make_session_factory
from drgsim.app.db.models import AuditEntry, ProgramLead, ProgramRevision, User
from drgsim.app.server import schemas as s
from drgsim.app.server.main import create_app
from drgsim.app.server.security import Principal, _principal_for

POSTGRES_URL = os.environ.get("DRGSIM_TEST_POSTGRES_URL", "")
AMPLITUDES_mA = (0.25, 0.5, 0.75, 1.0)  # inside patient 1's window (0.25-1.0 mA)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A seeded programmer database of each kind (patient 1 has an active program)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'durability.sqlite3'}"
        seed(create_app(settings_for(url)))
        yield url
        return
    if not POSTGRES_URL:
        pytest.skip("DRGSIM_TEST_POSTGRES_URL is not set (scripts/test starts a PostgreSQL)")
    name = f"drgsim_kill_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        app = create_app(settings_for(url))
        seed(app)
        app.state.engine.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _writer(url: str, write_fd: int, seed_value: int) -> None:
    """Child: change patient 1's amplitude forever, reporting each committed change."""
    app = create_app(settings_for(url), migrate=False)
    programmer = app.state.programmer
    with programmer.factory() as session:
        user = session.execute(sa.select(User).where(User.username == "pat1")).scalar_one()
        principal: Principal | None = _principal_for(session, user.id, None)
    assert principal is not None and principal.patient_id is not None
    rng = random.Random(seed_value)
    os.write(write_fd, b"READY\n")
    while True:
        target = rng.choice(AMPLITUDES_mA)
        data = s.AmplitudeIn(channel=0, amplitude_mA=target)
        programmer.set_amplitude(principal, principal.patient_id, data)
        os.write(write_fd, f"ACK {round(target * 1000)}\n".encode())


def _run_and_kill(url: str, rng: random.Random) -> list[int]:
    """Fork a writer, kill it at a random moment, return the acknowledged amplitudes [uA]."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read_fd)
        try:
            _writer(url, write_fd, rng.randrange(2**32))
        finally:
            os._exit(0)
    os.close(write_fd)
    buffer = b""
    while b"READY\n" not in buffer:
        chunk = os.read(read_fd, 4096)
        if not chunk:
            break
        buffer += chunk
    time.sleep(rng.uniform(0.05, 0.6))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        buffer += chunk
    os.close(read_fd)
    lines = buffer.decode().splitlines()
    # A line cut by the kill is not an acknowledgement.
    return [
        int(line.split()[1]) for line in lines if line.startswith("ACK ") and line[4:].isdigit()
    ]


def _audited(url: str) -> tuple[list[int], int, int, bool]:
    """Amplitude audit values in order, stored amplitude, revisions, chain validity."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            entries = session.execute(
                sa.select(AuditEntry)
                .where(AuditEntry.action == "amplitude.set")
                .order_by(AuditEntry.seq)
            ).scalars()
            values = [json.loads(e.details_json)["to_uA"] for e in entries]
            program_id = session.execute(
                sa.select(AuditEntry.object_id).where(AuditEntry.action == "amplitude.set")
            ).scalar()
            stored = session.execute(
                sa.select(ProgramLead.amplitude_uA).where(
                    ProgramLead.program_id == program_id, ProgramLead.channel == 0
                )
            ).scalar_one_or_none()
            revisions = session.execute(
                sa.select(sa.func.count()).select_from(ProgramRevision)
            ).scalar_one()
            valid = audit.verify(session).is_valid
    finally:
        engine.dispose()
    return values, stored if stored is not None else -1, int(revisions), valid


def _kill_loop(url: str, n_kills: int) -> None:
    rng = random.Random(8)
    _, _, base_revisions, _ = _audited(url)
    n_acked_total = 0
    audited: list[int] = []
    for _ in range(n_kills):
        acked = _run_and_kill(url, rng)
        values, stored, revisions, valid = _audited(url)
        assert valid, "audit chain broken after a kill"
        new = values[len(audited) :]
        assert new[: len(acked)] == acked, "an acknowledged change was lost"
        assert len(new) - len(acked) <= 1, "more unacknowledged commits than one in flight"
        if values:
            assert stored == values[-1], "stored amplitude differs from the last audited one"
        assert revisions - base_revisions == len(values), "change without its revision"
        audited = values
        n_acked_total += len(acked)
    assert n_acked_total > n_kills // 2  # the kills landed in the middle of real work


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # fork() in a threaded process
def test_sigkill_loses_no_acknowledged_change(seeded_url: str) -> None:
    _kill_loop(seeded_url, 50)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sigkill_loses_no_acknowledged_change_200(seeded_url: str) -> None:
    _kill_loop(seeded_url, 200)
