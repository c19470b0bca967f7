"""The clinician's program preview shows predicted coverage and battery life; sessions; battery."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_programmer_pages import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),
]

#: The first preview of a contact configuration simulates the neurons (and, on a cold numba
#: cache, compiles the kernels first); the page polls until it is ready.
COMPUTE_TIMEOUT_MS = 600_000


def test_preview_shows_coverage_and_battery_life_in_a_session(
    page: Any, server: str, shot: Any
) -> None:
    login(page, server, "clin1")
    page.goto(f"{server}/patients/1")
    page.click("#open-session")
    assert "open since" in page.inner_text("#session-open")
    page.select_option("#pain-select", ["foot|left"])
    page.click("#save-pain")
    assert page.inner_text("#pain-list") == "foot (left)"
    page.goto(f"{server}/patients/1/programs/1/edit")
    page.fill("input[name=lead0_amplitude_mA]", "1.0")
    page.click("#preview")
    page.wait_for_selector("#preview-coverage[data-status]")
    page.wait_for_selector("#preview-coverage[data-status=ready]", timeout=COMPUTE_TIMEOUT_MS)
    coverage = page.inner_text("#preview-coverage")
    assert re.search(r"coverage of the pain regions: \d+ % \(foot \(left\) \d+ %\)", coverage)
    summary = page.inner_text("#preview-summary")
    life = re.search(r"battery life at this program about (\d+\.\d) years", summary)
    assert life and float(life.group(1)) > 0
    shot(page, "08-preview-coverage-battery")
    # another amplitude with the same contacts answers from the cache, no computing state
    page.fill("input[name=lead0_amplitude_mA]", "2.0")
    page.click("#preview")
    page.wait_for_function(
        "document.getElementById('preview-coverage').textContent.includes('recruited')"
    )
    assert page.get_attribute("#preview-coverage", "data-status") == "ready"
    page.click("#save")
    page.wait_for_selector("#saved")
    page.goto(f"{server}/patients/1")
    page.click("button.send")
    page.click("#close-session")
    history = page.inner_text("#session-history")
    assert "saved program 'Foot'" in history and "sent program 'Foot'" in history
    shot(page, "09-sessions")


def test_patient_sees_the_battery(page: Any, server: str, shot: Any) -> None:
    login(page, server, "pat1")
    page.click("#stim-on")
    page.wait_for_load_state()
    assert float(page.inner_text("#battery-percent")) <= 100
    assert float(page.inner_text("#battery-life")) > 0
    shot(page, "10-patient-battery")
