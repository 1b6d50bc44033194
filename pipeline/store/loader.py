"""Load a run folder into a project, keeping every human correction across re-runs.

Rules on re-load: a claim with ``label_source: human`` is never overwritten by model
output (its new model output is kept beside it in ``model_data``); if its text changed
in the new run, or no longer sits at its offsets in the new article text, it is flagged
``needs_review`` instead of being dropped. Model-only claims take the new output; a
model claim the new run no longer produces becomes ``obsolete`` (kept, hidden).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.runfolder import RunData, read_run
from pipeline.store.db import Store
from pipeline.store.models import ArticleRow, ClaimRow, History, utcnow
from pipeline.store.users import get_or_create_project
from pipeline.types import Article, Claim

LOADER = "claimscope-loader"


@dataclass
class LoadReport:
    project: str
    articles: int = 0
    inserted: int = 0
    updated: int = 0
    kept_human: int = 0
    needs_review: int = 0
    obsolete: int = 0


def uncertainty(claim: Claim) -> float:
    """How unsure the model is: 1 - the lowest of the type score and the target stance scores."""
    scores = [claim.type_score, *(t.score for t in claim.targets)]
    return round(1.0 - min(scores), 6)


def state_of(row: ClaimRow) -> dict[str, Any]:
    """The snapshot a history row records."""
    return {"claim": row.data, "status": row.status, "version": row.version, "needs_review": row.needs_review}


def _history(session: Session, row: ClaimRow, action: str, before: dict[str, Any] | None) -> None:
    session.add(
        History(
            project_id=row.project_id,
            claim_pk=row.id,
            user_id=None,
            username=LOADER,
            target="claim",
            action=action,
            before=before,
            after=state_of(row),
        )
    )


def add_article(session: Session, project_id: int, article: Article) -> ArticleRow:
    """Insert or update the article row of ``article`` in the project."""
    art = session.scalar(
        select(ArticleRow).where(ArticleRow.project_id == project_id, ArticleRow.doc_id == article.doc_id)
    )
    if art is None:
        art = ArticleRow(project_id=project_id, doc_id=article.doc_id, data=article.to_dict())
        session.add(art)
    else:
        art.data = article.to_dict()
    return art


def add_claim(session: Session, project_id: int, claim: Claim, *, updated_by: str = LOADER) -> ClaimRow:
    """Insert a new claim row (model output, or a human's if ``label_source`` says so) with its first history row."""
    new = claim.to_dict()
    row = ClaimRow(
        project_id=project_id,
        doc_id=claim.doc_id,
        claim_id=claim.claim_id,
        data=new,
        model_data=new,
        status="accepted" if claim.label_source == "human" else "pending",
        label_source=claim.label_source,
        needs_review=claim.needs_review,
        uncertainty=uncertainty(claim),
        version=1,
        updated_by=updated_by,
    )
    session.add(row)
    session.flush()
    _history(session, row, "load", None)
    return row


def load_run(store: Store, run: str | Path | RunData, project_name: str) -> LoadReport:
    """Load (or re-load) a run's articles and claims into ``project_name``."""
    data = run if isinstance(run, RunData) else read_run(run)
    report = LoadReport(project=project_name)
    with store.session() as session:
        project = get_or_create_project(session, project_name)
        texts: dict[str, str] = {}
        for article in data.articles:
            texts[article.doc_id] = article.text
            add_article(session, project.id, article)
            report.articles += 1
        session.flush()
        existing = {
            r.claim_id: r
            for r in session.scalars(
                select(ClaimRow).where(ClaimRow.project_id == project.id, ClaimRow.doc_id.in_(list(texts)))
            )
        }
        seen: set[str] = set()
        for claim in data.claims:
            seen.add(claim.claim_id)
            new = claim.to_dict()
            row = existing.get(claim.claim_id)
            if row is None:
                add_claim(session, project.id, claim)
                report.inserted += 1
                continue
            before = state_of(row)
            if row.label_source == "human":
                report.kept_human += 1
                text = texts.get(row.doc_id, "")
                moved = text[row.data["start"] : row.data["end"]] != row.data["text"]
                changed = row.model_data.get("text") != new["text"] or moved
                row.model_data = new
                if changed and not row.needs_review:
                    row.needs_review = True
                    report.needs_review += 1
            else:
                if row.data == new and row.status != "obsolete":
                    continue
                row.data = new
                row.model_data = new
                row.uncertainty = uncertainty(claim)
                row.needs_review = claim.needs_review
                if row.status == "obsolete":
                    row.status = "pending"
                report.updated += 1
            row.version += 1
            row.updated_by = LOADER
            row.updated_at = utcnow()
            session.flush()
            _history(session, row, "reload", before)
        for claim_id, row in existing.items():
            if claim_id in seen:
                continue
            before = state_of(row)
            if row.label_source == "human":
                text = texts.get(row.doc_id, "")
                start, end = row.data["start"], row.data["end"]
                if text[start:end] != row.data["text"] and not row.needs_review:
                    row.needs_review = True
                    report.needs_review += 1
                    report.kept_human += 1
                else:
                    continue
            elif row.status != "obsolete":
                row.status = "obsolete"
                report.obsolete += 1
            else:
                continue
            row.version += 1
            row.updated_by = LOADER
            session.flush()
            _history(session, row, "reload", before)
    return report
