"""The gold-building tools on a tiny synthetic corpus: selection, blind tasks and their checker,
stand-off passes, agreement, and adjudication through the review app's own HTTP flow."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

from pipeline.gold.corpora import sha256_text
from pipeline.gold.passes import agreement_labels, to_records
from pipeline.gold.select import Quotas, select
from pipeline.gold.standoff import PassageRef
from pipeline.gold.tasks import Mention, Suggestion, Task, resolve

FRAMES = ["alliance-crisis", "burden-sharing"]
UN_TEXT = (
    "The United Nations must remain at the centre of collective security.\n"
    "NATO expansion to the east has undermined the security architecture of Europe and the collective security "
    "of all States. Military blocs belong to the past, and the alliance should stop its enlargement.\n"
    "09-52463 22\n"
    "We support the Shanghai Cooperation Organization, which strengthens security and peace in our region and "
    "fights terrorism, extremism and the threats to the sovereignty of its members through partnership.\n"
)
AU_TEXT = (
    "JOURNALIST:\n\nPrime Minister, is ANZUS still relevant to Australia's security after the end of the Cold War?\n\n"
    "PRIME MINISTER:\n\nThe ANZUS alliance remains the bedrock of our security. Our alliance with the United States "
    "has served this country well for fifty years and it will continue to do so, and our defence partnership is as "
    "strong as it has ever been. I have no doubt the treaty will remain central to our region's peace.\n\n"
    "JOURNALIST:\n\nThank you, Prime Minister.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "ungdc").mkdir()
    (tmp_path / "au-pm-transcripts").mkdir()
    un = {
        "id": "RUS_70_2015",
        "iso3": "RUS",
        "country": "Russian Federation",
        "year": 2015,
        "speaker": "Vladimir Putin",
        "post": "President",
        "text": UN_TEXT,
    }
    au = {
        "id": "123",
        "date": "2001-09-14",
        "prime_minister": "Howard, John",
        "release_type": "Interview",
        "title": "Interview",
        "url": "https://pmtranscripts.pmc.gov.au/release/transcript-123",
        "text": AU_TEXT,
    }
    (tmp_path / "ungdc" / "ungdc_2008-2024.jsonl").write_text(json.dumps(un) + "\n", encoding="utf-8")
    (tmp_path / "au-pm-transcripts" / "pm_transcripts_alliances_1955-2018.jsonl").write_text(
        json.dumps(au) + "\n", encoding="utf-8"
    )
    return tmp_path


def test_selection_is_stand_off_and_skips_page_furniture(corpus: Path) -> None:
    passages = select(corpus, Quotas(ungdc=5, au=5, min_score=1.0))
    assert {p.corpus for p in passages} == {"ungdc", "au-pm-transcripts"}
    texts = {"ungdc": UN_TEXT, "au-pm-transcripts": AU_TEXT}
    for p in passages:
        span = texts[p.corpus][p.start : p.end]
        assert sha256_text(span) == p.sha256
        assert "09-52463" not in span
    interview = next(p for p in passages if p.corpus == "au-pm-transcripts")
    assert interview.interview and "JOURNALIST:" in AU_TEXT[interview.start : interview.end]
    assert select(corpus, Quotas(ungdc=5, au=5, min_score=1.0)) == passages  # deterministic


def _task() -> Task:
    text = "NATO is failing. We support the SCO, which keeps peace."
    return Task(
        passage_id="un-X-0",
        header="",
        text=text,
        speaker_id="vladimir-putin",
        speaker_name="Vladimir Putin",
        suggestions=[Suggestion("c1", 0, 16, "NATO is failing."), Suggestion("c2", 17, len(text), text[17:])],
        mentions=[Mention("NATO", 0, 4, "NATO", "alliance")],
    )


def test_the_checker_lists_every_problem_an_annotator_can_make() -> None:
    bad = {
        "passage_id": "un-X-0",
        "claims": [
            {
                "from": "c1",
                "type": "opinion",
                "speaker": {"kind": "author"},
                "targets": [{"id": "NATO", "text": "NATO", "stance": "hostile"}],
            },
            {
                "from": None,
                "text": "a sentence not in the passage",
                "type": "factual",
                "speaker": {"kind": "author"},
            },
            {"from": "c9", "type": "factual", "speaker": {"kind": "author"}},
        ],
    }
    _, _, problems = resolve(_task(), bad, FRAMES)
    joined = "\n".join(problems)
    assert "type 'opinion'" in joined and "stance 'hostile'" in joined
    assert "not found in the passage" in joined and "unknown suggestion" in joined
    assert "['c2'] are neither labelled" in joined


def test_a_good_label_resolves_to_offsets_with_the_author_filled_in() -> None:
    good = {
        "passage_id": "un-X-0",
        "claims": [
            {
                "from": "c1",
                "type": "evaluation",
                "speaker": {"kind": "author"},
                "holder": None,
                "targets": [{"id": "NATO", "text": "NATO", "stance": "against"}],
                "frames": ["alliance-crisis"],
                "hedges": [],
            },
            {
                "from": "c2",
                "type": "evaluation",
                "speaker": {"kind": "author"},
                "holder": None,
                "targets": [{"id": "SCO", "text": "SCO", "stance": "favor"}],
                "frames": [],
                "hedges": [],
            },
        ],
    }
    claims, rejected, problems = resolve(_task(), good, FRAMES)
    assert problems == [] and rejected == []
    assert claims[0].speaker == {"id": "vladimir-putin", "name": "Vladimir Putin", "kind": "author"}
    assert _task().text[claims[1].targets[0].start : claims[1].targets[0].end] == "SCO"


def _passage(corpus: Path) -> tuple[PassageRef, Task]:
    start = UN_TEXT.index("NATO expansion")
    end = UN_TEXT.index("enlargement.") + len("enlargement.")
    span = UN_TEXT[start:end]
    ref = PassageRef("un-RUS_70_2015-1", "ungdc", "RUS_70_2015", start, end, sha256_text(span), split="test")
    split = span.index("Military")
    task = Task(
        ref.passage_id,
        "",
        span,
        "vladimir-putin",
        "Vladimir Putin",
        [Suggestion("c1", 0, split - 1, span[: split - 1]), Suggestion("c2", split, len(span), span[split:])],
    )
    return ref, task


def _label(stance: str, frames: list[str]) -> dict:
    return {
        "passage_id": "un-RUS_70_2015-1",
        "annotator": "a",
        "claims": [
            {
                "from": "c1",
                "type": "evaluation",
                "speaker": {"kind": "author"},
                "holder": None,
                "targets": [
                    {"id": "enlargement", "text": "NATO expansion", "stance": "against"},
                    {"id": "NATO", "text": "NATO", "stance": stance},
                ],
                "frames": frames,
                "hedges": [],
            },
            {
                "from": "c2",
                "type": "prescription",
                "speaker": {"kind": "author"},
                "holder": None,
                "targets": [{"id": "collective-defence", "text": "Military blocs", "stance": "against"}],
                "frames": [],
                "hedges": [],
            },
        ],
    }


def test_passes_are_stand_off_and_agreement_counts_disagreements(corpus: Path) -> None:
    ref, task = _passage(corpus)
    p1 = to_records(
        {task.passage_id: task}, {ref.passage_id: ref}, [_label("against", [])], 1, corpus, FRAMES
    )
    p2 = to_records(
        {task.passage_id: task},
        {ref.passage_id: ref},
        [_label("neutral", ["alliance-crisis"])],
        2,
        corpus,
        FRAMES,
    )
    assert all("text" not in r for r in p1)
    first = p1[0]
    assert UN_TEXT[first["start"] : first["end"]].startswith("NATO expansion")
    assert sha256_text(UN_TEXT[first["start"] : first["end"]]) == first["sha256"]
    from pipeline.annotate.agreement import agreement_report

    report = agreement_report(agreement_labels({"pass1": p1, "pass2": p2})).to_dict()
    assert report["fields"]["type"]["alpha"] is None or report["fields"]["type"]["kappa_mean"] is not None
    stance_units = report["fields"]["stance"]["pairable_units"]
    assert stance_units == 3
    assert report["fields"]["span"]["f1_mean"] == 1.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_adjudication_goes_through_the_review_app_and_exports_stand_off_gold(
    corpus: Path, tmp_path: Path
) -> None:
    import uvicorn

    from pipeline.gold.adjudication import disagreements, export_gold, load_passes
    from pipeline.gold.review_client import ReviewClient, apply_decisions
    from pipeline.serve.app import create_app
    from pipeline.store import open_store
    from pipeline.store.users import add_member, create_user, get_project

    ref, task = _passage(corpus)
    passes = {
        "pass1": to_records(
            {task.passage_id: task}, {ref.passage_id: ref}, [_label("against", [])], 1, corpus, FRAMES
        ),
        "pass2": to_records(
            {task.passage_id: task},
            {ref.passage_id: ref},
            [_label("neutral", ["alliance-crisis"])],
            2,
            corpus,
            FRAMES,
        ),
    }
    store = open_store(f"sqlite:///{tmp_path / 'g.db'}")
    counts = load_passes(store, "real-gold", corpus, [ref], passes)
    assert counts["units"] == 2 and counts["agreed"] == 1
    open_items = disagreements(store, "real-gold")
    unit = next(u for u in open_items[0]["units"] if not u["agreed"])
    with store.session() as session:
        add_member(
            session,
            get_project(session, "real-gold"),
            create_user(session, "adj", "adj-password-1", role="reviewer"),
        )
        project_id = get_project(session, "real-gold").id
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        client = ReviewClient(f"http://127.0.0.1:{port}")
        client.login("adj", "adj-password-1")
        decision = {"unit": unit["unit"], "decision": "pass1", "rule": "13.9.1"}
        units = {unit["unit"]: {"claim_pk": unit["claim_pk"], "passage_id": ref.passage_id}}
        assert apply_decisions(client, project_id, [decision], units, {}, {}) == {"pass1": 1}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert disagreements(store, "real-gold") == []
    gold = export_gold(store, "real-gold", [ref], corpus)
    assert [g["resolution"] for g in gold] == ["adjudicated:pass1", "agreed"]
    nato = next(t for t in gold[0]["targets"] if t["id"] == "NATO")
    assert nato["stance"] == "against" and "text" not in nato
    store.dispose()
