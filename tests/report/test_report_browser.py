"""The report in headless Chromium: no console errors, and no figure or table cut off or running
past its card, on a wide and a narrow window. A screenshot is kept for review
(``CLAIMSCOPE_SCREENSHOT_DIR``, else the test's temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_fixtures import small_run, wide_run

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

# Every figure and table inside its card; no cell clipping its text; no "…" anywhere.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const inside = (el, card) => {
    const r = el.getBoundingClientRect(), c = card.getBoundingClientRect();
    return r.left >= c.left - 0.5 && r.right <= c.right + 0.5;
  };
  for (const card of document.querySelectorAll("section")) {
    const name = card.id || "summary";
    for (const img of card.querySelectorAll("img")) {
      if (!img.complete || img.naturalWidth < 100) problems.push(`${name}: image not loaded`);
      if (!inside(img, card)) problems.push(`${name}: figure runs past its card`);
    }
    for (const table of card.querySelectorAll("table")) {
      if (!inside(table, card)) problems.push(`${name}: table runs past its card`);
      const box = table.closest(".scroll");
      if (box && box.scrollWidth > box.clientWidth + 1) problems.push(`${name}: table needs a scroll bar`);
      for (const cell of table.querySelectorAll("th, td")) {
        if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${name}: cell '${cell.textContent}' is cut`);
      }
    }
  }
  if (document.body.innerText.includes("\\u2026")) problems.push("text cut with an ellipsis");
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push("the page scrolls sideways");
  return problems;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("fixture", [small_run, wide_run], ids=["small", "wide"])
def test_report_renders_in_chromium_without_cut_or_overflowing_figures_and_tables(
    tmp_path: Path, fixture
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (/usr/bin/chromium): apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.64.1")
    result = build_report(fixture(tmp_path / "run"), tmp_path / "report.html")
    shots = Path(os.environ.get("CLAIMSCOPE_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)

    errors: list[str] = []
    failed: list[str] = []
    problems: dict[int, list[str]] = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for width in (1200, 760):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.on("requestfailed", lambda r: failed.append(r.url))
                page.goto(result.html.as_uri(), wait_until="load")
                problems[width] = page.evaluate(LAYOUT_PROBLEMS)
                images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
                headings = page.locator("h2").all_inner_texts()
                page.screenshot(path=str(shots / f"report-{fixture.__name__}-{width}.png"), full_page=True)
                page.close()
        finally:
            browser.close()

    assert errors == [] and failed == []
    assert problems == {1200: [], 760: []}
    assert len(images) == len(result.figures) and all(ok and width > 100 for ok, width in images)
    assert "Claims per actor" in headings and "Actor co-occurrence network" in headings
    assert (shots / f"report-{fixture.__name__}-1200.png").stat().st_size > 20_000
