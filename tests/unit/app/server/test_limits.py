"""Rate limits (429) and load shedding (503) never block "stimulation off".

Each limited world sets buckets that refill at 1 token per 1000 s, so within a test an empty
bucket stays empty: the outcomes depend on request counts, never on timing. Saturation is made
deterministic by holding the shedder's slots (or by blocking handlers on an event).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from programmer_world import PASSWORD, World, make_world

from drgsim.app.server.limits import LoadShedder, RateLimiter, is_stimulation_off

SLOW = 1e-3  # tokens per second: no refill within a test
IDENTITIES = {
    "patient_self": "pat1",
    "patient_other": "pat2",
    "clinician_assigned": "clin1",
    "clinician_unassigned": "clin2",
    "administrator": "admin",
    "anonymous": "",
}
MAY_STOP = {"patient_self", "clinician_assigned"}


def limited(tmp_path: Path, template_world: World, **overrides: object) -> World:
    return make_world(tmp_path, template_world, **overrides)


def off_url(w: World) -> str:
    return f"/api/v1/patients/{w.patient1}/controller/off"


def ctl_url(w: World) -> str:
    return f"/api/v1/patients/{w.patient1}/controller"


def twin_of_patient1(w: World) -> Any:
    return w.app.state.programmer.twins._twins[1]  # type: ignore[attr-defined]


def switch_on(w: World) -> None:
    r = w.client.post(ctl_url(w) + "/on", headers=w.as_("clin1"))
    assert r.status_code == 200, r.text
    assert twin_of_patient1(w).emitted()


def assert_off(w: World) -> None:
    twin = twin_of_patient1(w)
    assert tuple(twin.emitted()) == ()
    assert twin.state.value == "off"


# -- the buckets themselves ----------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_bucket_allows_its_burst_then_tells_how_long_to_wait() -> None:
    clock = Clock()
    bucket = RateLimiter(rate=2.0, burst=3, clock=clock)
    assert [bucket.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("a") == pytest.approx(0.5)
    assert bucket.take("b") == 0.0  # keys are independent
    clock.t = 0.5
    assert bucket.take("a") == 0.0
    assert bucket.take("a") > 0


@settings(max_examples=200, deadline=None)
@given(
    rate=st.floats(0.1, 100.0),
    burst=st.integers(1, 20),
    gaps=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=200),
)
def test_bucket_never_admits_more_than_burst_plus_rate_times_time(
    rate: float, burst: int, gaps: list[float]
) -> None:
    clock = Clock()
    bucket = RateLimiter(rate=rate, burst=burst, clock=clock)
    admitted = 0
    for gap in gaps:
        clock.t += gap
        wait = bucket.take("k")
        admitted += wait == 0.0
        assert admitted <= burst + rate * clock.t + 1e-9
        # a request spaced a full token after the previous refusal is always admitted
        if wait:
            clock.t += wait
            assert bucket.take("k") == 0.0
            admitted += 1


def test_lru_keeps_memory_bounded() -> None:
    bucket = RateLimiter(rate=SLOW, burst=1, max_keys=3)
    for key in "abcd":
        assert bucket.take(key) == 0.0
    assert bucket.take("a") == 0.0  # evicted, so fresh again
    assert bucket.take("d") > 0


@pytest.mark.parametrize(
    ("method", "path", "exempt"),
    [
        ("POST", "/api/v1/patients/1/controller/off", True),
        ("POST", "/patients/12/controller/off", True),
        ("post", "/api/v1/patients/3/controller/off/", True),
        ("GET", "/api/v1/patients/1/controller/off", False),
        ("POST", "/api/v1/patients/1/controller/on", False),
        ("POST", "/api/v1/patients/1/controller/offx", False),
        ("POST", "/api/v1/patients/x/controller/off", False),
        ("POST", "/api/v1/patients/1/controller/off/../amplitude", False),
    ],
)
def test_only_stimulation_off_is_exempt(method: str, path: str, exempt: bool) -> None:
    assert is_stimulation_off(method, path) is exempt


# -- the API -------------------------------------------------------------------------------
def test_hammering_past_the_identity_limit_gives_429_and_off_still_succeeds(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(
        tmp_path, template_world, rate_limit_identity_burst=5, rate_limit_identity_per_s=SLOW
    )
    with w.client:
        switch_on(w)  # clin1's first request
        codes = [w.client.get(ctl_url(w), headers=w.as_("pat1")).status_code for _ in range(8)]
        assert codes == [200] * 5 + [429] * 3
        r = w.client.get(ctl_url(w), headers=w.as_("pat1"))
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) >= 1
        assert r.json()["error"]["field"] == "identity"
        # per identity: patient 2 is not affected
        other = f"/api/v1/patients/{w.patient2}/controller"
        assert w.client.get(other, headers=w.as_("pat2")).status_code == 200
        for _ in range(20):  # all off, again and again, while limited
            assert w.client.post(off_url(w), headers=w.as_("pat1")).status_code == 200
        assert_off(w)


def test_per_address_limit_and_off_while_the_address_is_limited(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(tmp_path, template_world, rate_limit_address_burst=6, rate_limit_address_per_s=SLOW)
    with w.client:
        switch_on(w)
        codes = [w.client.get("/api/v1/auth/me").status_code for _ in range(7)]
        assert codes == [401] * 5 + [429] * 2
        r = w.client.get(ctl_url(w), headers=w.as_("clin1"))
        assert (r.status_code, r.json()["error"]["field"]) == (429, "address")
        assert w.client.post(off_url(w), headers=w.as_("pat1")).status_code == 200
        assert_off(w)
        switch_back = w.client.post(ctl_url(w) + "/on", headers=w.as_("clin1"))
        assert switch_back.status_code == 429  # restoring therapy is limited; stopping is not
        assert w.client.post(off_url(w), headers=w.as_("clin1")).status_code == 200


def test_refused_off_calls_are_charged_to_the_address(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(tmp_path, template_world, rate_limit_address_burst=4, rate_limit_address_per_s=SLOW)
    with w.client:
        codes = [w.client.post(off_url(w)).status_code for _ in range(6)]
        assert codes == [401] * 4 + [429] * 2
        forged = {"Authorization": "Bearer forged"}
        assert w.client.post(off_url(w), headers=forged).status_code == 429
        # the patient behind the same address is still served
        assert w.client.post(off_url(w), headers=w.as_("pat1")).status_code == 200


@pytest.mark.parametrize("identity", list(IDENTITIES))
def test_off_matrix_while_every_bucket_is_empty_and_the_server_is_saturated(
    tmp_path: Path, template_world: World, identity: str
) -> None:
    w = limited(
        tmp_path,
        template_world,
        rate_limit_address_burst=1,
        rate_limit_address_per_s=SLOW,
        rate_limit_identity_burst=1,
        rate_limit_identity_per_s=SLOW,
        max_concurrent_requests=1,
        max_queued_requests=0,
    )
    with w.client:
        switch_on(w)  # takes the address's only token
        shedder = w.app.state.limits.shedder  # type: ignore[attr-defined]
        assert shedder.try_enter()  # the only slot is busy
        try:
            headers = w.as_(IDENTITIES[identity])
            busy = w.client.get(ctl_url(w), headers=headers)
            assert busy.status_code == 429  # address bucket empty (checked first)
            r = w.client.post(off_url(w), headers=headers)
            if identity in MAY_STOP:
                assert r.status_code == 200, r.text
                assert r.json()["status"]["state"] == "off"
                assert_off(w)
            else:
                assert r.status_code in (401, 403, 429)
                assert twin_of_patient1(w).emitted()
        finally:
            shedder.leave()


def test_saturated_server_sheds_with_503_but_serves_off(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(tmp_path, template_world, max_concurrent_requests=2, max_queued_requests=0)
    with w.client:
        switch_on(w)
        shedder = w.app.state.limits.shedder  # type: ignore[attr-defined]
        assert shedder.try_enter() and shedder.try_enter()
        try:
            body = {"channel": 0, "steps": 1}
            r = w.client.post(ctl_url(w) + "/amplitude", json=body, headers=w.as_("pat1"))
            assert r.status_code == 503
            assert int(r.headers["Retry-After"]) >= 1
            assert r.json()["error"]["field"] == "server"
            for who in ("pat1", "clin1"):
                assert w.client.post(off_url(w), headers=w.as_(who)).status_code == 200
            assert_off(w)
        finally:
            shedder.leave()
            shedder.leave()
        assert shedder.active == 0
        assert w.client.get(ctl_url(w), headers=w.as_("pat1")).status_code == 200


def test_handlers_really_blocked_shed_the_rest_and_off_gets_through(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(
        tmp_path,
        template_world,
        max_concurrent_requests=2,
        max_queued_requests=1,
        queue_timeout_s=0.2,
    )
    release, entered = threading.Event(), threading.Semaphore(0)

    def stuck() -> dict[str, bool]:
        entered.release()
        release.wait(30)
        return {"ok": True}

    w.app.add_api_route("/stuck", stuck)  # type: ignore[attr-defined]
    with w.client:
        switch_on(w)
        codes: list[int] = []
        threads = [
            threading.Thread(target=lambda: codes.append(w.client.get("/stuck").status_code))
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        for _ in threads:
            assert entered.acquire(timeout=30)
        try:
            queued = w.client.get(ctl_url(w), headers=w.as_("pat1"))  # waits 0.2 s, then 503
            assert queued.status_code == 503
            r = w.client.post(off_url(w), headers=w.as_("pat1"))
            assert r.status_code == 200
            assert_off(w)
        finally:
            release.set()
            for t in threads:
                t.join(30)
        assert codes == [200, 200]
        assert w.client.get(ctl_url(w), headers=w.as_("pat1")).status_code == 200


# -- logins --------------------------------------------------------------------------------
def _login(w: World, username: str, password: str) -> int:
    data = {"username": username, "password": password}
    return w.client.post("/api/v1/auth/token", data=data).status_code


def test_password_spraying_from_one_address_is_limited_beyond_the_lockout(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(
        tmp_path, template_world, login_limit_address_burst=4, login_limit_address_per_min=SLOW
    )
    with w.client:
        # one guess per account: the per-account lockout (5 failures) never triggers
        codes = [_login(w, name, "guess") for name in ("pat1", "pat2", "clin1", "clin2", "admin")]
        assert codes == [401] * 4 + [429]
        assert _login(w, "pat1", PASSWORD) == 429  # refused before the password is checked
        page = w.client.post("/login", data={"username": "pat1", "password": PASSWORD})
        assert page.status_code == 429


def test_guessing_one_account_is_limited_per_username(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(
        tmp_path, template_world, login_limit_username_burst=3, login_limit_username_per_min=SLOW
    )
    with w.client:
        assert [_login(w, "pat1", "guess") for _ in range(4)] == [401, 401, 401, 429]
        r = w.client.post("/api/v1/auth/token", data={"username": "PAT1", "password": "x"})
        assert r.status_code == 429 and "Retry-After" in r.headers
        assert _login(w, "pat2", PASSWORD) == 200


def test_the_schema_documents_429_and_503_with_retry_after(shared_world: World) -> None:
    paths = shared_world.app.openapi()["paths"]  # type: ignore[attr-defined]
    for path, operations in paths.items():
        for method, operation in operations.items():
            for code in ("429", "503"):
                response = operation["responses"].get(code)
                assert response is not None, (method, path, code)
                assert "Retry-After" in response["headers"]


# -- the shedder ---------------------------------------------------------------------------
def test_shedder_hands_a_freed_slot_to_the_waiter_and_times_out_the_rest() -> None:
    import asyncio

    async def scenario() -> list[bool]:
        shedder = LoadShedder(max_concurrent=1, max_queued=1, queue_timeout=5.0)
        assert await shedder.enter()
        waiter = asyncio.create_task(shedder.enter())
        await asyncio.sleep(0.01)
        refused = await shedder.enter()  # the queue (1) is full
        shedder.leave()  # hands the slot to the waiter
        got = await waiter
        short = LoadShedder(max_concurrent=1, max_queued=4, queue_timeout=0.01)
        assert short.try_enter()
        timed_out = await short.enter()
        short.leave()
        assert short.active == 0 and shedder.active == 1
        return [refused, got, timed_out]

    assert asyncio.run(scenario()) == [False, True, False]


# -- the twins' lock -------------------------------------------------------------------------
def test_urgent_acquirer_goes_before_waiting_ordinary_ones() -> None:
    import time

    from drgsim.app.server.twins import UrgentFirstLock

    lock = UrgentFirstLock()
    order: list[str] = []

    def take(name: str, urgent: bool) -> None:
        lock.acquire(urgent=urgent)
        order.append(name)
        lock.release()

    def wait_for(condition: Any) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            assert time.monotonic() < deadline
            time.sleep(0.001)

    lock.acquire()
    lock.acquire()  # re-entrant
    ordinary = [threading.Thread(target=take, args=(f"o{i}", False)) for i in range(3)]
    for t in ordinary:
        t.start()
    wait_for(lambda: lock.ordinary_waiting == 3)
    urgent = threading.Thread(target=take, args=("off", True))
    urgent.start()
    wait_for(lambda: lock.urgent_waiting == 1)
    lock.release()
    assert order == []  # still held once
    lock.release()
    for t in [urgent, *ordinary]:
        t.join(30)
    assert order[0] == "off" and sorted(order[1:]) == ["o0", "o1", "o2"]
    with pytest.raises(RuntimeError):
        lock.release()


def test_schemathesis_with_tight_limits_sees_only_documented_answers(
    tmp_path: Path, template_world: World
) -> None:
    import schemathesis
    from hypothesis import HealthCheck
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = (
        not_a_server_error,
        status_code_conformance,
        response_schema_conformance,
        response_headers_conformance,
    )
    w = limited(
        tmp_path,
        template_world,
        rate_limit_address_burst=60,
        rate_limit_address_per_s=SLOW,
        rate_limit_identity_burst=20,
        rate_limit_identity_per_s=SLOW,
        login_limit_address_burst=2,
        login_limit_address_per_min=SLOW,
    )
    seen: list[int] = []
    with w.client:
        schema = schemathesis.openapi.from_asgi("/openapi.json", w.app)
        for result in schema.get_all_operations():
            operation = result.ok()

            @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy())
            def check(case: schemathesis.Case) -> None:
                for who in ("pat1", ""):
                    headers = {**(case.headers or {}), **w.as_(who)}
                    response = case.call(headers=headers)
                    seen.append(response.status_code)
                    case.validate_response(response, checks=checks)

            check()
    assert 429 in seen and not any(code >= 500 for code in seen)


def test_web_controller_off_form_is_served_while_the_address_is_limited(
    tmp_path: Path, template_world: World
) -> None:
    w = limited(tmp_path, template_world, rate_limit_address_burst=3, rate_limit_address_per_s=SLOW)
    with w.client:
        switch_on(w)  # token 1
        login = w.client.post(
            "/login", data={"username": "pat1", "password": PASSWORD}, follow_redirects=False
        )
        assert login.status_code == 303  # token 2
        page = w.client.get(f"/patients/{w.patient1}/controller")
        assert page.status_code == 200  # token 3
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        assert w.client.get(f"/patients/{w.patient1}/controller").status_code == 429
        r = w.client.post(
            f"/patients/{w.patient1}/controller/off",
            data={"csrf_token": csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert_off(w)
