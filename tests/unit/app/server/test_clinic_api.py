"""Pain map, coverage preview, programming sessions and the twins' battery clock over the API."""

from __future__ import annotations

import time
from typing import Any

from programmer_world import TestClient, World, settings_for
from sqlalchemy import select

from drgsim.app.db.models import AuditEntry, SessionEvent
from drgsim.app.server.main import create_app

PREVIEW = {
    "name": "Foot",
    "leads": [
        {
            "channel": 0,
            "polarity": "-+00",
            "enabled": True,
            "amplitude_mA": 1.0,
            "pulse_width_us": 300,
            "rate_Hz": 20,
        }
    ],
}


def _base(world: World) -> str:
    return f"/api/v1/patients/{world.patient1}"


def _preview(world: World, amplitude_mA: float = 1.0, polarity: str = "-+00") -> dict[str, Any]:
    body = {**PREVIEW, "leads": [{**PREVIEW["leads"][0], "amplitude_mA": amplitude_mA,  # type: ignore[dict-item]
                                 "polarity": polarity}]}  # fmt: skip
    r = world.client.post(_base(world) + "/programs/preview", json=body, headers=world.as_("clin1"))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _audit_actions(world: World) -> list[tuple[str, str]]:
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    rows = programmer.read(lambda s: list(s.execute(select(AuditEntry).order_by(AuditEntry.seq))))
    return [(r[0].action, r[0].details_json) for r in rows]


def test_pain_map_is_stored_audited_and_checked(world: World) -> None:
    url = _base(world) + "/pain-regions"
    assert world.client.get(url, headers=world.as_("pat1")).json() == []
    body = {"regions": [{"region": "foot", "side": "left"}, {"region": "foot", "side": "left"}]}
    r = world.client.put(url, json=body, headers=world.as_("clin1"))
    assert r.status_code == 200
    assert r.json() == [{"region": "foot", "side": "left"}]
    assert _audit_actions(world)[-1][0] == "pain_map.set"
    n = len(_audit_actions(world))
    bad = {"regions": [{"region": "elbow", "side": "left"}]}
    r = world.client.put(url, json=bad, headers=world.as_("clin1"))
    assert r.status_code == 400
    assert r.json()["error"]["field"] == "regions[0].region"
    assert "foot" in r.json()["error"]["allowed"]
    assert len(_audit_actions(world)) == n
    assert world.client.get(url, headers=world.as_("pat1")).json() == [
        {"region": "foot", "side": "left"}
    ]


def test_preview_without_pain_regions_says_so(world: World) -> None:
    out = _preview(world)
    assert out["coverage"]["status"] == "unavailable"
    assert out["battery_life_years"] > 0


def test_preview_computes_coverage_then_answers_amplitudes_from_the_cache(world: World) -> None:
    world.client.put(
        _base(world) + "/pain-regions",
        json={"regions": [{"region": "foot", "side": "left"}]},
        headers=world.as_("clin1"),
    )
    first = _preview(world, 1.0)
    assert first["coverage"]["status"] == "computing"
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    programmer.previews.wait(timeout=600)
    ready = _preview(world, 1.0)["coverage"]
    assert ready["status"] == "ready", ready
    assert 0 <= ready["coverage_percent"] <= 100
    assert ready["regions"][0]["region"] == "foot"
    assert ready["n_abeta_modelled"] > 0
    # any amplitude of the same contacts and pulse width: answered at once, monotone
    values = [_preview(world, a)["coverage"] for a in (0.0, 0.5, 1.0, 2.0, 4.0, 6.0)]
    assert all(v["status"] == "ready" for v in values)
    percents = [v["coverage_percent"] for v in values]
    assert percents == sorted(percents) and percents[0] == 0
    recruited = [v["n_abeta_recruited"] for v in values]
    assert recruited == sorted(recruited)
    # a new contact configuration needs a new computation
    assert _preview(world, 1.0, polarity="+-00")["coverage"]["status"] == "computing"
    programmer.previews.wait(timeout=600)


