"""Bring Label Studio annotations into a project: per-annotator labels plus history rows.

A task one person annotated updates the shared claim (as that person); a task several
people annotated keeps each person's labels as annotations for agreement and
adjudication. Annotators become external accounts ``label-studio:<id>`` that cannot log in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from pipeline.annotate.label_studio import LSDocument
from pipeline.annotate.runfolder import RunData
from pipeline.store.db import Store
from pipeline.store.edits import save
from pipeline.store.loader import load_run
from pipeline.store.models import Annotation, ClaimRow, History, utcnow
from pipeline.store.users import add_member, get_or_create_external_user, get_or_create_project


@dataclass
class ImportReport:
    documents: int = 0
    annotations: int = 0
    claims_updated: int = 0
    claims_added: int = 0


def import_label_studio(store: Store, documents: list[LSDocument], project_name: str) -> ImportReport:
    """Import parsed Label Studio documents into ``project_name`` (created if missing)."""
    report = ImportReport(documents=len(documents))
    # Articles and model claims first, so annotations have something to point at.
    base = RunData(
        articles=[d.article for d in documents], claims=[c for d in documents for c in d.predicted]
    )
    with store.session() as session:
        project = get_or_create_project(session, project_name)
        known = {
            r for r in session.scalars(select(ClaimRow.claim_id).where(ClaimRow.project_id == project.id))
        }
    missing = RunData(articles=base.articles, claims=[c for c in base.claims if c.claim_id not in known])
    load_run(store, missing, project_name)
    for doc in documents:
        for ann in doc.annotations:
            with store.session() as session:
                project = get_or_create_project(session, project_name)
                user = get_or_create_external_user(session, ann.annotator)
                add_member(session, project, user)
                rows = {
                    r.claim_id: r
                    for r in session.scalars(
                        select(ClaimRow).where(
                            ClaimRow.project_id == project.id, ClaimRow.doc_id == doc.article.doc_id
                        )
                    )
                }
                for claim in ann.claims:
                    if claim.claim_id not in rows:
                        new = claim.to_dict()
                        row = ClaimRow(
                            project_id=project.id,
                            doc_id=claim.doc_id,
                            claim_id=claim.claim_id,
                            data=new,
                            model_data=new,
                            status="pending",
                            label_source="human",
                            updated_by=ann.annotator,
                        )
                        session.add(row)
                        session.flush()
                        rows[claim.claim_id] = row
                        report.claims_added += 1
                labelled = [(c.claim_id, c.to_dict(), "accepted") for c in ann.claims]
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
                            action="import:label-studio",
                            before=before,
                            after={"claim": data, "status": status},
                        )
                    )
                    report.annotations += 1
                single = [(rows[cid].id, data, status, rows[cid].version) for cid, data, status in labelled]
            if len(doc.annotations) == 1:
                for claim_pk, data, status, version in single:
                    save(
                        store,
                        ann.annotator,
                        claim_pk,
                        data,
                        status,
                        version,
                        action="import:label-studio",
                        adjudicate=True,
                    )
                    report.claims_updated += 1
    return report
