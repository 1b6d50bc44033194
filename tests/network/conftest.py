"""A hand-made claims folder: 8 claims, 3 articles, 4 actors, 3 concepts.

    doc  date        claim  speaker / holder        targets (stance score)            label
    d1   2024-01-10  c1     USA                     minilateralism favor .9           model
    d1   2024-01-10  c2     USA                     minilateralism favor .8           model
    d1   2024-01-10  c3     GBR                     minilateralism favor .9,
                                                    collective-defence against .7     model
    d2   2024-02-15  c4     FRA                     minilateralism against .9,
                                                    strategic-autonomy favor .9       model
    d2   2024-02-15  c5     author (no id) / USA    collective-defence favor .4       model
    d3   2024-03-20  c6     NATO                    collective-defence favor .95,
                                                    minilateralism neutral .8         model
    d3   2024-03-20  c7     FRA                     collective-defence favor .5       human
    d3   2024-03-20  c8     USA                     strategic-autonomy against .85;
                                                    frame minilateralism-force-multiplier .7

With the defaults (both actor sides, targets, model labels >= 0.5, one statement
per actor-concept-agreement-document) c5 is dropped (score .4) and c1 + c2 merge:

    S1 USA  minilateralism      favor    d1 [c1, c2]
    S2 GBR  minilateralism      favor    d1 [c3]
    S3 GBR  collective-defence  against  d1 [c3]
    S4 FRA  minilateralism      against  d2 [c4]
    S5 FRA  strategic-autonomy  favor    d2 [c4]
    S6 NATO collective-defence  favor    d3 [c6]
    S7 NATO minilateralism      neutral  d3 [c6]
    S8 FRA  collective-defence  favor    d3 [c7]
    S9 USA  strategic-autonomy  against  d3 [c8]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.io import write_jsonl

DATES = {"d1": "2024-01-10", "d2": "2024-02-15", "d3": "2024-03-20"}
NAMES = {"USA": "United States", "GBR": "United Kingdom", "FRA": "France", "NATO": "NATO"}


def _claim(
    cid: str,
    doc: str,
    speaker: str | None,
    targets: list[tuple[str, str, float]],
    *,
    holder: str | None = None,
    frames: list[tuple[str, float]] | None = None,
    label_source: str = "model",
    mentions: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "claim_id": cid,
        "doc_id": doc,
        "text": f"claim {cid}",
        "start": 0,
        "end": 9,
        "section": None,
        "type": "evaluation",
        "speaker": {
            "id": speaker,
            "name": NAMES.get(speaker or "", "the author"),
            "kind": "quoted" if speaker else "author",
        },
        "holder": {"id": holder, "name": NAMES[holder]} if holder else None,
        "actors": [{"text": i, "start": 0, "end": 1, "type": t, "id": i} for i, t in (mentions or [])],
        "targets": [{"id": t, "text": t, "stance": s, "score": sc} for t, s, sc in targets],
        "frames": [{"label": f, "score": sc} for f, sc in (frames or [])],
        "hedged": False,
        "hedges": [],
        "label_source": label_source,
        "provenance": {},
    }


CLAIMS: list[dict[str, Any]] = [
    _claim("c1", "d1", "USA", [("minilateralism", "favor", 0.9)]),
    _claim("c2", "d1", "USA", [("minilateralism", "favor", 0.8)]),
    _claim("c3", "d1", "GBR", [("minilateralism", "favor", 0.9), ("collective-defence", "against", 0.7)]),
    _claim("c4", "d2", "FRA", [("minilateralism", "against", 0.9), ("strategic-autonomy", "favor", 0.9)]),
    _claim("c5", "d2", None, [("collective-defence", "favor", 0.4)], holder="USA"),
    # NATO's type comes from the claim's own actor mention (article d3 does not list it).
    _claim(
        "c6",
        "d3",
        "NATO",
        [("collective-defence", "favor", 0.95), ("minilateralism", "neutral", 0.8)],
        mentions=[("NATO", "alliance")],
    ),
    _claim("c7", "d3", "FRA", [("collective-defence", "favor", 0.5)], label_source="human"),
    _claim(
        "c8",
        "d3",
        "USA",
        [("strategic-autonomy", "against", 0.85)],
        frames=[("minilateralism-force-multiplier", 0.7)],
    ),
]


def _article(doc: str, actors: list[str]) -> dict[str, Any]:
    return {
        "doc_id": doc,
        "source_path": f"{doc}.txt",
        "text": "body",
        "published": DATES[doc],
        "actors": [{"id": a, "type": "state", "name": NAMES[a], "mentions": 1} for a in actors],
    }


ARTICLES = [_article("d1", ["USA", "GBR"]), _article("d2", ["FRA", "USA"]), _article("d3", ["FRA", "USA"])]


@pytest.fixture
def claims_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    write_jsonl(folder / "claims.jsonl", CLAIMS)
    write_jsonl(folder / "articles.jsonl", ARTICLES)
    return folder


class FakeKB:
    """Stands in for pipeline.kb: GBR joins a (made-up) club on 2024-03-01."""

    class Entity:
        def __init__(self, id: str, type: str, name: str) -> None:
            self.id, self.type, self.name = id, type, name

    def get(self, entity_id: str) -> FakeKB.Entity | None:
        if entity_id in NAMES:
            return self.Entity(entity_id, "alliance" if entity_id == "NATO" else "state", NAMES[entity_id])
        return None

    def memberships(self, entity_id: str, on: str) -> list[str]:
        found = {"USA": ["NATO"], "GBR": ["NATO"], "FRA": ["NATO", "EU"]}.get(entity_id, [])
        if entity_id == "GBR" and str(on) >= "2024-03-01":
            found = [*found, "TESTCLUB"]
        return found


@pytest.fixture
def fake_kb() -> FakeKB:
    return FakeKB()
