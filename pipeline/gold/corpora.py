"""Read the shared real-text corpora (UN General Debate, Australian PM transcripts) by record id.

The corpora are never copied into the project. A gold record names ``corpus``, ``record_id``,
``start``/``end`` (character offsets into the record's ``text``) and ``sha256`` of that span;
:func:`span_text` returns the span after checking the hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import TrainingError

DEFAULT_CORPUS_DIR = Path("../shared/corpora")

CORPUS_FILES: dict[str, str] = {
    "ungdc": "ungdc/ungdc_2008-2024.jsonl",
    "au-pm-transcripts": "au-pm-transcripts/pm_transcripts_alliances_1955-2018.jsonl",
}
"""Corpus name -> file under the corpus folder (as published in ``../shared/corpora``)."""

CORPUS_SOURCES: dict[str, str] = {
    "ungdc": "Jankin, Baturo & Dasandi, United Nations General Debate Corpus 1946-2024, Harvard Dataverse, "
    "doi:10.7910/DVN/0TJX8Y (sessions 63-79, English statements; CC0 as stated by third parties)",
    "au-pm-transcripts": "PM Transcripts, Department of the Prime Minister and Cabinet, https://pmtranscripts.pmc.gov.au/ "
    "(CC BY 3.0 AU; harvested by Tim Sherratt, github.com/wragge/pm-transcripts; subset naming an alliance)",
}


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CorpusRecord:
    """One speech or transcript of a shared corpus."""

    corpus: str
    record_id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def speaker_name(self) -> str | None:
        """The principal speaker: the head of delegation or the Prime Minister ("Howard, John" -> "John Howard")."""
        if self.corpus == "ungdc":
            return str(self.meta.get("speaker") or "") or None
        pm = str(self.meta.get("prime_minister") or "")
        if "," in pm:
            last, first = (p.strip() for p in pm.split(",", 1))
            return f"{first} {last}"
        return pm or None

    @property
    def date(self) -> str | None:
        if self.corpus == "ungdc":
            return f"{self.meta['year']}-09-01" if self.meta.get("year") else None
        return str(self.meta.get("date") or "") or None

    @property
    def title(self) -> str:
        if self.corpus == "ungdc":
            return f"UN General Debate {self.meta.get('year')}: {self.meta.get('country')}"
        return str(self.meta.get("title") or f"PM transcript {self.record_id}")


def corpus_path(corpus_dir: str | Path, corpus: str) -> Path:
    """The JSONL file of ``corpus`` under ``corpus_dir``, with a clear error when it is absent."""
    if corpus not in CORPUS_FILES:
        raise TrainingError("E302", name=corpus, known=", ".join(CORPUS_FILES))
    path = Path(corpus_dir) / CORPUS_FILES[corpus]
    if not path.is_file():
        raise TrainingError("E311", path=str(path), corpus=corpus, source=CORPUS_SOURCES[corpus])
    return path


def iter_records(corpus_dir: str | Path, corpus: str) -> Iterator[CorpusRecord]:
    """Every record of one corpus, in file order."""
    with corpus_path(corpus_dir, corpus).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            data = json.loads(line)
            text = data.pop("text")
            yield CorpusRecord(corpus, str(data["id"]), text, data)


@cache
def _index(corpus_dir: str, corpus: str) -> dict[str, CorpusRecord]:
    return {r.record_id: r for r in iter_records(corpus_dir, corpus)}


def load_records(
    corpus_dir: str | Path, refs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], CorpusRecord]:
    """``(corpus, record_id) -> CorpusRecord`` for the given references (each corpus file read once)."""
    out: dict[tuple[str, str], CorpusRecord] = {}
    root = str(Path(corpus_dir).resolve())
    for corpus, record_id in refs:
        index = _index(root, corpus)
        if record_id not in index:
            raise TrainingError(
                "E312", corpus=corpus, record_id=record_id, path=str(corpus_path(root, corpus))
            )
        out[(corpus, record_id)] = index[record_id]
    return out


def span_text(record: CorpusRecord, start: int, end: int, sha256: str, *, what: str = "span") -> str:
    """``record.text[start:end]`` after checking its SHA-256; a mismatch is a coded error."""
    if not 0 <= start <= end <= len(record.text):
        raise TrainingError(
            "E313",
            what=what,
            corpus=record.corpus,
            record_id=record.record_id,
            start=start,
            end=end,
            detail=f"the offsets fall outside the record ({len(record.text)} characters)",
        )
    text = record.text[start:end]
    if sha256_text(text) != sha256:
        raise TrainingError(
            "E313",
            what=what,
            corpus=record.corpus,
            record_id=record.record_id,
            start=start,
            end=end,
            detail="the SHA-256 of the text there differs from the recorded one",
        )
    return text
