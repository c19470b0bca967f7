"""The web programmer in the system Chromium: clinician and patient workflows."""

from __future__ import annotations

from typing import Any

import pytest
from programmer_world import PASSWORD

pytestmark = [
    pytest.mark.browser,
    # pytest-base-url (pulled in by pytest-playwright) defines a fixture pytest 9 deprecates
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),
]


def login(page: Any, server: str, username: str) -> None:
    page.goto(f"{server}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_load_state()


def test_clinician_finds_a_patient_edits_and_sends_a_program(
    page: Any, server: str, shot: Any
) -> None:
    login(page, server, "clin1")
    page.fill("#search", "Patient 1")
    page.click("text=Find")
    shot(page, "01-patients")
    page.click("text=Patient 1")
    assert page.locator("svg.spine line.lead").count() == 1  # the lead over its DRG
    page.click("#impedance-check")
    assert page.locator("#impedances td.ok").count() == 4
    shot(page, "02-patient")
    page.click("text=Edit")
    assert "0-6 mA" in page.inner_text("#limits")
    page.fill("input[name=lead0_amplitude_mA]", "0.75")
    page.click("#preview")
    page.wait_for_selector("#preview-rows tr")
    assert "uC/cm2" in page.inner_text("#preview-summary")
    shot(page, "03-program-edit-preview")
    page.click("#save")
    page.wait_for_selector("#saved")
    page.click("text=Back to the patient")
    page.click("button.send")
    page.click("#stim-on")
    assert page.inner_text("#state") == "stimulating"
    page.goto(f"{server}/patients/1/programs/1/history")
    assert page.locator("#history tbody tr").count() == 3
    shot(page, "04-history")


def test_a_limit_is_refused_with_its_message(page: Any, server: str, shot: Any) -> None:
    login(page, server, "clin1")
    page.goto(f"{server}/patients/1/programs/1/edit")
    page.fill("input[name=lead0_amplitude_mA]", "6")
    page.fill("input[name=lead0_pulse_width_us]", "720")
    page.fill("input[name=lead0_patient_max_mA]", "6")
    page.click("#save")
    error = page.inner_text("#error")
    assert "above the hard limit" in error and "use at most 2.05 mA" in error
    shot(page, "05-limit-refused")


def test_patient_raises_intensity_up_to_the_limit_and_no_further(
    page: Any, server: str, shot: Any
) -> None:
    login(page, server, "pat1")
    assert page.url.endswith("/patients/1/controller")
    seen = []
    for _ in range(25):
        page.click("button.up")
        page.wait_for_load_state()
        seen.append(page.inner_text("#amplitude0"))
    assert seen[-1] == "1.000 mA" and seen[-2] == "1.000 mA"
    assert all(float(s.split()[0]) <= 1.0 for s in seen)
    shot(page, "06-patient-controller")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#all-off")
    page.wait_for_load_state()
    assert page.inner_text("#state") == "off"


def test_a_patient_cannot_reach_another_patients_pages(page: Any, server: str, shot: Any) -> None:
    login(page, server, "pat1")
    for path in ("/patients/2/controller", "/patients/2", "/patients/2/programs/2/edit"):
        response = page.goto(f"{server}{path}")
        assert response.status == 403, path
        assert "not yours" in page.inner_text("[role=alert]")
    shot(page, "07-other-patient-refused")
    response = page.goto(f"{server}/api/v1/patients/2/controller")
    assert response.status == 403
