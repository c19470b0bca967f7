"""The `db` commands and the demo seeding behind `drgsim serve --demo`."""

from __future__ import annotations

from pathlib import Path

from programmer_world import TestClient, settings_for
from typer.testing import CliRunner

from drgsim.app.cli import app
from drgsim.app.server.demo import seed_demo
from drgsim.app.server.main import create_app


def test_db_upgrade_and_verify(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    result = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "revision 0002" in result.output
    result = runner.invoke(app, ["db", "verify", "--database-url", url])
    assert result.exit_code == 0 and "valid: 0 entries" in result.output


def test_demo_seeds_logins_that_work_and_a_usable_patient(tmp_path: Path) -> None:
    application = create_app(settings_for(f"sqlite:///{tmp_path / 'demo.sqlite3'}"))
    logins = seed_demo(application.state.programmer)
    assert {login.role for login in logins} == {"administrator", "clinician", "patient"}
    assert len({login.password for login in logins}) == len(logins)  # generated, distinct
    patient = next(login for login in logins if login.username == "patienta")
    with TestClient(application) as client:
        r = client.post(
            "/api/v1/auth/token", data={"username": "patienta", "password": patient.password}
        )
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        state = client.get(
            f"/api/v1/patients/{patient.patient_id}/controller", headers=headers
        ).json()
        assert state["active_program"]["name"] == "Foot"
        r = client.post(f"/api/v1/patients/{patient.patient_id}/controller/on", headers=headers)
        assert r.json()["status"]["state"] == "stimulating"
