"""The only way claims and annotations change: versioned saves, each a new history row.

A claim assigned to two or more annotators is labelled blind: each assigned annotator
edits their own :class:`Annotation` (for agreement) and a reviewer adjudicates the
shared claim. Otherwise annotators edit the shared claim directly. Every save names the
version it started from; a stale version raises ``E401`` naming who changed it.

An annotator writes only what is theirs to label: a claim assigned to others, or (when they
have assignments in the project) a claim not assigned to them, is refused with E403.
Reviewers and admins may change any claim of their projects. Every edited claim is checked
against the article and the label vocabularies (:mod:`pipeline.vocabulary`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.errors import StoreError
from pipeline.store.db import Store
from pipeline.store.loader import state_of
from pipeline.store.models import (
    STATUSES,
    Annotation,
    ArticleRow,
    Assignment,
    ClaimRow,
    Comment,
    History,
    User,
    utcnow,
)
from pipeline.store.queries import has_assignments
from pipeline.types import Claim
from pipeline.vocabulary import claim_problems, known_frames


@dataclass
class View:
    """What one user sees and edits of a claim."""

    target: str
    """``claim`` or ``annotation``."""
    claim: dict[str, Any]
    status: str
    version: int


def is_blind(session: Session, row: ClaimRow, user: User) -> bool:
    """True if ``user`` labels this claim independently (it has 2+ assignees, one of them ``user``)."""
    assignees = list(session.scalars(select(Assignment.user_id).where(Assignment.claim_pk == row.id)))
    return len(assignees) >= 2 and user.id in assignees


def _annotation(session: Session, row: ClaimRow, user: User) -> Annotation | None:
    return session.scalar(
        select(Annotation).where(Annotation.claim_pk == row.id, Annotation.user_id == user.id)
    )


def view_of(session: Session, row: ClaimRow, user: User) -> View:
    if is_blind(session, row, user):
        ann = _annotation(session, row, user)
        if ann is None:
            return View("annotation", row.model_data, "pending", 0)
        return View("annotation", ann.data, ann.status, ann.version)
    return View("claim", row.data, row.status, row.version)


def write_refusal(session: Session, row: ClaimRow, user: User) -> str | None:
    """Why ``user`` may not change ``row``, or None if they may (only annotators are restricted)."""
    if user.role != "annotator":
        return None
    assignees = sorted(
        session.scalars(
            select(User.username)
            .join(Assignment, Assignment.user_id == User.id)
            .where(Assignment.claim_pk == row.id)
        )
    )
    if user.username in assignees:
        return None
    if assignees:
        return (
            f"claim {row.claim_id} is assigned to {', '.join(assignees)}; "
            "ask a reviewer to assign it to you if you should label it"
        )
    if has_assignments(session, row.project_id, user.id):
        return f"claim {row.claim_id} is not among the claims assigned to you; pick one from your queue"
    return None


def check_can_write(session: Session, row: ClaimRow, user: User) -> None:
    """Raise E403 if ``user`` may not change ``row`` (see :func:`write_refusal`)."""
    refusal = write_refusal(session, row, user)
    if refusal is not None:
        raise StoreError("E403", detail=refusal)


def normalise_claim(session: Session, row: ClaimRow, claim: dict[str, Any]) -> dict[str, Any]:
    """Validate an edited claim against the article and the vocabularies; ``text`` recut from the offsets."""
    article = session.scalar(
        select(ArticleRow).where(ArticleRow.project_id == row.project_id, ArticleRow.doc_id == row.doc_id)
    )
    text = article.data["text"] if article else ""
    merged = {**row.data, **claim, "claim_id": row.claim_id, "doc_id": row.doc_id}
    problems = claim_problems(merged, len(text), known_frames([row.data, row.model_data]))
    if problems:
        raise StoreError(
            "E410", what="Claim", name=row.claim_id, detail="was not saved: " + "; ".join(problems)
        )
    try:
        record = Claim.from_dict(merged)
    except (TypeError, KeyError, ValueError) as exc:
        raise StoreError("E410", what="Claim", name=row.claim_id, detail=f"is malformed: {exc}") from exc
    start, end = int(record.start), int(record.end)
    record.start, record.end, record.text = start, end, text[start:end]
    for target in record.targets:
        if target.start is not None and target.end is not None:
            target.text = text[target.start : target.end]
    record.label_source = "human"
    return record.to_dict()


def save(
    store: Store,
    username: str,
    claim_pk: int,
    claim: dict[str, Any] | None,
    status: str | None,
    version: int,
    *,
    action: str = "edit",
    adjudicate: bool = False,
) -> View:
    """Save ``claim``/``status`` if ``version`` is current, appending one history row."""
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        row = session.get(ClaimRow, claim_pk)
        if user is None or row is None:
            raise StoreError("E403", detail="no such user or claim")
        return save_in(session, user, row, claim, status, version, action=action, adjudicate=adjudicate)


def save_in(
    session: Session,
    user: User,
    row: ClaimRow,
    claim: dict[str, Any] | None,
    status: str | None,
    version: int,
    *,
    action: str = "edit",
    adjudicate: bool = False,
) -> View:
    """:func:`save` inside the caller's transaction (an import applies many saves as one)."""
    username = user.username
    if status is not None and status not in STATUSES:
        raise StoreError("E405", what="status", name=status, known=", ".join(STATUSES))
    if not adjudicate:
        check_can_write(session, row, user)
    blind = not adjudicate and is_blind(session, row, user)
    current = view_of(session, row, user) if blind else View("claim", row.data, row.status, row.version)
    if version != current.version:
        who = _last_editor(session, row, user if blind else None)
        raise StoreError("E401", claim_id=row.claim_id, user=who, current=current.version, yours=version)
    new_claim = normalise_claim(session, row, claim) if claim is not None else dict(current.claim)
    if claim is None and status in ("accepted", "rejected"):
        new_claim["label_source"] = "human"
    new_status = status or ("accepted" if current.status == "pending" else current.status)
    if blind:
        ann = _annotation(session, row, user)
        before = {"claim": ann.data, "status": ann.status, "version": ann.version} if ann else None
        if ann is None:
            ann = Annotation(claim_pk=row.id, user_id=user.id, data=new_claim, status=new_status, version=1)
            session.add(ann)
        else:
            ann.data, ann.status, ann.version, ann.updated_at = (
                new_claim,
                new_status,
                ann.version + 1,
                utcnow(),
            )
        session.flush()
        after = {"claim": ann.data, "status": ann.status, "version": ann.version}
        result = View("annotation", ann.data, ann.status, ann.version)
    else:
        before = state_of(row)
        row.data, row.status = new_claim, new_status
        row.label_source = new_claim.get("label_source", "human")
        row.needs_review = False
        row.version += 1
        row.updated_by, row.updated_at = username, utcnow()
        _record_own_annotation(session, row, user, new_claim, new_status)
        session.flush()
        after = state_of(row)
        result = View("claim", row.data, row.status, row.version)
    session.add(
        History(
            project_id=row.project_id,
            claim_pk=row.id,
            user_id=user.id,
            username=username,
            target=result.target,
            action=action,
            before=before,
            after=after,
        )
    )
    return result


