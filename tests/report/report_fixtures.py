"""Hand-made run folders for the report tests (small enough to check by eye)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.io import write_jsonl


def _claim(
    n: int,
    doc_id: str,
    *,
    actors: Sequence[tuple[str | None, str, str]] = (),
    targets: Sequence[tuple[str, str]] = (),
    frames: Sequence[str] = (),
    speaker: tuple[str | None, str | None, str] = (None, None, "author"),
    hedged: bool = False,
    type_: str = "evaluation",
) -> dict[str, Any]:
    return {
        "claim_id": f"{doc_id}-c{n}",
        "doc_id": doc_id,
        "text": f"Claim {n}.",
        "start": 0,
        "end": 9,
        "section": None,
        "type": type_,
        "speaker": {"id": speaker[0], "name": speaker[1], "kind": speaker[2]},
        "holder": None,
        "actors": [{"text": t, "start": 0, "end": len(t), "type": ty, "id": i} for i, t, ty in actors],
        "targets": [{"id": i, "text": i, "stance": s, "score": 0.8} for i, s in targets],
        "frames": [{"label": f, "score": 0.7} for f in frames],
        "hedged": hedged,
        "hedges": ["may"] if hedged else [],
        "label_source": "model",
        "provenance": {},
    }


def _article(doc_id: str, published: str | None, source: str | None) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "source_path": f"{doc_id}.txt",
        "text": "Body text.",
        "title": f"Title {doc_id}",
        "author": None,
        "source": source,
        "url": None,
        "published": published,
        "language": "en",
        "blocks": [],
        "links": [],
        "actors": [
            {"id": "NATO", "type": "alliance", "name": "North Atlantic Treaty Organization", "mentions": 2},
            {"id": "USA", "type": "state", "name": "United States", "mentions": 1},
        ],
        "warnings": [],
    }


NATO = ("NATO", "NATO", "alliance")
EU = ("EU", "the EU", "alliance")
USA = ("USA", "Washington", "state")
FRA = ("FRA", "Paris", "state")
RUBIO = ("marco-rubio", "Rubio", "person")


def small_run(folder: Path) -> Path:
    """Three dated/undated articles from two sources plus one orphan claim."""
    articles = [
        _article("d1", "2025-01-15", "Atlantic Review"),
        _article("d2", "2025-03-02", "Atlantic Review"),
        _article("d3", None, None),
    ]
    claims = [
        _claim(1, "d1", actors=[NATO, USA, USA], targets=[("NATO", "against")], frames=["alliance-crisis"]),
        _claim(
            2,
            "d1",
            actors=[NATO, EU],
            targets=[("NATO", "favor"), ("strategic-autonomy", "favor")],
            frames=["strategic-autonomy", "transatlantic-rift"],
            speaker=("marco-rubio", "Marco Rubio", "quoted"),
            hedged=True,
        ),
        _claim(
            3,
            "d2",
            actors=[FRA, EU, (None, "Brussels", "state")],
            targets=[("EU", "favor")],
            frames=["strategic-autonomy"],
            speaker=("FRA", "Paris", "reported"),
            type_="prescription",
        ),
        _claim(
            4,
            "d2",
            actors=[USA],
            targets=[("NATO", "neutral")],
            hedged=True,
            speaker=("marco-rubio", "Rubio", "reported"),
        ),
        _claim(
            5,
            "d3",
            actors=[NATO, USA, FRA],
            targets=[("NATO", "against")],
            frames=["burden-sharing"],
            hedged=True,
            type_="prediction",
        ),
        _claim(6, "d3", actors=[RUBIO], frames=["alliance-crisis"], speaker=(None, "an official", "quoted")),
        _claim(7, "orphan", actors=[NATO], targets=[("NATO", "against")]),
    ]
    write_jsonl(folder / "articles.jsonl", articles)
    write_jsonl(folder / "claims.jsonl", claims)
    return folder


def one_article_run(folder: Path) -> Path:
    """A run of a single article with one claim that mentions one actor."""
    write_jsonl(folder / "articles.jsonl", [_article("solo", "2024-11-30", "Solo Times")])
    write_jsonl(folder / "claims.jsonl", [_claim(1, "solo", actors=[NATO], targets=[("NATO", "favor")])])
    return folder


LONG_ACTORS = [
    ("NATO", "North Atlantic Treaty Organization", "alliance"),
    ("SCO", "Shanghai Cooperation Organisation", "organisation"),
    ("CSTO", "Collective Security Treaty Organization", "alliance"),
    ("NORAD", "North American Aerospace Defense Command", "alliance"),
    ("QUAD", "Quadrilateral Security Dialogue", "alliance"),
    ("USA", "United States", "state"),
    ("CHN", "China", "state"),
    ("IND", "India", "state"),
]
ALL_FRAMES = [
    "alliance-crisis",
    "collective-defence-obsolete",
    "deterrence-erosion",
    "minilateralism-force-multiplier",
    "burden-sharing",
    "strategic-hedging",
    "strategic-autonomy",
    "transatlantic-rift",
    "command-fragmentation",
    "defence-industrial-fragmentation",
    "integrated-deterrence",
]


def wide_run(folder: Path) -> Path:
    """Fourteen months of articles, every frame, long actor names and unnamed speakers:
    what makes tables wide and labels long."""
    articles, claims = [], []
    for month in range(14):
        year, m = 2025 + month // 12, month % 12 + 1
        doc = f"w{month:02d}"
        articles.append(_article(doc, f"{year}-{m:02d}-10", f"Source {month % 4}"))
        for n in range(4):
            actor = LONG_ACTORS[(month + n) % len(LONG_ACTORS)]
            other = LONG_ACTORS[(month + 2 * n + 1) % len(LONG_ACTORS)]
            speaker: tuple[str | None, str | None, str] = ("author-x", "Author X", "author")
            if n == 1:
                speaker = (None, "Critics", "reported")
            elif n == 2:
                speaker = (None, "Some", "reported")
            elif month % 3 == 0:
                speaker = ("marco-rubio", "Marco Rubio", "quoted")
            claims.append(
                _claim(
                    n,
                    doc,
                    actors=[(actor[0], actor[1], actor[2]), (other[0], other[1], other[2])],
                    targets=[(actor[0], ("favor", "against", "neutral")[n % 3])],
                    frames=[
                        ALL_FRAMES[(month + n) % len(ALL_FRAMES)],
                        ALL_FRAMES[(3 * month + n) % len(ALL_FRAMES)],
                    ],
                    speaker=speaker,
                    hedged=n == 3,
                )
            )
    for record in articles:
        record["actors"] = [{"id": i, "type": t, "name": name, "mentions": 1} for i, name, t in LONG_ACTORS]
    write_jsonl(folder / "articles.jsonl", articles)
    write_jsonl(folder / "claims.jsonl", claims)
    return folder
