"""End to end in headless Chromium: log in, review with the keyboard, change a stance, reject, export."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

from pipeline.runfolder import read_run
from pipeline.serve.app import create_app
from pipeline.store import open_store
from pipeline.store.loader import load_run
from pipeline.store.users import add_member, create_user, get_project

CHROMIUM = Path("/usr/bin/chromium")
RUN = Path(__file__).parents[1] / "annotate" / "data" / "run_unicode"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path):
    import uvicorn

    store = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    load_run(store, RUN, "demo")
    with store.session() as session:
        add_member(session, get_project(session, "demo"), create_user(session, "ann", "ann-password"))
    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.dispose()


def test_keyboard_review_and_export(server, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: install Debian's 'chromium' package to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.64.1")
    original = {c.claim_id: c.to_dict() for c in read_run(RUN).claims}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(accept_downloads=True)
        page.set_default_timeout(15_000)
        page.goto(server + "/p/1")
        assert page.url.endswith("/login")
        page.fill("input[name=username]", "ann")
        page.fill("input[name=password]", "ann-password")
        page.click("button[type=submit]")
        page.wait_for_url(server + "/")
        page.click("text=demo")
        page.click("text=document")
        page.click("a.claim-link >> nth=0")

        def claim_id() -> str:
            return json.loads(page.locator("#state").text_content())["claim_id"]

        def status_after(key: str, expected: str) -> None:
            with page.expect_navigation():
                page.keyboard.press(key)
            assert page.locator("#status").text_content() == expected

        assert claim_id() == "c-p1"
        page.keyboard.press("?")
        assert page.locator("#help").is_visible()
        page.keyboard.press("Escape")
        assert not page.locator("#help").is_visible()
        status_after("a", "accepted")  # review c-p1: accept as is
        with page.expect_navigation():
            page.keyboard.press("j")
        assert claim_id() == "c-p2"
        status_after("x", "accepted")  # stance of the selected (first) target -> against
        assert page.locator("select[name=target_stance] >> nth=0").input_value() == "against"
        with page.expect_navigation():
            page.keyboard.press("j")
        assert claim_id() == "c-p3"
        status_after("r", "rejected")
        # the article with <script>/<img onerror> renders as text and runs nothing
        page.goto(server + "/p/1")
        page.click("text=Critics argue")
        assert "<script>alert(1)</script>" in page.locator("#article").inner_text()
        assert page.locator("#article img").count() == 0
        page.screenshot(path=str(tmp_path / "claim-page.png"), full_page=True)
        page.goto(server + "/p/1")
        with page.expect_download() as info:
            page.click("a.export[data-format=jsonl]")
        exported = [
            json.loads(line) for line in Path(info.value.path()).read_text(encoding="utf-8").splitlines()
        ]
        browser.close()
    by_id = {c["claim_id"]: c for c in exported}
    assert set(by_id) == set(original) - {"c-p3"}
    expected_p2 = json.loads(json.dumps(original["c-p2"]))
    expected_p2["targets"][0].update(stance="against", score=1.0)
    for cid, claim in by_id.items():
        want = expected_p2 if cid == "c-p2" else dict(original[cid])
        if cid in ("c-p1", "c-p2"):
            want = {**want, "label_source": "human"}
        assert claim == want, cid
    assert (tmp_path / "claim-page.png").stat().st_size > 10_000
