"""Bring Label Studio annotations into a store project: per-annotator labels plus history rows.

An import is all or nothing: the export is checked whole first (its own problems, then
against the project: the article text each task was annotated on must be the text stored,
claim ids must belong to the same article), and every change is applied in one
transaction. It is additive: articles and claims the project lacks are added, nothing is
marked obsolete, and a task nobody annotated changes nothing.

A task one person annotated updates the shared claim (as that person); a task several
people annotated keeps each person's labels as annotations for agreement and
adjudication. Annotators become external accounts ``label-studio:<id>`` that cannot log in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.annotate.label_studio_import import ImportProblems, LSDocument, text_hash
from pipeline.store.db import Store
from pipeline.store.edits import save_in
from pipeline.store.loader import add_article, add_claim
from pipeline.store.models import Annotation, ArticleRow, ClaimRow, History, Project, utcnow
from pipeline.store.users import add_member, get_or_create_external_user, get_or_create_project
from pipeline.types import Claim

IMPORT_ACTION = "import:label-studio"


@dataclass
class ImportReport:
    documents: int = 0
    annotated: int = 0
    """Tasks with at least one (not cancelled) annotation."""
    articles_added: int = 0
    annotations: int = 0
    claims_updated: int = 0
    claims_added: int = 0


def check_against_store(
    store: Store,
    documents: list[LSDocument],
    project_name: str,
    problems: ImportProblems,
    tasks: dict[str, int],
) -> None:
    """Add a problem per task whose article text or claim ids disagree with the project."""
    with store.read() as session:
        project = session.scalar(select(Project).where(Project.name == project_name))
        if project is None:
            return
        for doc in documents:
            n = tasks.get(doc.article.doc_id, 0)
            stored = session.scalar(
                select(ArticleRow).where(
                    ArticleRow.project_id == project.id, ArticleRow.doc_id == doc.article.doc_id
                )
            )
            if stored is not None and stored.data.get("text") != doc.article.text:
                problems.add(
                    n,
                    doc.article.doc_id,
                    None,
                    f"the article text differs from the one in project {project_name!r} "
                    f"(sha256 {text_hash(doc.article.text)} here, {text_hash(stored.data.get('text') or '')} "
                    "stored), so every offset would point at other characters; export fresh tasks from the "
                    "project ('claimscope export --from URL --project P') and annotate those",
                )
                continue
            ids = {c.claim_id for c in doc.predicted} | {
                c.claim_id for a in doc.annotations for c in a.claims
            }
            clashes = session.execute(
                select(ClaimRow.claim_id, ClaimRow.doc_id).where(
                    ClaimRow.project_id == project.id,
                    ClaimRow.claim_id.in_(sorted(ids)),
                    ClaimRow.doc_id != doc.article.doc_id,
                )
            ).all()
            for claim_id, other in clashes:
                problems.add(
                    n,
                    doc.article.doc_id,
                    claim_id,
                    f"claim id {claim_id} belongs to article {other} in the project; export fresh tasks and annotate those",
                )


def import_label_studio(
    store: Store,
    documents: list[LSDocument],
    project_name: str,
    *,
    path: str = "<tasks>",
    tasks: dict[str, int] | None = None,
    problems: ImportProblems | None = None,
) -> ImportReport:
    """Import parsed Label Studio documents into ``project_name`` (created if missing), all or nothing.

    ``tasks`` maps each ``doc_id`` to its task number in the file (for problem reports);
    ``problems`` may already hold the export's own problems, to which those found against
    the project are added: E411 lists them all before anything is written.
    """
    tasks = tasks if tasks is not None else {d.article.doc_id: n for n, d in enumerate(documents)}
    problems = problems if problems is not None else ImportProblems(path)
    check_against_store(store, documents, project_name, problems, tasks)
    problems.raise_if_any()
    report = ImportReport(documents=len(documents))
    with store.session() as session:
        project = get_or_create_project(session, project_name)
        for doc in documents:
            _import_document(session, project, doc, report)
    return report


def _import_document(session: Session, project: Project, doc: LSDocument, report: ImportReport) -> None:
    rows = {
        r.claim_id: r
        for r in session.scalars(
            select(ClaimRow).where(ClaimRow.project_id == project.id, ClaimRow.doc_id == doc.article.doc_id)
        )
    }
    known_article = session.scalar(
        select(ArticleRow.id).where(
            ArticleRow.project_id == project.id, ArticleRow.doc_id == doc.article.doc_id
        )
    )
    if not doc.annotations:
        if known_article is None:
            # An article the project lacks: add it with the model's claims, as load-run would.
            add_article(session, project.id, doc.article)
            session.flush()
            for claim in doc.predicted:
                add_claim(session, project.id, claim)
            report.articles_added += 1
        return  # a task nobody annotated changes nothing the project already has
    report.annotated += 1
    if known_article is None:
        add_article(session, project.id, doc.article)
        session.flush()
        report.articles_added += 1
    for claim in doc.predicted:
        if claim.claim_id not in rows:
            rows[claim.claim_id] = add_claim(session, project.id, claim)
    for ann in doc.annotations:
        user = get_or_create_external_user(session, ann.annotator)
        add_member(session, project, user)
        for claim in ann.claims:
            if claim.claim_id not in rows:
                rows[claim.claim_id] = _human_claim(session, project.id, claim, ann.annotator)
                report.claims_added += 1
        labelled: list[tuple[str, dict[str, Any], str]] = [
            (c.claim_id, c.to_dict(), "accepted") for c in ann.claims
        ]
        labelled += [(cid, rows[cid].data, "rejected") for cid in ann.rejected if cid in rows]
        for claim_id, data, status in labelled:
            row = rows[claim_id]
            existing = session.scalar(
                select(Annotation).where(Annotation.claim_pk == row.id, Annotation.user_id == user.id)
            )
            before = {"claim": existing.data, "status": existing.status} if existing else None
            if existing is None:
                existing = Annotation(claim_pk=row.id, user_id=user.id, data=data, status=status)
                session.add(existing)
            else:
                existing.data, existing.status = data, status
                existing.version += 1
                existing.updated_at = utcnow()
            session.add(
                History(
                    project_id=project.id,
                    claim_pk=row.id,
                    user_id=user.id,
                    username=ann.annotator,
                    target="annotation",
                    action=IMPORT_ACTION,
                    before=before,
                    after={"claim": data, "status": status},
                )
            )
            report.annotations += 1
        session.flush()
        if len(doc.annotations) == 1:
            for claim_id, data, status in labelled:
                row = rows[claim_id]
                save_in(session, user, row, data, status, row.version, action=IMPORT_ACTION, adjudicate=True)
                report.claims_updated += 1


def _human_claim(session: Session, project_id: int, claim: Claim, annotator: str) -> ClaimRow:
    """A claim an annotator drew that the model did not produce."""
    new = claim.to_dict()
    row = ClaimRow(
        project_id=project_id,
        doc_id=claim.doc_id,
        claim_id=claim.claim_id,
        data=new,
        model_data=new,
        status="pending",
        label_source="human",
        updated_by=annotator,
    )
    session.add(row)
    session.flush()
    return row