def _open(world: World, who: str = "clin1") -> Any:
    return world.client.post(_base(world) + "/sessions", headers=world.as_(who))


def test_session_links_checks_saves_and_sends_and_closes(world: World) -> None:
    r = _open(world)
    assert r.status_code == 201
    sid = r.json()["id"]
    assert r.json()["is_open"] and r.json()["events"] == []
    assert _open(world).status_code == 409  # one open session per implant
    base = _base(world)
    h = world.as_("clin1")
    assert world.client.post(base + "/impedance-checks", headers=h).status_code == 201
    current = world.client.get(f"{base}/programs/{world.program1}", headers=h).json()
    body = {"name": current["name"], "version": current["version"], "leads": current["leads"]}
    body["leads"][0]["amplitude_mA"] = 0.75
    assert world.client.put(f"{base}/programs/{world.program1}", json=body, headers=h).is_success
    assert world.client.post(f"{base}/programs/{world.program1}/send", headers=h).is_success
    # a refused change is not linked
    body["version"] = 1
    assert (
        world.client.put(f"{base}/programs/{world.program1}", json=body, headers=h).status_code
        == 409
    )
    got = world.client.get(f"{base}/sessions/{sid}", headers=h).json()
    assert [e["action"] for e in got["events"]] == [
        "impedance.check",
        "program.save",
        "program.activate",
    ]
    actions = _audit_actions(world)
    linked = [a for a, d in actions if f'"session_id":{sid}' in d.replace(" ", "")]
    assert linked == ["session.open", "impedance.check", "program.save", "program.activate"]
    r = world.client.post(f"{base}/sessions/{sid}/close", headers=h)
    assert r.status_code == 200 and not r.json()["is_open"]
    assert world.client.post(f"{base}/sessions/{sid}/close", headers=h).status_code == 409
    # after closing, changes are no longer linked
    assert world.client.post(base + "/impedance-checks", headers=h).status_code == 201
    listed = world.client.get(base + "/sessions", headers=h).json()
    assert [s["id"] for s in listed] == [sid] and len(listed[0]["events"]) == 3
    assert _open(world).status_code == 201


def test_sessions_of_another_implant_are_not_found(world: World) -> None:
    sid = _open(world).json()["id"]
    other = f"/api/v1/patients/{world.patient2}/sessions/{sid}"
    assert world.client.get(other, headers=world.as_("clin2")).status_code == 404
    assert world.client.post(other + "/close", headers=world.as_("clin2")).status_code == 404
    programmer = world.app.state.programmer  # type: ignore[attr-defined]
    n = programmer.read(lambda s: len(list(s.execute(select(SessionEvent)))))
    assert n == 0


def test_battery_drains_with_wall_time_and_survives_a_restart(world: World) -> None:
    url = world.app.state.settings.database_url  # type: ignore[attr-defined]
    fast = TestClient(create_app(settings_for(url, simulated_time_rate=1e6)))
    base = _base(world)
    with fast:
        h = world.as_("pat1")
        assert fast.post(base + "/controller/on", headers=h).status_code == 200
        first = fast.get(base + "/controller", headers=h).json()["status"]
        time.sleep(0.05)
        second = fast.get(base + "/controller", headers=h).json()["status"]
        assert second["battery_used_J"] > first["battery_used_J"] > 0
        assert second["output_power_uW"] > 0
        assert second["battery_life_years"] > 0
        assert second["simulated_time_rate"] == 1e6
        # a write stores the drain up to its own moment; the quiescent drain goes on after
        assert fast.post(base + "/controller/off", headers=h).status_code == 200
        later = fast.get(base + "/controller", headers=h).json()["status"]["battery_used_J"]
    again = TestClient(create_app(settings_for(url)))  # clock stopped: shows what was stored
    with again:
        restored = again.get(base + "/controller", headers=world.as_("pat1")).json()["status"]
    assert second["battery_used_J"] <= restored["battery_used_J"] <= later
