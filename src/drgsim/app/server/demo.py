"""Demo data for ``drgsim serve --demo``: users with generated passwords, two patients.

Everything goes through the same audited operations as real use. The contact impedances are
made-up rehearsal values (one deliberately outside the usable window), not measurements.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from drgsim.app.db.models import Role, User
from drgsim.app.server import schemas as s
from drgsim.app.server.security import Principal, hash_password
from drgsim.app.server.services import Programmer


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoLogin:
    """A demo account."""

    username: str
    password: str
    role: str
    patient_id: int | None = None


def _password() -> str:
    return secrets.token_urlsafe(12)


def _principal(user: User, assigned: frozenset[int] = frozenset()) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        patient_id=user.patient_id,
        assigned_patient_ids=assigned,
        csrf_token=None,
    )


def seed_demo(programmer: Programmer) -> list[DemoLogin]:
    """Create the demo accounts and patients; return the logins (passwords in clear)."""
    logins: list[DemoLogin] = []
    admin_password = _password()
    with programmer.factory() as session, session.begin():
        admin = User(
            username="admin",
            password_hash=hash_password(admin_password, programmer.settings),
            role=Role.ADMINISTRATOR.value,
        )
        session.add(admin)
        session.flush()
        from drgsim.app.db import audit

        audit.append(
            session,
            actor_id=None,
            actor_role="system",
            action="user.create",
            object_type="user",
            object_id=admin.id,
            patient_id=None,
            details={"username": "admin", "role": "administrator", "demo": True},
        )
    logins.append(DemoLogin(username="admin", password=admin_password, role="administrator"))
    root = _principal(admin)
    clinician_password = _password()
    clinician = programmer.create_user(
        root, s.UserIn(username="clinician", password=clinician_password, role="clinician")
    )
    logins.append(DemoLogin(username="clinician", password=clinician_password, role="clinician"))
    patients = [
        ("Demo Patient A", "DEMO-A", "L5", [900.0, 950.0, 1000.0, 1100.0]),
        ("Demo Patient B", "DEMO-B", "L4", [850.0, 9000.0, 1000.0, 980.0]),
    ]
    ids = []
    for i, (name, ref, level, impedances) in enumerate(patients):
        patient = programmer.create_patient(root, s.PatientIn(display_name=name, reference=ref))
        ids.append(patient.id)
        programmer.assign(root, patient.id, clinician.id)
        programmer.create_implant(
            root,
            patient.id,
            s.ImplantIn(
                serial=f"DEMO-IPG-{i + 1}",
                leads=[
                    s.ImplantLeadIn(channel=0, level=level, side="left", impedance_ohm=impedances)
                ],
            ),
        )
        password = _password()
        programmer.create_user(
            root,
            s.UserIn(
                username=f"patient{'ab'[i]}",
                password=password,
                role="patient",
                patient_id=patient.id,
            ),
        )
        logins.append(
            DemoLogin(
                username=f"patient{'ab'[i]}",
                password=password,
                role="patient",
                patient_id=patient.id,
            )
        )
    doctor = _principal(clinician, frozenset(ids))
    from drgsim.app.server.clinic import Clinic

    for pid, region in zip(ids, ("foot", "medial_leg"), strict=True):  # L5 and L4 dermatomes
        pain = s.PainMapIn.model_validate({"regions": [{"region": region, "side": "left"}]})
        Clinic(programmer).set_pain_map(doctor, pid, pain)
    first = ids[0]
    programmer.impedance_check(doctor, first)
    lead = {"channel": 0, "polarity": "-+00", "pulse_width_us": 300, "rate_Hz": 20}
    created = programmer.save_program(
        doctor,
        first,
        s.ProgramIn.model_validate({"name": "Foot", "leads": [{**lead, "amplitude_mA": 0}]}),
    )
    programmer.save_program(
        doctor,
        first,
        s.ProgramIn.model_validate(
            {
                "name": "Foot",
                "version": created.version,
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
        created.id,
    )
    programmer.activate(doctor, first, created.id)
    return logins


__all__ = ["DemoLogin", "seed_demo"]
