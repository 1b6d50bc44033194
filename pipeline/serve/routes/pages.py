"""The annotator's pages: projects, a project's review queue, one claim in its article, help. Read-only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from pipeline.serve import highlight
from pipeline.serve.deps import CurrentUser, ReadSession, claim_in_project, render, view_json
from pipeline.serve.security import require_project
from pipeline.store.models import ClaimRow, Comment, History, Project
from pipeline.store.queries import ORDERS, article_of, article_titles, queue, queue_ids
from pipeline.store.users import visible_projects
from pipeline.types import CLAIM_TYPES, SPEAKER_KINDS, STANCES, Claim
from pipeline.vocabulary import known_frames

router = APIRouter()
APP_EXPORTS: tuple[str, ...] = ("jsonl", "label-studio", "prodigy", "doccano")


@router.get("/", response_class=HTMLResponse)
def projects(request: Request, session: ReadSession, user: CurrentUser) -> HTMLResponse:
    items = [
        (p, session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.project_id == p.id)))
        for p in visible_projects(session, user)
    ]
    return render(request, "projects.html", user, projects=items)


@router.get("/p/{project_id}", response_class=HTMLResponse)
def project_queue(
    request: Request, project_id: int, session: ReadSession, user: CurrentUser, order: str = "uncertainty"
) -> HTMLResponse:
    require_project(session, user, project_id)
    order = order if order in ORDERS else "uncertainty"
    return render(
        request,
        "queue.html",
        user,
        project=session.get(Project, project_id),
        rows=queue(session, project_id, user, order),
        titles=article_titles(session, project_id),
        order=order,
        orders=ORDERS,
        exports=APP_EXPORTS,
    )


@router.get("/p/{project_id}/c/{claim_pk}", response_class=HTMLResponse)
def claim_page(
    request: Request,
    project_id: int,
    claim_pk: int,
    session: ReadSession,
    user: CurrentUser,
    order: str = "uncertainty",
) -> HTMLResponse:
    row = claim_in_project(session, user, project_id, claim_pk)
    order = order if order in ORDERS else "uncertainty"
    state = view_json(session, row, user)
    article = article_of(session, row)
    # The article's other claims: only what the highlighting needs (no ORM rows, no model output).
    siblings = session.execute(
        select(ClaimRow.id, ClaimRow.claim_id, ClaimRow.status, ClaimRow.data).where(
            ClaimRow.project_id == project_id,
            ClaimRow.doc_id == row.doc_id,
            ClaimRow.status != "obsolete",
        )
    ).all()
    current = Claim.from_dict(state["claim"])
    others = [Claim.from_dict(s.data) for s in siblings if s.id != row.id]
    rejected = {s.claim_id for s in siblings if s.status == "rejected"}
    marks = highlight.claim_marks(article.text, [*others, current], current, rejected)
    ids = queue_ids(session, project_id, user, order)
    pos = ids.index(row.id) if row.id in ids else -1
    comments = list(session.scalars(select(Comment).where(Comment.claim_pk == row.id).order_by(Comment.id)))
    history = list(
        session.scalars(
            select(History).where(History.claim_pk == row.id).order_by(History.id.desc()).limit(20)
        )
    )
    # The configured taxonomy, plus any other frame this article's claims carry.
    frames = sorted(known_frames([*(s.data for s in siblings), current]))
    return render(
        request,
        "claim.html",
        user,
        project=session.get(Project, project_id),
        row=row,
        state=state,
        claim=current,
        article=article,
        article_html=highlight.render(article.text, marks),
        prev_pk=ids[pos - 1] if pos > 0 else None,
        next_pk=ids[pos + 1] if 0 <= pos < len(ids) - 1 else None,
        position=pos + 1,
        total=len(ids),
        order=order,
        comments=comments,
        history=history,
        frames=frames,
        claim_types=CLAIM_TYPES,
        speaker_kinds=SPEAKER_KINDS,
        stances=STANCES,
    )


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request, user: CurrentUser) -> HTMLResponse:
    """How to label: drawing spans, shortcuts, blind labelling, adjudication, agreement."""
    return render(request, "help.html", user)
