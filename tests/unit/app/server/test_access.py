"""One endpoint x role table generates the access tests: 401 and 403 exactly where expected.

Identities, seen from patient 1: anonymous, the patient themself, another patient, their
assigned clinician, a clinician not assigned to them, an administrator. "allowed" means
neither 401 nor 403 (a 2xx, or a 4xx about the request's content).
"""

from __future__ import annotations

import pytest
from programmer_world import World

IDENTITIES = {
    "patient_self": "pat1",
    "patient_other": "pat2",
    "clinician_assigned": "clin1",
    "clinician_unassigned": "clin2",
    "administrator": "admin",
}
SELF, OTHER, ASSIGNED, UNASSIGNED, ADMIN = IDENTITIES
EVERYONE = frozenset(IDENTITIES)

PROGRAM = {
    "name": "Matrix",
    "leads": [
        {"channel": 0, "polarity": "-+00", "amplitude_mA": 0, "pulse_width_us": 300, "rate_Hz": 20}
    ],
}
P = "/api/v1/patients/{p}"
# (method, path, json body, identities allowed)
TABLE: list[tuple[str, str, object, frozenset[str]]] = [
    ("GET", "/api/v1/auth/me", None, EVERYONE),
    ("GET", "/api/v1/users", None, frozenset({ADMIN})),
    ("POST", "/api/v1/users", {"username": "x"}, frozenset({ADMIN})),
    ("GET", "/api/v1/patients", None, EVERYONE),
    ("POST", "/api/v1/patients", {"display_name": "X"}, frozenset({ADMIN})),
    ("GET", P, None, frozenset({SELF, ASSIGNED, ADMIN})),
    ("POST", P + "/assignments", {"clinician_id": 99999}, frozenset({ADMIN})),
    ("POST", P + "/implant", {"serial": "x"}, frozenset({ADMIN})),
    ("GET", P + "/implant", None, frozenset({SELF, ASSIGNED, ADMIN})),
    ("POST", P + "/implant/simulate", {"days": 0}, frozenset({ADMIN})),
    ("POST", P + "/impedance-checks", None, frozenset({ASSIGNED})),
    ("GET", P + "/impedance-checks", None, frozenset({SELF, ASSIGNED})),
    ("GET", P + "/programs", None, frozenset({SELF, ASSIGNED})),
    ("POST", P + "/programs", PROGRAM, frozenset({ASSIGNED})),
    ("POST", P + "/programs/preview", PROGRAM, frozenset({ASSIGNED})),
    ("GET", P + "/programs/{g}", None, frozenset({SELF, ASSIGNED})),
    ("PUT", P + "/programs/{g}", {**PROGRAM, "version": 0}, frozenset({ASSIGNED})),
    ("GET", P + "/programs/{g}/history", None, frozenset({SELF, ASSIGNED})),
    ("POST", P + "/programs/{g}/send", None, frozenset({ASSIGNED})),
    ("GET", P + "/controller", None, frozenset({SELF, ASSIGNED})),
    ("POST", P + "/controller/amplitude", {"channel": 0, "steps": 0}, frozenset({SELF})),
    ("POST", P + "/controller/program", {"program_id": 0}, frozenset({SELF, ASSIGNED})),
    ("POST", P + "/controller/on", None, frozenset({SELF, ASSIGNED})),
    ("POST", P + "/controller/off", None, frozenset({SELF, ASSIGNED})),
    ("POST", P + "/controller/mri", {"on": False}, frozenset({SELF, ASSIGNED})),
    ("GET", P + "/pain-regions", None, frozenset({SELF, ASSIGNED})),
    ("PUT", P + "/pain-regions", {"regions": []}, frozenset({ASSIGNED})),
    ("POST", P + "/sessions", None, frozenset({ASSIGNED})),
    ("GET", P + "/sessions", None, frozenset({ASSIGNED})),
    ("GET", P + "/sessions/{s}", None, frozenset({ASSIGNED})),
    ("POST", P + "/sessions/{s}/close", None, frozenset({ASSIGNED})),
    ("GET", "/api/v1/audit/verify", None, frozenset({ADMIN})),
]
CASES = [
    pytest.param(
        method, path, body, identity, identity in allowed, id=f"{method} {path} as {identity}"
    )
    for method, path, body, allowed in TABLE
    for identity in [*IDENTITIES, "anonymous"]
]


def _call(world: World, method: str, path: str, body: object, who: str) -> int:
    url = path.format(p=world.patient1, g=world.program1, s=1)
    headers = world.as_(IDENTITIES.get(who, ""))
    return world.client.request(method, url, json=body, headers=headers).status_code


@pytest.mark.parametrize(("method", "path", "body", "identity", "allowed"), CASES)
def test_access(
    shared_world: World, method: str, path: str, body: object, identity: str, allowed: bool
) -> None:
    status = _call(shared_world, method, path, body, identity)
    if identity == "anonymous":
        assert status == 401
    elif allowed:
        assert status not in (401, 403), status
    else:
        assert status == 403


def test_the_table_covers_every_api_route(shared_world: World) -> None:
    paths = shared_world.app.openapi()["paths"]  # type: ignore[attr-defined]
    routes = {
        (
            method.upper(),
            path.replace("{patient_id}", "{p}")
            .replace("{program_id}", "{g}")
            .replace("{session_id}", "{s}"),
        )
        for path, operations in paths.items()
        for method in operations
    }
    open_routes = {("POST", "/api/v1/auth/token")}
    assert routes - open_routes == {(m, p) for m, p, _, _ in TABLE}


def test_no_access_to_another_patients_program_by_id(shared_world: World) -> None:
    w = shared_world
    url = f"/api/v1/patients/{w.patient1}/programs/{w.program2}"
    assert w.client.get(url, headers=w.as_("clin1")).status_code == 404
    assert w.client.get(url, headers=w.as_("pat1")).status_code == 404


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Basic abc", "bearer"])
def test_forged_tokens_are_refused(shared_world: World, header: str) -> None:
    r = shared_world.client.get("/api/v1/auth/me", headers={"Authorization": header})
    assert r.status_code == 401
    assert r.json()["error"]["field"] == "authorization"
