"""Import Label Studio annotations into a run folder: merged by ``doc_id``, all files replaced together.

The export is checked whole first (its own problems, then against the folder: the article
text each task was annotated on must be the text in ``articles.jsonl``, claim ids must not
belong to another article) and nothing is written unless all of it is valid.

Merging: an annotated task replaces the claims of its article with the latest annotation;
a task nobody annotated changes nothing; an article the folder lacks is added (with its
annotation, or with the exported model claims); every other article and claim is kept as
it was. ``articles.jsonl``, ``claims.jsonl``, ``dataset/`` and ``run.json`` are built beside
the folder's files and swapped in together under the folder's lock, the replaced versions
moved to ``backups/import-<time>/``; a ``report.html`` in the folder is then rebuilt.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pipeline.annotate.label_studio_import import ImportProblems, LSDocument, latest_annotation, text_hash
from pipeline.folder_lock import FolderLock, replace_together
from pipeline.io import write_jsonl
from pipeline.runfolder import (
    ARTICLES_FILE,
    BACKUPS_DIR,
    CLAIMS_FILE,
    DATASET_DIR,
    RUN_FILE,
    iter_articles,
    iter_claims,
    read_manifest,
    write_manifest,
)
from pipeline.types import SCHEMA_VERSION

REPORT_FILE = "report.html"


@dataclass
class RunImportReport:
    folder: Path
    tasks: int = 0
    annotated: int = 0
    """Tasks with at least one (not cancelled) annotation."""
    articles_changed: int = 0
    articles_added: int = 0
    claims_before: int = 0
    claims_after: int = 0
    backup: Path | None = None
    """Where the replaced files went (None if nothing was replaced)."""
    replaced: list[str] = field(default_factory=list)
    """The entries of the folder written by the import (empty if the import changed nothing)."""
    report_rebuilt: bool = False


def import_into_run(
    folder: str | Path,
    documents: list[LSDocument],
    *,
    source: str | Path,
    tasks: dict[str, int] | None = None,
    problems: ImportProblems | None = None,
    stream: TextIO | None = None,
) -> RunImportReport:
    """Merge parsed Label Studio documents into the run folder ``folder`` (created if missing).

    ``problems`` may already hold the export's own problems: those found against the folder
    are added, and E411 lists them all before anything is written.
    """
    folder = Path(folder)
    stream = stream or sys.stderr
    tasks = tasks if tasks is not None else {d.article.doc_id: n for n, d in enumerate(documents)}
    report = RunImportReport(folder=folder, tasks=len(documents))
    with FolderLock(folder, "claimscope import"):
        articles = list(iter_articles(folder))
        claims = list(iter_claims(folder))
        _check(documents, articles, claims, problems or ImportProblems(str(source)), tasks)
        known = {a.get("doc_id") for a in articles}
        replacement: dict[str, list[dict[str, Any]]] = {}
        added: list[dict[str, Any]] = []
        for doc in documents:
            latest = latest_annotation(doc)
            report.annotated += latest is not None
            if doc.article.doc_id in known:
                if latest is None:
                    continue  # nobody annotated it: the folder's claims stay as they are
                report.articles_changed += 1
            else:
                added.append(doc.article.to_dict())
                report.articles_added += 1
            chosen = latest.claims if latest is not None else doc.predicted
            replacement[doc.article.doc_id] = [c.to_dict() for c in chosen]
        report.claims_before = len(claims)
        if not replacement:
            report.claims_after = len(claims)
            return report
        merged = _merge_claims(claims, replacement)
        report.claims_after = len(merged)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        staging = folder / f".import-{stamp}"
        backup = folder / BACKUPS_DIR / f"import-{stamp}"
        existing = any(
            (folder / name).exists() for name in (ARTICLES_FILE, CLAIMS_FILE, DATASET_DIR, RUN_FILE)
        )
        try:
            staging.mkdir(parents=True)
            write_jsonl(staging / ARTICLES_FILE, [*articles, *added])
            write_jsonl(staging / CLAIMS_FILE, merged)
            from pipeline.dataset import write_dataset

            write_dataset(staging / CLAIMS_FILE, staging / DATASET_DIR)
            manifest = _manifest(
                folder, report, source, backup if existing else None, len(articles) + len(added)
            )
            write_manifest(staging, manifest)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        report.replaced = replace_together(folder, staging, backup)
        report.report_rebuilt = _rebuild_report(folder, backup, stream)
        if any(backup.iterdir()):
            report.backup = backup
        else:  # a new run folder: nothing was replaced
            backup.rmdir()
            if not any((folder / BACKUPS_DIR).iterdir()):
                (folder / BACKUPS_DIR).rmdir()
    return report


def _check(
    documents: list[LSDocument],
    articles: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    problems: ImportProblems,
    tasks: dict[str, int],
) -> None:
    texts: dict[str, str] = {}
    for article in articles:
        texts.setdefault(str(article.get("doc_id")), str(article.get("text") or ""))
    owner = {str(c.get("claim_id")): str(c.get("doc_id")) for c in claims}
    for doc in documents:
        doc_id, n = doc.article.doc_id, tasks.get(doc.article.doc_id, 0)
        if doc_id in texts and texts[doc_id] != doc.article.text:
            problems.add(
                n,
                doc_id,
                None,
                f"the article text differs from the one in articles.jsonl (sha256 {text_hash(doc.article.text)} "
                f"here, {text_hash(texts[doc_id])} in the run), so every offset would point at other characters; "
                "export fresh tasks from this run folder ('claimscope export --from DIR') and annotate those",
            )
            continue
        ids = {c.claim_id for c in doc.predicted} | {c.claim_id for a in doc.annotations for c in a.claims}
        for claim_id in sorted(ids):
            other = owner.get(claim_id)
            if other is not None and other != doc_id:
                problems.add(
                    n, doc_id, claim_id, f"claim id {claim_id} belongs to article {other} in the run folder"
                )
    problems.raise_if_any()


def _merge_claims(
    claims: list[dict[str, Any]], replacement: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The folder's claims with each replaced article's claims swapped in where its old ones were."""
    merged: list[dict[str, Any]] = []
    placed: set[str] = set()
    for claim in claims:
        doc_id = str(claim.get("doc_id"))
        if doc_id not in replacement:
            merged.append(claim)
        elif doc_id not in placed:
            merged.extend(replacement[doc_id])
            placed.add(doc_id)
    for doc_id, new in replacement.items():
        if doc_id not in placed:
            merged.extend(new)
    return merged


