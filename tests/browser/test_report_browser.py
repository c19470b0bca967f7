"""The HTML report of `drgsim run` opens in Chromium with every figure decoded and shown."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drgsim.app.cli import app

pytestmark = pytest.mark.browser


def _chromium() -> str:
    path = os.environ.get("DRGSIM_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.skip("no system Chromium (set DRGSIM_CHROMIUM)")
    return path


def test_report_opens_with_its_figures(tmp_path: Path) -> None:
    chromium = _chromium()
    result = CliRunner().invoke(app, ["run", "--no-neurons", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((tmp_path / "report.html").as_uri())
            widths = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
            )
            title = page.title()
            headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)")
        finally:
            browser.close()
    assert len(widths) == 4
    assert all(w > 100 for w in widths)
    assert title.startswith("drgsim report")
    assert "Battery life" in headings
    # self-contained: nothing but the file itself and its data: URIs is loaded
    assert all(u.startswith(("file:", "data:")) for u in requests)
