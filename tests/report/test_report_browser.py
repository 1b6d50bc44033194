"""The report renders in headless Chromium without console errors; a screenshot is kept for review."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_fixtures import small_run

from pipeline.report import build_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (/usr/bin/chromium): apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.64.1")
    result = build_report(small_run(tmp_path / "run"), tmp_path / "report.html")
    shot = Path(os.environ.get("CLAIMSCOPE_SCREENSHOT_DIR", tmp_path)) / "report.png"

    errors: list[str] = []
    failed: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(result.html.as_uri(), wait_until="load")
            images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
            headings = page.locator("h2").all_inner_texts()
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()

    assert errors == [] and failed == []
    assert len(images) == len(result.figures) and all(ok and width > 100 for ok, width in images)
    assert "Claims per actor" in headings and "Actor co-occurrence network" in headings
    assert shot.stat().st_size > 20_000
