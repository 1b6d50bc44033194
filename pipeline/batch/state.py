"""The output folder as a resumable state: what is done, and committing new results crash-safely.

Commit protocol, per article: its claims are appended to ``claims.jsonl`` first, then its
line to ``articles.jsonl`` (or, if it failed, a line with its ``doc_id`` to ``errors.jsonl``).
That last line is the commit: on ``--resume`` an article counts as done only when it is
there, and claims of an article killed half-way (claims written, article line not) are
purged before the run goes on. ``kill -9`` at any point therefore resumes to exactly the
claims of an uninterrupted run.

``--resume`` also repairs a folder that two unlocked writers left with the same lines twice
(older versions did not lock ``--out``): only the first line of each claim and article is
kept, and ``run.json`` records how many were dropped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.worker import ArticleOutcome
from pipeline.io import JsonlAppender, dumps, read_jsonl, repair_jsonl_tail
from pipeline.runfolder import ARTICLES_FILE, CLAIMS_FILE, ERRORS_FILE, JSONL_FILES, PARTS_DIR, read_manifest


@dataclass
class ResumeInfo:
    """How this run relates to what was already in the output folder (recorded in ``run.json``)."""

    mode: str
    """``fresh`` (no --resume), ``resume`` (same config: skip done articles) or ``reprocess`` (config changed)."""
    config_hash: str
    previous_config_hash: str | None = None
    previous_status: str | None = None
    already_done: int = 0
    purged_claims: int = 0
    repaired_duplicates: dict[str, int] = field(default_factory=dict)
    """Duplicate lines dropped from each file (``claims``, ``articles``, ``errors``)."""
    recovered_lock: dict[str, Any] | None = None
    """The holder of a lock left by a process that was gone when this run started."""

    @property
    def repaired(self) -> int:
        return sum(self.repaired_duplicates.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "config_hash": self.config_hash,
            "previous_config_hash": self.previous_config_hash,
            "previous_status": self.previous_status,
            "already_done": self.already_done,
            "purged_claims": self.purged_claims,
            "repaired_duplicates": dict(self.repaired_duplicates),
            "recovered_lock": self.recovered_lock,
        }


def _filter_jsonl(path: Path, keep: Callable[[dict[str, Any]], bool]) -> int:
    """Rewrite ``path`` keeping the records ``keep`` accepts (streaming, atomic); returns lines dropped."""
    if not path.exists():
        return 0
    repair_jsonl_tail(path)
    tmp = path.with_name(f".{path.name}.filter.tmp")
    dropped = 0
    with open(tmp, "w", encoding="utf-8") as out:
        for record in read_jsonl(path):
            if keep(record):
                out.write(dumps(record) + "\n")
            else:
                dropped += 1
        out.flush()
        os.fsync(out.fileno())
    if dropped:
        os.replace(tmp, path)
    else:
        tmp.unlink()
    return dropped


def _first_article() -> Callable[[dict[str, Any]], bool]:
    """A filter keeping the first line of each article (and of each recorded exact duplicate)."""
    seen: set[tuple[str, str | None]] = set()

    def keep(article: dict[str, Any]) -> bool:
        doc_id = article.get("doc_id") or ""
        # An exact duplicate of an earlier input is its own line (same doc_id, duplicate_of set to it).
        key = (doc_id, article.get("source_path") if article.get("duplicate_of") == doc_id else None)
        if key in seen:
            return False
        seen.add(key)
        return True

    return keep


def _count_lines(path: Path, which: Callable[[dict[str, Any]], bool]) -> int:
    return sum(1 for record in read_jsonl(path) if which(record)) if path.exists() else 0


@dataclass
class OutputState:
    """The output folder of a batch: done ``doc_id``s and the appenders that commit new ones."""

    out: Path
    done: set[str] = field(default_factory=set)
    _writers: dict[str, JsonlAppender] = field(default_factory=dict)

    def prepare(self, config_hash: str, resume: bool) -> ResumeInfo:
        """Make the folder ready: start over, or keep the committed articles of the same config."""
        self.out.mkdir(parents=True, exist_ok=True)
        manifest = read_manifest(self.out)
        previous = manifest.get("config_hash")
        info = ResumeInfo(
            mode="fresh",
            config_hash=config_hash,
            previous_config_hash=previous,
            previous_status=manifest.get("status", "finished" if manifest else None),
        )
        if resume and previous == config_hash:
            info.mode = "resume"
            info.repaired_duplicates["articles"] = _filter_jsonl(self.out / ARTICLES_FILE, _first_article())
            self._load_done()
            claim_ids: set[str] = set()
            purged = [0]

            def keep_claim(claim: dict[str, Any]) -> bool:
                if claim.get("doc_id") not in self.done:
                    purged[0] += 1
                    return False
                if claim.get("claim_id") in claim_ids:
                    return False
                claim_ids.add(claim.get("claim_id"))  # type: ignore[arg-type]
                return True

            dropped = _filter_jsonl(self.out / CLAIMS_FILE, keep_claim)
            info.purged_claims = purged[0]
            info.repaired_duplicates["claims"] = dropped - purged[0]
            # Ingest errors (no doc_id) are recorded again when the inputs are re-read.
            failed: set[str] = set()

            def keep_error(error: dict[str, Any]) -> bool:
                doc_id = error.get("doc_id")
                if not doc_id or doc_id in failed:
                    return False
                failed.add(doc_id)
                return True

            errors_before = _count_lines(self.out / ERRORS_FILE, lambda e: bool(e.get("doc_id")))
            _filter_jsonl(self.out / ERRORS_FILE, keep_error)
            info.repaired_duplicates["errors"] = errors_before - len(failed)
            info.already_done = len(self.done)
        else:
            if resume and (previous or (self.out / ARTICLES_FILE).exists()):
                info.mode = "reprocess"
            for name in JSONL_FILES:
                (self.out / name).unlink(missing_ok=True)
            for part in self.parts():
                part.unlink()
        return info

    def _load_done(self) -> None:
        for name in (ARTICLES_FILE, ERRORS_FILE):
            path = self.out / name
            if path.exists():
                repair_jsonl_tail(path)
                self.done.update(r["doc_id"] for r in read_jsonl(path) if r.get("doc_id"))

    def parts(self) -> list[Path]:
        folder = self.out / PARTS_DIR
        return sorted(folder.glob("part-*.jsonl")) if folder.exists() else []

    def open(self) -> OutputState:
        for name in (CLAIMS_FILE, ARTICLES_FILE, ERRORS_FILE):
            self._writers[name] = JsonlAppender(self.out / name).open()
        return self

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def __enter__(self) -> OutputState:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_error(self, record: dict[str, Any]) -> None:
        """Record an input that never became an article (ingest errors)."""
        self._writers[ERRORS_FILE].write(record)

    def commit(self, outcome: ArticleOutcome) -> bool:
        """Write one article's outcome (claims, then the committing line). False if already done."""
        if outcome.doc_id in self.done:
            return False
        if outcome.error is not None:
            self._writers[ERRORS_FILE].write(outcome.error)
        else:
            claims = self._writers[CLAIMS_FILE]
            for claim in outcome.claims:
                claims.write(claim)
            assert outcome.article is not None
            self._writers[ARTICLES_FILE].write(outcome.article)
        self.done.add(outcome.doc_id)
        return True

    def record_duplicate(self, article: dict[str, Any]) -> None:
        """An article line for an exact duplicate of an article already committed (no claims)."""
        self._writers[ARTICLES_FILE].write(article)

    def totals(self) -> tuple[int, int, int, Counter[str]]:
        """Articles, claims, words and errors by code over the whole folder (streamed)."""
        articles = words = claims = 0
        codes: Counter[str] = Counter()
        if (self.out / ARTICLES_FILE).exists():
            for record in read_jsonl(self.out / ARTICLES_FILE):
                articles += 1
                words += len((record.get("text") or "").split())
        if (self.out / CLAIMS_FILE).exists():
            claims = sum(1 for _ in read_jsonl(self.out / CLAIMS_FILE))
        if (self.out / ERRORS_FILE).exists():
            codes.update(r.get("code", "E000") for r in read_jsonl(self.out / ERRORS_FILE))
        return articles, claims, words, codes
