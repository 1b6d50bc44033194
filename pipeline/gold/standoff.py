"""Stand-off records of the real gold corpus and their materialisation.

Every stored record (passage, claim, target mention) carries ``start``/``end`` into the corpus
record's text and a SHA-256 of the span; no source text is stored. :func:`materialise` turns
the stored records back into text given the corpus folder, failing with a coded error (E311-E313)
when the corpus is absent or differs from the one the gold was built on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.gold.corpora import CorpusRecord, load_records, sha256_text, span_text
from pipeline.io import read_jsonl

SOURCES: dict[str, str] = {"ungdc": "UN General Debate", "au-pm-transcripts": "PM Transcripts (Australia)"}


@dataclass
class PassageRef:
    """A passage: ``record.text[start:end]`` of one speech or transcript."""

    passage_id: str
    corpus: str
    record_id: str
    start: int
    end: int
    sha256: str
    split: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PassageRef:
        known = {"passage_id", "corpus", "record_id", "start", "end", "sha256", "split"}
        return cls(
            **{k: data[k] for k in known if k in data}, meta={k: v for k, v in data.items() if k not in known}
        )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(out.pop("meta"))
        return out


def read_passages(path: str | Path) -> list[PassageRef]:
    return [PassageRef.from_dict(r) for r in read_jsonl(path)]


def passage_texts(
    corpus_dir: str | Path, passages: Iterable[PassageRef]
) -> dict[str, tuple[CorpusRecord, str]]:
    """``passage_id -> (record, raw passage text)``, every hash checked."""
    passages = list(passages)
    records = load_records(corpus_dir, {(p.corpus, p.record_id) for p in passages})
    out: dict[str, tuple[CorpusRecord, str]] = {}
    for p in passages:
        record = records[(p.corpus, p.record_id)]
        out[p.passage_id] = (
            record,
            span_text(record, p.start, p.end, p.sha256, what=f"passage {p.passage_id}"),
        )
    return out


def article_input(passage: PassageRef, record: CorpusRecord, text: str) -> dict[str, Any]:
    """The JSONL input line (``claimscope run`` reads it) for one passage.

    ``doc_id`` in the metadata is the passage id, which ``claimscope evaluate --gold`` aligns on.
    """
    url = record.meta.get("url") or (
        f"https://doi.org/10.7910/DVN/0TJX8Y#{record.record_id}" if record.corpus == "ungdc" else None
    )
    return {
        "text": text,
        "title": record.title,
        "author": record.speaker_name,
        "published": record.date,
        "source": SOURCES[record.corpus],
        "url": url,
        "doc_id": passage.passage_id,
        "corpus": record.corpus,
        "record_id": record.record_id,
        "passage_start": passage.start,
        "passage_end": passage.end,
        "country": record.meta.get("country") or ("Australia" if record.corpus != "ungdc" else None),
        "iso3": record.meta.get("iso3") or ("AUS" if record.corpus != "ungdc" else None),
        "post": record.meta.get("post") or ("Prime Minister" if record.corpus != "ungdc" else None),
        "release_type": record.meta.get("release_type"),
    }


def standoff_span(record_text: str, passage: PassageRef, start: int, end: int) -> dict[str, Any]:
    """Offsets of a span given in passage coordinates, as absolute record offsets plus hash."""
    a, b = passage.start + start, passage.start + end
    return {"start": a, "end": b, "sha256": sha256_text(record_text[a:b])}
