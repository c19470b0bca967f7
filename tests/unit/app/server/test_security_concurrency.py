"""Concurrent reads and patient adjustments neither deadlock nor fail.

Status reads and intensity changes run at once from several threads, as a server's thread pool
runs them. Every call must succeed: no "database is locked", no lost change, a valid audit
chain. (Reads once took the database lock before the twins' lock while writes took them in the
other order, so a read and a write could each wait for the other.)
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from programmer_world import seed, settings_for

from drgsim.app.db import audit
from drgsim.app.db.models import AuditEntry, User
from drgsim.app.server import schemas as s
from drgsim.app.server.main import create_app
from drgsim.app.server.security import _principal_for


def test_reads_and_adjustments_run_concurrently(tmp_path: Path) -> None:
    app = create_app(settings_for(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    patient, _, _, _ = seed(app)
    programmer = app.state.programmer
    with programmer.factory() as session:
        user = session.execute(sa.select(User).where(User.username == "pat1")).scalar_one()
        principal = _principal_for(session, user.id, None)
        n_audit = session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one()
    assert principal is not None
    errors: list[BaseException] = []
    n_rounds = 15

    def reader() -> None:
        try:
            for _ in range(n_rounds):
                programmer.controller(principal, patient)
        except BaseException as error:
            errors.append(error)

    def writer(offset: int) -> None:
        try:
            for i in range(n_rounds):
                amplitude = (0.25, 0.5, 0.75, 1.0)[(i + offset) % 4]
                data = s.AmplitudeIn(channel=0, amplitude_mA=amplitude)
                programmer.set_amplitude(principal, patient, data)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    threads += [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    assert errors == []
    with programmer.factory() as session:
        n_after = session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one()
        assert audit.verify(session).is_valid
    assert n_after - n_audit == 2 * n_rounds