def _record_own_annotation(
    session: Session, row: ClaimRow, user: User, claim: dict[str, Any], status: str
) -> None:
    # Annotators' direct edits also count as their labels for agreement.
    if user.role != "annotator":
        return
    ann = _annotation(session, row, user)
    if ann is None:
        session.add(Annotation(claim_pk=row.id, user_id=user.id, data=claim, status=status, version=1))
    else:
        ann.data, ann.status, ann.version, ann.updated_at = claim, status, ann.version + 1, utcnow()


def _last_editor(session: Session, row: ClaimRow, user: User | None) -> str:
    query = select(History.username).where(History.claim_pk == row.id)
    if user is not None:
        query = query.where(History.user_id == user.id, History.target == "annotation")
    else:
        query = query.where(History.target == "claim")
    return session.scalar(query.order_by(History.id.desc()).limit(1)) or "someone"


def undo(store: Store, username: str, claim_pk: int) -> View:
    """Restore the state before ``username``'s latest not-yet-undone change (as a new history row)."""
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        row = session.get(ClaimRow, claim_pk)
        if user is None or row is None:
            raise StoreError("E403", detail="no such user or claim")
        check_can_write(session, row, user)
        rows = list(
            session.scalars(
                select(History)
                .where(History.claim_pk == row.id, History.user_id == user.id)
                .order_by(History.id.desc())
            )
        )
        undone = {int(h.action.split(":", 1)[1]) for h in rows if h.action.startswith("undo:")}
        last = next((h for h in rows if not h.action.startswith("undo:") and h.id not in undone), None)
        if last is None or (last.before is None and last.target != "annotation"):
            raise StoreError("E410", what="Claim", name=row.claim_id, detail="has no change of yours to undo")
        version = view_of(session, row, user).version if last.target == "annotation" else row.version
        # Undoing a first blind label goes back to the model's output.
        before = last.before or {"claim": row.model_data, "status": "pending"}
        target_claim, target_status, action = before["claim"], before["status"], f"undo:{last.id}"
    return save(
        store,
        username,
        claim_pk,
        target_claim,
        target_status,
        version,
        action=action,
        adjudicate=last.target == "claim" and is_blind_by_name(store, username, claim_pk),
    )


