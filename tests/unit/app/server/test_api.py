"""API behaviour: refusals change nothing, one audit entry per change, versions, sessions."""

from __future__ import annotations

from typing import Any

import pytest
from programmer_world import PASSWORD, World
from sqlalchemy import func, select

from drgsim.app.db.models import AuditEntry, ProgramRevision


def audit_count(world: World) -> int:
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    return int(programmer.read(lambda s: s.execute(select(func.count(AuditEntry.seq))).scalar()))


def program_body(world: World, **lead: Any) -> dict[str, Any]:
    r = world.client.get(
        f"/api/v1/patients/{world.patient1}/programs/{world.program1}", headers=world.as_("clin1")
    )
    current = r.json()
    base = {**current["leads"][0], **lead}
    return {"name": current["name"], "version": current["version"], "leads": [base]}


def put(world: World, body: dict[str, Any], who: str = "clin1") -> Any:
    return world.client.put(
        f"/api/v1/patients/{world.patient1}/programs/{world.program1}",
        json=body,
        headers=world.as_(who),
    )


def controller(world: World, who: str = "pat1") -> dict[str, Any]:
    r = world.client.get(f"/api/v1/patients/{world.patient1}/controller", headers=world.as_(who))
    assert r.status_code == 200
    return r.json()  # type: ignore[no-any-return]


def twin_output(world: World) -> tuple[Any, ...]:
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    return tuple(programmer.twins._twins[1].emitted())


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        (
            {"amplitude_mA": 6.0, "pulse_width_us": 720, "patient_max_mA": 6.0},
            422,
            "leads[0].amplitude",
        ),
        ({"amplitude_mA": 0.51}, 422, "leads[0].amplitude"),  # off the 25 uA grid
        ({"pulse_width_us": 805}, 422, "leads[0].pulse_width"),
        ({"rate_Hz": 3}, 422, "leads[0].rate"),
        ({"polarity": "-+0"}, 422, "leads[0].polarities"),
        ({"channel": 3}, 422, "leads[0].lead"),
    ],
)
def test_a_refused_program_changes_nothing(
    world: World, change: dict[str, Any], status: int, field: str
) -> None:
    world.client.post(f"/api/v1/patients/{world.patient1}/controller/on", headers=world.as_("pat1"))
    before_audit, before_out = audit_count(world), twin_output(world)
    before = controller(world)
    r = put(world, program_body(world, **change))
    assert r.status_code == status
    error = r.json()["error"]
    assert error["field"] == field
    assert error["allowed"] and error["message"]
    assert "Traceback" not in r.text and "SELECT" not in r.text
    assert audit_count(world) == before_audit
    assert controller(world) == before
    assert twin_output(world) == before_out


def test_each_change_writes_exactly_one_audit_entry(world: World) -> None:
    calls = [
        ("post", f"/api/v1/patients/{world.patient1}/controller/on", None, "pat1"),
        (
            "post",
            f"/api/v1/patients/{world.patient1}/controller/amplitude",
            {"channel": 0, "steps": 1},
            "pat1",
        ),
        ("post", f"/api/v1/patients/{world.patient1}/controller/off", None, "pat1"),
        ("post", f"/api/v1/patients/{world.patient1}/impedance-checks", None, "clin1"),
        (
            "put",
            f"/api/v1/patients/{world.patient1}/programs/{world.program1}",
            lambda: program_body(world, amplitude_mA=0.75),
            "clin1",
        ),
    ]
    for method, url, body, who in calls:
        before = audit_count(world)
        payload = body() if callable(body) else body
        r = world.client.request(method, url, json=payload, headers=world.as_(who))
        assert r.status_code < 300, r.text
        assert audit_count(world) == before + 1, url
    r = world.client.get("/api/v1/audit/verify", headers=world.as_("admin"))
    assert r.json()["is_valid"] is True


def test_stale_version_is_a_409_and_no_update_is_lost(world: World) -> None:
    first = program_body(world, amplitude_mA=0.6)
    second = program_body(world, amplitude_mA=0.7)  # read the same version
    assert put(world, first).status_code == 200
    r = put(world, second)
    assert r.status_code == 409
    assert r.json()["error"]["field"] == "version"
    assert controller(world)["leads"][0]["amplitude_mA"] == pytest.approx(0.6)


