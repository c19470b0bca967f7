"""A programmer app on a temporary database with known users and two patients (test helper)."""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from drgsim.app.db.models import Role, User
from drgsim.app.server import schemas as s
from drgsim.app.server.main import create_app
from drgsim.app.server.security import Principal, hash_password
from drgsim.app.server.settings import Settings

with warnings.catch_warnings():  # starlette prefers httpx2 when installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"  # test-only credentials, created by the fixture


@dataclass
class World:
    """A seeded app: client, patient ids and the program ids."""

    client: TestClient
    app: object
    patient1: int
    patient2: int
    program1: int
    program2: int
    tokens: dict[str, dict[str, str]]

    def as_(self, who: str) -> dict[str, str]:
        return self.tokens.get(who, {})


def seed(app: object) -> tuple[int, int, int, int]:
    """Admin, two clinicians, two patients with implants, a program each (patient 1 on)."""
    programmer = app.state.programmer  # type: ignore[attr-defined]
    with programmer.factory() as session, session.begin():
        admin = User(
            username="admin",
            password_hash=hash_password(PASSWORD, programmer.settings),
            role="administrator",
        )
        session.add(admin)
        session.flush()
        admin_id = admin.id
    root = Principal(
        user_id=admin_id,
        username="admin",
        role=Role.ADMINISTRATOR,
        patient_id=None,
        assigned_patient_ids=frozenset(),
        csrf_token=None,
    )
    ids = []
    clinicians = []
    for i in (1, 2):
        clinicians.append(
            programmer.create_user(
                root, s.UserIn(username=f"clin{i}", password=PASSWORD, role="clinician")
            )
        )
        p = programmer.create_patient(
            root, s.PatientIn(display_name=f"Patient {i}", reference=f"P-{i}")
        )
        ids.append(p.id)
        programmer.assign(root, p.id, clinicians[-1].id)
        programmer.create_implant(
            root,
            p.id,
            s.ImplantIn(
                serial=f"IPG-{i}",
                leads=[
                    s.ImplantLeadIn(
                        channel=0,
                        level="L5",
                        side="left",
                        impedance_ohm=[900.0, 950.0, 1000.0, 1100.0],
                    )
                ],
            ),
        )
        programmer.create_user(
            root, s.UserIn(username=f"pat{i}", password=PASSWORD, role="patient", patient_id=p.id)
        )
    programs = []
    for i, pid in enumerate(ids):
        doctor = Principal(
            user_id=clinicians[i].id,
            username=f"clin{i + 1}",
            role=Role.CLINICIAN,
            patient_id=None,
            assigned_patient_ids=frozenset({pid}),
            csrf_token=None,
        )
        programmer.impedance_check(doctor, pid)
        lead = {"channel": 0, "polarity": "-+00", "pulse_width_us": 300, "rate_Hz": 20}
        made = programmer.save_program(
            doctor,
            pid,
            s.ProgramIn.model_validate({"name": "Foot", "leads": [{**lead, "amplitude_mA": 0}]}),
        )
        programmer.save_program(
            doctor,
            pid,
            s.ProgramIn.model_validate(
                {
                    "name": "Foot",
                    "version": made.version,
                    "leads": [
                        {
                            **lead,
                            "enabled": True,
                            "amplitude_mA": 0.5,
                            "patient_min_mA": 0.25,
                            "patient_max_mA": 1.0,
                        }
                    ],
                }
            ),
            made.id,
        )
        programmer.activate(doctor, pid, made.id)
        programs.append(made.id)
    return ids[0], ids[1], programs[0], programs[1]


def token(client: TestClient, username: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


#: Rate limits and shedding far above what a test sends, so that only the tests that set
#: tight limits (``make_world(..., overrides)``) ever see a 429 or 503 (no timing dependence).
UNLIMITED: dict[str, object] = {
    "rate_limit_address_burst": 10**7,
    "rate_limit_identity_burst": 10**7,
    "login_limit_address_burst": 10**7,
    "login_limit_username_burst": 10**7,
    "max_concurrent_requests": 1000,
    "max_queued_requests": 100_000,
    "queue_timeout_s": 600,
}


def settings_for(url: str, **overrides: object) -> Settings:
    """Settings for tests: a cheap Argon2 (the defaults cost about a second per hash), the
    twins' clock stopped (tests that need time to pass set ``simulated_time_rate``) and a small
    preview population."""
    values: dict[str, object] = {
        "database_url": url,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "argon2_parallelism": 1,
        "simulated_time_rate": 0.0,
        "preview_cells_per_drg": 8,
        **UNLIMITED,
        **overrides,
    }
    return Settings.model_validate(values)


DB_NAME = "programmer.sqlite3"


def make_world(path: Path, template: World | None = None, **overrides: object) -> World:
    """A seeded world in ``path``; copying ``template``'s database file when given (fast).

    ``overrides`` are settings (rate limits...) applied to the new app.
    """
    if template is not None:
        source = Path(template.app.state.settings.database_url.removeprefix("sqlite:///"))  # type: ignore[attr-defined]
        raw = template.app.state.engine.raw_connection()  # type: ignore[attr-defined]
        try:  # outside any transaction: fold the WAL into the main file
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
        shutil.copyfile(source, path / DB_NAME)
        app = create_app(settings_for(f"sqlite:///{path / DB_NAME}", **overrides), migrate=False)
        return World(
            client=TestClient(app),
            app=app,
            patient1=template.patient1,
            patient2=template.patient2,
            program1=template.program1,
            program2=template.program2,
            tokens=template.tokens,
        )
    app = create_app(settings_for(f"sqlite:///{path / DB_NAME}", **overrides))
    p1, p2, g1, g2 = seed(app)
    client = TestClient(app)
    tokens = {name: token(client, name) for name in ("admin", "clin1", "clin2", "pat1", "pat2")}
    return World(
        client=client, app=app, patient1=p1, patient2=p2, program1=g1, program2=g2, tokens=tokens
    )