def is_blind_by_name(store: Store, username: str, claim_pk: int) -> bool:
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        row = session.get(ClaimRow, claim_pk)
        return bool(user and row and is_blind(session, row, user))


def add_claim(store: Store, username: str, project_id: int, doc_id: str, start: int, end: int) -> int:
    """A new claim drawn by ``username`` over ``text[start:end]`` of an article (code-point
    offsets); returns its ``claim_pk``. It is a human label (``accepted``), assigned to its
    author when the project uses assignments, and recorded as a ``create`` history row."""
    from pipeline.ids import claim_id as make_claim_id
    from pipeline.types import Speaker

    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        article = session.scalar(
            select(ArticleRow).where(ArticleRow.project_id == project_id, ArticleRow.doc_id == doc_id)
        )
        if user is None or article is None:
            raise StoreError("E403", detail="no such user or article")
        text = str(article.data["text"])
        if not 0 <= start < end <= len(text) or not text[start:end].strip():
            raise StoreError(
                "E410", what="Claim", name=f"{start}-{end}", detail="must cover text inside the article"
            )
        cid = make_claim_id(doc_id, start, end)
        exists = session.scalar(
            select(ClaimRow.id).where(
                ClaimRow.project_id == project_id, ClaimRow.claim_id == cid, ClaimRow.status != "obsolete"
            )
        )
        if exists is not None:
            raise StoreError("E410", what="Claim", name=cid, detail="already exists for exactly this text")
        claim = Claim(
            claim_id=cid,
            doc_id=doc_id,
            text=text[start:end],
            start=start,
            end=end,
            section=None,
            type="evaluation",
            speaker=Speaker(id=None, name=None, kind="author"),
            holder=None,
            actors=[],
            targets=[],
            frames=[],
            hedged=False,
            hedges=[],
            label_source="human",
            provenance={"span": f"human:{username}"},
        ).to_dict()
        row = ClaimRow(
            project_id=project_id,
            doc_id=doc_id,
            claim_id=cid,
            data=claim,
            model_data=claim,
            status="accepted",
            label_source="human",
            uncertainty=0.0,
            updated_by=username,
        )
        session.add(row)
        session.flush()
        if has_assignments(session, project_id, user.id):
            session.add(Assignment(claim_pk=row.id, user_id=user.id))
        session.add(
            History(
                project_id=project_id,
                claim_pk=row.id,
                user_id=user.id,
                username=username,
                target="claim",
                action="create",
                before=None,
                after=state_of(row),
            )
        )
        return row.id


def add_comment(store: Store, username: str, claim_pk: int, body: str) -> None:
    body = body.strip()
    if not body:
        return
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        row = session.get(ClaimRow, claim_pk)
        if user is None or row is None:
            raise StoreError("E403", detail="no such user or claim")
        check_can_write(session, row, user)
        session.add(Comment(claim_pk=claim_pk, user_id=user.id, username=username, body=body[:5000]))


def assign(store: Store, project_id: int, usernames: list[str], per_item: int) -> int:
    """Assign every live claim of a project to ``per_item`` of ``usernames`` (round robin); returns rows added."""
    added = 0
    with store.session() as session:
        users = [session.scalar(select(User).where(User.username == n)) for n in usernames]
        if any(u is None for u in users) or not users:
            raise StoreError(
                "E410", what="User list", name=",".join(usernames), detail="names an unknown user"
            )
        claims = list(
            session.scalars(
                select(ClaimRow)
                .where(ClaimRow.project_id == project_id, ClaimRow.status != "obsolete")
                .order_by(ClaimRow.doc_id, ClaimRow.id)
            )
        )
        k = min(per_item, len(users))
        for i, row in enumerate(claims):
            for j in range(k):
                user = users[(i + j) % len(users)]
                assert user is not None
                exists = session.scalar(
                    select(func.count()).where(Assignment.claim_pk == row.id, Assignment.user_id == user.id)
                )
                if not exists:
                    session.add(Assignment(claim_pk=row.id, user_id=user.id))
                    added += 1
    return added