def test_contact_change_zeroes_amplitude_and_disables_the_lead(world: World) -> None:
    r = put(world, program_body(world, polarity="+-00", amplitude_mA=0.75, enabled=True))
    assert r.status_code == 200
    lead = r.json()["leads"][0]
    assert lead["amplitude_mA"] == 0 and lead["enabled"] is False
    assert r.json()["notices"]


def test_patient_raises_intensity_to_the_limit_and_no_further(world: World) -> None:
    url = f"/api/v1/patients/{world.patient1}/controller/amplitude"
    seen = []
    for _ in range(30):
        r = world.client.post(url, json={"channel": 0, "steps": 1}, headers=world.as_("pat1"))
        assert r.status_code == 200
        seen.append(r.json()["leads"][0]["amplitude_mA"])
    assert max(seen) == pytest.approx(1.0) and seen[-1] == pytest.approx(1.0)
    assert seen[:3] == pytest.approx([0.525, 0.55, 0.575])
    r = world.client.post(
        url, json={"channel": 0, "amplitude_mA": 1.025}, headers=world.as_("pat1")
    )
    assert r.status_code == 422
    assert r.json()["error"]["allowed"] == "0.25-1 mA"


def test_patient_cannot_program_or_choose_a_hidden_program(world: World) -> None:
    body = program_body(world, amplitude_mA=0.75)
    assert put(world, body, who="pat1").status_code == 403
    hidden = {**body, "name": "Hidden", "enabled_for_patient": False}
    hidden.pop("version")
    made = world.client.post(
        f"/api/v1/patients/{world.patient1}/programs", json=hidden, headers=world.as_("clin1")
    )
    assert made.status_code == 201
    r = world.client.post(
        f"/api/v1/patients/{world.patient1}/controller/program",
        json={"program_id": made.json()["id"]},
        headers=world.as_("pat1"),
    )
    assert r.status_code == 422
    assert made.json()["id"] not in [p["id"] for p in controller(world)["programs"]]


def test_all_off_always_works_even_in_mri_mode(world: World) -> None:
    base = f"/api/v1/patients/{world.patient1}/controller"
    h = world.as_("pat1")
    assert world.client.post(base + "/on", headers=h).json()["status"]["state"] == "stimulating"
    assert (
        world.client.post(base + "/mri", json={"on": True}, headers=h).json()["status"]["state"]
        == "mri"
    )
    assert world.client.post(base + "/on", headers=h).status_code == 422
    for _ in range(3):
        assert world.client.post(base + "/off", headers=h).status_code == 200
    assert twin_output(world) == ()
    # a clinician restores therapy out of MRI mode
    c = world.as_("clin1")
    assert world.client.post(base + "/mri", json={"on": False}, headers=c).status_code == 200
    assert world.client.post(base + "/on", headers=c).json()["status"]["state"] == "stimulating"


def test_extra_fields_are_refused(world: World) -> None:
    body = program_body(world)
    body["leads"][0]["amplitude_uA"] = 5000
    assert put(world, body).status_code == 422
    r = world.client.post(
        f"/api/v1/patients/{world.patient1}/controller/amplitude",
        json={"channel": 0, "steps": 1, "patient_max_mA": 6},
        headers=world.as_("pat1"),
    )
    assert r.status_code == 422


def test_history_lists_every_version(world: World) -> None:
    assert put(world, program_body(world, amplitude_mA=0.75)).status_code == 200
    r = world.client.get(
        f"/api/v1/patients/{world.patient1}/programs/{world.program1}/history",
        headers=world.as_("clin1"),
    )
    versions = [rev["version"] for rev in r.json()]
    assert versions == sorted(versions, reverse=True) and len(versions) == 3
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    n = programmer.read(lambda s: s.execute(select(func.count(ProgramRevision.id))).scalar())
    assert n == 5  # patient 1: three versions, patient 2: two


