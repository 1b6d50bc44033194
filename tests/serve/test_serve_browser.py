"""End to end in headless Chromium: log in, review with the keyboard, change a stance, reject, export."""

from __future__ import annotations

import json
import os
import re
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
        page.wait_for_load_state("load")  # app.js is deferred: keys pressed before it runs are lost

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


# Select the first occurrence of a string in the article as a user's mouse selection would:
# a DOM Range over the text nodes (UTF-16 offsets inside them), never the page's own helpers.
SELECT = """(needle) => {
  const root = document.getElementById("article");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  const at = all.indexOf(needle);
  if (at < 0) throw new Error("not in the article: " + needle);
  const locate = (i) => {
    for (const [node, base] of nodes) if (i <= base + node.data.length) return [node, i - base];
  };
  const range = document.createRange();
  range.setStart(...locate(at));
  range.setEnd(...locate(at + needle.length));
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}"""

# The editor is not cramped: no frame label on two lines, nothing wider than the pane,
# text fields wide enough to read an id.
FORM_PROBLEMS = """() => {
  const problems = [];
  const pane = document.querySelector(".editor-pane");
  if (pane.scrollWidth > pane.clientWidth + 1) problems.push("the editor scrolls sideways");
  for (const label of document.querySelectorAll("label.frame")) {
    const lines = label.getBoundingClientRect().height / parseFloat(getComputedStyle(label).lineHeight || 18);
    if (label.getClientRects().length > 1 || lines > 1.6) problems.push("frame label wraps: " + label.textContent.trim());
  }
  for (const input of pane.querySelectorAll("input[type=text], input:not([type]), input[type=number], select")) {
    if (input.getBoundingClientRect().width < 90) problems.push("field too narrow: " + (input.name || input.id));
  }
  return problems;
}"""


def test_select_text_to_draw_and_move_claims_and_targets(server, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: install Debian's 'chromium' package to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.64.1")
    text = next(a for a in read_run(RUN).articles if a.doc_id == "doc-unicode").text
    shots = Path(os.environ.get("CLAIMSCOPE_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(15_000)
        page.goto(server + "/login")
        page.fill("input[name=username]", "ann")
        page.fill("input[name=password]", "ann-password")
        page.click("button[type=submit]")
        page.wait_for_url(server + "/")
        page.goto(server + "/p/1?order=document")
        titles = page.locator("td.article-title").all_inner_texts()
        assert "Title of doc-unicode <b>bold?</b>" in titles and "doc-unicode" not in titles
        page.click("text=Beijing (北京) will arguably")

        def state() -> dict:
            return json.loads(page.locator("#state").text_content())

        assert state()["claim_id"] == "c-u2"
        assert page.evaluate(FORM_PROBLEMS) == []
        page.screenshot(path=str(shots / "review-claim.png"), full_page=True)

        # Draw a target over "Asia": after an emoji with a variation selector, a CRLF, CJK
        # and another emoji, so UTF-16 or CR-less offsets would be off by several characters.
        page.evaluate(SELECT, "Asia")
        assert page.locator("#span-tools").is_visible()
        start = text.index("Asia")
        assert f"Selected characters {start}–{start + 4}" in page.locator("#span-info").inner_text()
        with page.expect_navigation():
            page.keyboard.press("g")
        targets = state()["claim"]["targets"]
        assert targets[-1]["text"] == "Asia" and (targets[-1]["start"], targets[-1]["end"]) == (
            start,
            start + 4,
        )
        assert targets[-1]["id"] == "asia"  # guessed from the words; the annotator corrects it

        # Resize the claim: select "Beijing ... 🚀", extend the end by a word with "}", press c.
        page.evaluate(SELECT, "Beijing (北京) will arguably gain influence 🚀")
        page.keyboard.press("}")
        with page.expect_navigation():
            page.keyboard.press("c")
        claim = state()["claim"]
        want = "Beijing (北京) will arguably gain influence 🚀 across"
        assert (claim["start"], claim["end"], claim["text"]) == (
            text.index(want),
            text.index(want) + len(want),
            want,
        )
        assert page.locator("input[name=start]").input_value() == str(text.index(want))

        # Move the selected (first) target, CHN on 北京, onto "Beijing" with m.
        page.evaluate(SELECT, "Beijing")
        with page.expect_navigation():
            page.keyboard.press("m")
        moved = state()["claim"]["targets"][0]
        assert (moved["id"], moved["start"], moved["end"], moved["text"]) == (
            "CHN",
            text.index("Beijing"),
            text.index("Beijing") + len("Beijing"),
            "Beijing",
        )

        # Draw a new claim over the last sentence (combining accents, a flag of two regional
        # indicators) with C.
        sentence = text[text.index("The caf") :]
        assert "e\u0301" in sentence and sentence.endswith("🇪🇺.")
        page.evaluate(SELECT, "\n" + sentence)  # white space at the ends is left out
        page.keyboard.press("Shift+C")
        page.wait_for_url(re.compile(r".*/p/1/c/\d+$"))
        new = state()
        assert (new["claim"]["start"], new["claim"]["end"], new["claim"]["text"]) == (
            text.index(sentence),
            text.index(sentence) + len(sentence),
            sentence,
        )
        assert new["status"] == "accepted" and new["claim"]["label_source"] == "human"
        assert page.locator("#article .current").inner_text() == sentence

        # The help page explains blind labelling and adjudication.
        page.click("header >> text=Help")
        assert page.locator("#blind h2").inner_text() == "Blind labelling"
        assert page.locator("#adjudication").is_visible()
        browser.close()
    assert (shots / "review-claim.png").stat().st_size > 20_000
