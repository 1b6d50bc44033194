"""Helpers of the fault suite: Label Studio exports of the test run, folder snapshots, the CLI in-process."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pipeline.annotate.label_studio import to_tasks
from pipeline.cli import app
from pipeline.errors import ClaimscopeError
from pipeline.runfolder import read_run

RUN = Path(__file__).parents[1] / "annotate" / "data" / "run_unicode"


def exported_tasks(doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Label Studio tasks of the test run (as JSON would give them back), optionally only some docs."""
    data = read_run(RUN)
    tasks = json.loads(json.dumps(to_tasks(data), ensure_ascii=False))
    if doc_ids is not None:
        tasks = [t for t in tasks if t["data"]["doc_id"] in doc_ids]
    return tasks


def annotate(task: dict[str, Any], annotator: int = 7, result: list[dict[str, Any]] | None = None) -> None:
    """Add an annotation to ``task``: the predictions unchanged, or ``result``."""
    task.setdefault("annotations", []).append(
        {
            "id": 100 + len(task.get("annotations", [])),
            "completed_by": annotator,
            "result": copy.deepcopy(result if result is not None else task["predictions"][0]["result"]),
            "was_cancelled": False,
            "updated_at": "2026-01-01T00:00:00Z",
        }
    )


def region(task: dict[str, Any], rid: str, kind: str = "labels", from_name: str | None = None) -> dict:
    """The result item ``rid`` of ``kind`` in the task's first annotation."""
    for item in task["annotations"][0]["result"]:
        if item.get("id") == rid and item.get("type") == kind and (from_name in (None, item["from_name"])):
            return item
    raise KeyError(rid)


def write_export(path: Path, tasks: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def make_run_folder(tmp_path: Path) -> Path:
    """A finished run folder: articles, claims, dataset/ and run.json of the 3-article test run."""
    from pipeline.dataset import write_dataset
    from pipeline.io import write_json

    out = tmp_path / "run"
    out.mkdir()
    for name in ("articles.jsonl", "claims.jsonl"):
        shutil.copy(RUN / name, out / name)
    write_dataset(out / "claims.jsonl", out / "dataset")
    write_json(
        out / "run.json",
        {
            "schema_version": "1.0",
            "status": "finished",
            "config_hash": "0123456789abcdef",
            "counts": {"articles": 3, "claims": 8, "errors": 0},
        },
    )
    return out


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes (to prove nothing changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def claimscope(*args: str | Path) -> tuple[int, str]:
    """Exit status and everything printed; a coded error becomes status 2 and its message (as ``main``)."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    output = result.output
    if isinstance(result.exception, ClaimscopeError):
        return 2, output + f"claimscope: {result.exception}\n"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, output


class ClaimPerSentence:
    """A stand-in for the NLP pipeline where the pipeline is not what a test is about.

    One claim per sentence (text up to each '. '), or none for a text without one;
    ``delay`` seconds per article keep a run busy (to hold its output folder).
    """

    config_path = None

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def process(self, articles: Any) -> Any:
        import sys
        import time

        from pipeline.engine import ProcessedArticle

        for article in articles:
            if self.delay:
                print("processing", article.doc_id, file=sys.stderr, flush=True)
                time.sleep(self.delay)
            claims, start = [], 0
            while (end := article.text.find(". ", start)) != -1:
                claims.append(claim_record(article.doc_id, len(claims), article.text, start, end + 1))
                start = end + 2
            yield ProcessedArticle(article=article.to_dict(), claims=claims)

    def manifest(self) -> dict[str, Any]:
        return {"models": {}, "components": {"claim_per_sentence": "test"}}


def claim_record(doc_id: str, n: int, text: str, start: int, end: int) -> dict[str, Any]:
    from pipeline.types import Claim, Speaker

    return Claim(
        claim_id=f"{doc_id}-{n}",
        doc_id=doc_id,
        text=text[start:end],
        start=start,
        end=end,
        section=None,
        type="factual",
        speaker=Speaker(None, None, "author"),
        holder=None,
        actors=[],
        targets=[],
        frames=[],
        hedged=False,
        hedges=[],
    ).to_dict()


def article_text(i: int, sentences: int = 4) -> str:
    """A distinct article of ``sentences`` sentences (long enough to pass ingestion)."""
    body = " ".join(
        f"Speech {i} makes point {j} about allied defence spending and the eastern flank of the alliance."
        for j in range(sentences)
    )
    return f"{body} End of speech {i}"


def paragraphs_text(i: int, paragraphs: int = 3) -> str:
    """A distinct article of several paragraphs (blocks), as most real op-eds are."""
    return "\n\n".join(
        f"Paragraph {p} of speech {i}: the alliance must spend more on defence. "
        f"Critics argue that the eastern flank remains exposed and that deterrence is eroding."
        for p in range(paragraphs)
    )
