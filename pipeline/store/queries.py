"""Read-side queries: review queue, project snapshot for export, per-annotator labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, defer

from pipeline.runfolder import RunData
from pipeline.store.models import Annotation, ArticleRow, Assignment, ClaimRow, User
from pipeline.types import Article, Claim

ORDERS: tuple[str, ...] = ("uncertainty", "document")


def _visible(session: Session, project_id: int, user: User) -> Select[Any]:
    """The live claims of the project that ``user``'s queue holds (an annotator with assignments: theirs)."""
    query: Select[Any] = select(ClaimRow).where(
        ClaimRow.project_id == project_id, ClaimRow.status != "obsolete"
    )
    if user.role == "annotator" and has_assignments(session, project_id, user.id):
        query = query.where(ClaimRow.id.in_(select(Assignment.claim_pk).where(Assignment.user_id == user.id)))
    return query


def has_assignments(session: Session, project_id: int, user_id: int) -> bool:
    """Whether the user has any claim of the project assigned (then their queue is those claims)."""
    found = session.scalar(
        select(Assignment.id)
        .join(ClaimRow, ClaimRow.id == Assignment.claim_pk)
        .where(ClaimRow.project_id == project_id, Assignment.user_id == user_id)
        .limit(1)
    )
    return found is not None


def _order_key(
    order: str, needs_review: bool, status: str, uncertainty: float, doc_id: str, start: int, pk: int
) -> tuple[Any, ...]:
    if order == "document":
        return (doc_id, start, pk)
    return (not needs_review, status != "pending", -uncertainty, doc_id, start)


def queue(session: Session, project_id: int, user: User, order: str = "uncertainty") -> list[ClaimRow]:
    """Claims to review: flagged first, then pending, then by model uncertainty (or document order).

    An annotator with assignments in the project sees only their assigned claims.
    """
    rows = list(session.scalars(_visible(session, project_id, user).options(defer(ClaimRow.model_data))))
    rows.sort(
        key=lambda r: _order_key(
            order, r.needs_review, r.status, r.uncertainty, r.doc_id, r.data.get("start", 0), r.id
        )
    )
    return rows


def article_titles(session: Session, project_id: int) -> dict[str, str]:
    """``doc_id -> title`` of a project's articles: the title, else the source file name."""
    titles: dict[str, str] = {}
    for doc_id, data in session.execute(
        select(ArticleRow.doc_id, ArticleRow.data).where(ArticleRow.project_id == project_id)
    ):
        source = str(data.get("source_path") or "").replace("\\", "/").rsplit("/", 1)[-1]
        titles[doc_id] = str(data.get("title") or source or doc_id)
    return titles


def queue_ids(session: Session, project_id: int, user: User, order: str = "uncertainty") -> list[int]:
    """The ``id``s of :func:`queue`, in the same order, without loading the claims themselves."""
    start = ClaimRow.data["start"].as_integer()
    query = _visible(session, project_id, user).with_only_columns(
        ClaimRow.id, ClaimRow.needs_review, ClaimRow.status, ClaimRow.uncertainty, ClaimRow.doc_id, start
    )
    keyed = [
        (_order_key(order, needs, status, unc, doc, first or 0, pk), pk)
        for pk, needs, status, unc, doc, first in session.execute(query)
    ]
    keyed.sort(key=lambda item: item[0])
    return [pk for _key, pk in keyed]


def article_of(session: Session, row: ClaimRow) -> Article:
    art = session.scalar(
        select(ArticleRow).where(ArticleRow.project_id == row.project_id, ArticleRow.doc_id == row.doc_id)
    )
    assert art is not None
    return Article.from_dict(art.data)


def snapshot(session: Session, project_id: int, *, include_rejected: bool = False) -> RunData:
    """The project's current articles and claims (rejected and obsolete claims left out)."""
    articles = [
        Article.from_dict(a.data)
        for a in session.scalars(
            select(ArticleRow).where(ArticleRow.project_id == project_id).order_by(ArticleRow.id)
        )
    ]
    skip = {"obsolete"} if include_rejected else {"obsolete", "rejected"}
    claims = [
        Claim.from_dict(r.data)
        for r in session.scalars(
            select(ClaimRow).where(ClaimRow.project_id == project_id).order_by(ClaimRow.id)
        )
        if r.status not in skip
    ]
    return RunData(articles=articles, claims=claims)


def annotator_labels(session: Session, project_id: int) -> dict[str, dict[str, dict[str, Any]]]:
    """``annotator -> claim_id -> {"claim": dict, "status": str}`` from per-annotator annotations."""
    rows = session.execute(
        select(User.username, ClaimRow.claim_id, Annotation.data, Annotation.status)
        .join(Annotation, Annotation.user_id == User.id)
        .join(ClaimRow, ClaimRow.id == Annotation.claim_pk)
        .where(ClaimRow.project_id == project_id)
    )
    labels: dict[str, dict[str, dict[str, Any]]] = {}
    for username, claim_id, data, status in rows:
        labels.setdefault(username, {})[claim_id] = {"claim": data, "status": status}
    return labels