def test_preview_shows_density_limits_and_battery_life(world: World) -> None:
    body = program_body(world, amplitude_mA=3.0, enabled=True)
    r = world.client.post(
        f"/api/v1/patients/{world.patient1}/programs/preview", json=body, headers=world.as_("clin1")
    )
    out = r.json()
    # reference/safety.md §6: 1 mm x 1 mm contact, D = I * PW / (pi d L)
    assert out["max_density_uC_per_cm2"] == pytest.approx(3.0 * 300e-3 / 0.0314159, rel=1e-4)
    assert out["hard_limit_uC_per_cm2"] == 50 and out["battery_life_years"] > 0


def test_login_sets_a_strict_httponly_cookie_and_csrf_guards_writes(world: World) -> None:
    r = world.client.post(
        "/login", data={"username": "pat1", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    url = f"/api/v1/patients/{world.patient1}/controller/off"
    assert world.client.post(url).status_code == 403  # cookie without the CSRF header
    page = world.client.get(f"/patients/{world.patient1}/controller")
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    assert world.client.post(url, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_lockout_after_repeated_failed_logins(world: World) -> None:
    for _ in range(5):
        r = world.client.post("/api/v1/auth/token", data={"username": "pat1", "password": "no"})
        assert r.status_code == 401
    r = world.client.post("/api/v1/auth/token", data={"username": "pat1", "password": PASSWORD})
    assert r.status_code == 401


def test_a_restarted_server_restores_the_twin(world: World) -> None:
    world.client.post(f"/api/v1/patients/{world.patient1}/controller/on", headers=world.as_("pat1"))
    world.client.post(
        f"/api/v1/patients/{world.patient1}/controller/amplitude",
        json={"channel": 0, "steps": 2},
        headers=world.as_("pat1"),
    )
    before = controller(world)
    from programmer_world import TestClient, settings_for

    from drgsim.app.server.main import create_app

    url = world.app.state.settings.database_url  # type: ignore[attr-defined]
    again = TestClient(create_app(settings_for(url)))
    world2 = World(
        client=again,
        app=again.app,
        patient1=world.patient1,
        patient2=world.patient2,
        program1=world.program1,
        program2=world.program2,
        tokens=world.tokens,
    )
    assert controller(world2) == before
    assert before["status"]["state"] == "stimulating"


def test_openapi_documents_the_api(world: World) -> None:
    schema = world.client.get("/openapi.json").json()
    assert "/api/v1/patients/{patient_id}/programs/{program_id}" in schema["paths"]
    assert "ProgramIn" in schema["components"]["schemas"]
    assert "amplitude_mA" in schema["components"]["schemas"]["ProgramLeadIn"]["properties"]


@pytest.mark.parametrize("big", [2**31, 2**63, 10**30])
def test_huge_ids_are_a_404_not_a_server_error(world: World, big: int) -> None:
    for who, url in [
        ("admin", f"/api/v1/patients/{big}/implant"),
        ("clin1", f"/api/v1/patients/{world.patient1}/programs/{big}"),
        ("admin", f"/patients/{big}"),
    ]:
        r = world.client.get(url, headers=world.as_(who))
        assert r.status_code in (403, 404), (url, r.status_code)


def test_simulated_time_drains_the_battery_after_commit(world: World) -> None:
    base = f"/api/v1/patients/{world.patient1}"
    world.client.post(base + "/controller/on", headers=world.as_("pat1"))
    r = world.client.post(
        base + "/implant/simulate", json={"days": 365}, headers=world.as_("admin")
    )
    assert r.status_code == 200
    assert r.json()["status"]["battery_remaining_percent"] < 100
    r = world.client.post(
        base + "/implant/simulate",
        json={"channel": 0, "impedance_ohm": [1.0, -1.0]},
        headers=world.as_("admin"),
    )
    assert r.status_code == 422
    r = world.client.post(
        base + "/implant/simulate", json={"days": 36500}, headers=world.as_("admin")
    )
    assert r.json()["status"]["battery_level"] == "end_of_service"
    assert r.json()["status"]["state"] == "off"
    assert twin_output(world) == ()
