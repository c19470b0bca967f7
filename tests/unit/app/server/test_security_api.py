"""API security beyond the role matrix: tokens, credentials, mass assignment, objects by id.

- an expired or revoked bearer token, and a token of the right shape that was never issued,
  get 401 on every route that needs a login;
- a fresh database has no account at all (no default credentials);
- on every write route, a body with extra fields is refused (422) and nothing is written;
- no identity reaches another patient's objects by id (programs, implant, controller).
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa
from programmer_world import PASSWORD, TestClient, World, settings_for
from test_access import PROGRAM, TABLE

from drgsim.app.db.models import ApiToken, AuditEntry, User
from drgsim.app.server.main import create_app
from drgsim.app.server.security import token_digest

EXTRA = {
    "role": "administrator",
    "is_admin": True,
    "patient_id": 2,
    "version": 999,
    "id": 1,
    "amplitude_uA": 6000,
}


def _count(world: World, table: type) -> int:
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    with programmer.factory() as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _url(world: World, path: str) -> str:
    return path.format(p=world.patient1, g=world.program1, s=1)


def test_expired_and_unknown_tokens_are_refused(world: World) -> None:
    headers = world.as_("clin1")
    url = f"/api/v1/patients/{world.patient1}"
    assert world.client.get(url, headers=headers).status_code == 200
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    raw = headers["Authorization"].removeprefix("Bearer ")
    with programmer.factory() as session, session.begin():
        row = session.execute(
            sa.select(ApiToken).where(ApiToken.token_hash == token_digest(raw))
        ).scalar_one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    for method, path, body, _ in TABLE:
        r = world.client.request(method, _url(world, path), json=body, headers=headers)
        assert r.status_code == 401, (method, path)
    never_issued = {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"}
    assert world.client.get(url, headers=never_issued).status_code == 401


def test_a_fresh_database_has_no_default_account(tmp_path: Path) -> None:
    app = create_app(settings_for(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    with app.state.programmer.factory() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0
    with TestClient(app) as client:
        for username in ("admin", "administrator", "root", "clinician", "demo", "patient"):
            for password in ("admin", "password", "demo", "", PASSWORD):
                r = client.post(
                    "/api/v1/auth/token", data={"username": username, "password": password}
                )
                assert r.status_code in (401, 422), (username, password)


WRITES = [
    (method, path, body)
    for method, path, body, _ in TABLE
    if method in ("POST", "PUT") and isinstance(body, dict)
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
@pytest.mark.parametrize("who", ["admin", "clin1", "pat1"])
def test_extra_fields_are_never_applied(
    shared_world: World, method: str, path: str, body: dict[str, object], who: str
) -> None:
    before = _count(shared_world, AuditEntry)
    r = shared_world.client.request(
        method,
        _url(shared_world, path),
        json={**body, **{k: v for k, v in EXTRA.items() if k not in body}},
        headers=shared_world.as_(who),
    )
    assert r.status_code in (403, 422), r.status_code  # refused for role, or for the body
    assert _count(shared_world, AuditEntry) == before


OTHER_PATIENT_ROUTES = [
    ("GET", "/api/v1/patients/{q}"),
    ("GET", "/api/v1/patients/{q}/implant"),
    ("GET", "/api/v1/patients/{q}/programs"),
    ("GET", "/api/v1/patients/{q}/programs/{h}"),
    ("GET", "/api/v1/patients/{q}/controller"),
    ("POST", "/api/v1/patients/{q}/controller/off"),
    ("GET", "/api/v1/patients/{p}/programs/{h}"),  # own patient, other patient's program
    ("PUT", "/api/v1/patients/{p}/programs/{h}"),
    ("POST", "/api/v1/patients/{p}/programs/{h}/send"),
    ("GET", "/api/v1/patients/{p}/programs/{h}/history"),
]


@pytest.mark.parametrize(("method", "path"), OTHER_PATIENT_ROUTES)
@pytest.mark.parametrize("who", ["pat1", "clin1"])
def test_no_access_to_another_patients_objects_by_id(
    shared_world: World, method: str, path: str, who: str
) -> None:
    w = shared_world
    url = path.format(p=w.patient1, q=w.patient2, h=w.program2)
    body = {**PROGRAM, "version": 1} if method == "PUT" else None
    before = _count(w, AuditEntry)
    r = w.client.request(method, url, json=body, headers=w.as_(who))
    assert r.status_code in (403, 404), r.status_code
    assert "Foot" not in r.text  # nothing of the other patient's program leaks
    assert _count(w, AuditEntry) == before