def _manifest(
    folder: Path, report: RunImportReport, source: str | Path, backup: Path | None, articles: int
) -> dict[str, Any]:
    manifest = read_manifest(folder) or {"schema_version": SCHEMA_VERSION, "status": "finished"}
    counts = dict(manifest.get("counts") or {})
    counts.update(articles=articles, claims=report.claims_after)
    entry = {
        "file": str(source),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tasks": report.tasks,
        "annotated_tasks": report.annotated,
        "articles_changed": report.articles_changed,
        "articles_added": report.articles_added,
        "claims_before": report.claims_before,
        "claims_after": report.claims_after,
        "backup": str(backup.relative_to(folder)) if backup is not None else None,
    }
    return {**manifest, "counts": counts, "imports": [*manifest.get("imports", []), entry]}


def _rebuild_report(folder: Path, backup: Path, stream: TextIO) -> bool:
    """Rebuild ``report.html`` (and its files) from the new claims, swapped in like the rest."""
    old = folder / REPORT_FILE
    if not old.exists():
        return False
    found = re.search(r"<title>(.*?)</title>", old.read_text(encoding="utf-8", errors="replace"), re.S)
    title = html.unescape(found.group(1)).strip() if found else "claimscope corpus report"
    staging = folder / f".report-{backup.name}"
    try:
        from pipeline.report import build_report

        staging.mkdir()
        build_report(folder, staging / REPORT_FILE, title=title)
        replace_together(folder, staging, backup)
    except Exception as exc:  # the import itself is done; the report is derived and can be redone
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"claimscope import: {old} could not be rebuilt ({exc}); it still shows the claims before "
            f"the import. Rebuild it with: claimscope report {folder} --out {old}",
            file=stream,
        )
        return False
    return True
