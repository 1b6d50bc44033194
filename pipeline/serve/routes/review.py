"""Reviewers' pages: adjudication of disagreeing blind labels, agreement, exports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import func, select

from pipeline.annotate.agreement import agreement_report
from pipeline.annotate.exchange import render as render_export
from pipeline.serve.deps import (
    AppStore,
    CurrentUser,
    ReadSession,
    WriteTurn,
    claim_in_project,
    csrf_from_form,
    render,
)
from pipeline.serve.routes.pages import APP_EXPORTS
from pipeline.serve.security import require_project, require_role
from pipeline.store.edits import save
from pipeline.store.models import Annotation, ClaimRow, History, Project, User
from pipeline.store.queries import annotator_labels, snapshot
from pipeline.types import Claim

router = APIRouter()


@router.get("/p/{project_id}/adjudicate", response_class=HTMLResponse)
def adjudication(request: Request, project_id: int, session: ReadSession, user: CurrentUser) -> HTMLResponse:
    require_project(session, user, project_id)
    require_role(user, "reviewer", "admin")
    rows = session.execute(
        select(ClaimRow, User.username, Annotation)
        .join(Annotation, Annotation.claim_pk == ClaimRow.id)
        .join(User, User.id == Annotation.user_id)
        .where(ClaimRow.project_id == project_id)
        .order_by(ClaimRow.doc_id, ClaimRow.id, User.username)
    ).all()
    grouped: dict[int, dict[str, Any]] = {}
    for claim_row, username, ann in rows:
        item = grouped.setdefault(claim_row.id, {"row": claim_row, "labels": []})
        item["labels"].append({"user": username, "status": ann.status, "claim": Claim.from_dict(ann.data)})
    last_label = dict(
        session.execute(
            select(History.claim_pk, func.max(History.id))
            .where(History.project_id == project_id, History.target == "annotation")
            .group_by(History.claim_pk)
        ).all()
    )
    last_verdict = dict(
        session.execute(
            select(History.claim_pk, func.max(History.id))
            .where(History.project_id == project_id, History.action.like("adjudicate:%"))
            .group_by(History.claim_pk)
        ).all()
    )
    # Resolved: adjudicated after the latest label any annotator gave.
    items = [
        i
        for pk, i in grouped.items()
        if len(i["labels"]) >= 2
        and _disagree(i["labels"])
        and last_verdict.get(pk, 0) < last_label.get(pk, 0)
    ]
    return render(request, "adjudicate.html", user, project=session.get(Project, project_id), items=items)


@router.post("/p/{project_id}/c/{claim_pk}/adjudicate", dependencies=[WriteTurn])
def adjudicate(
    project_id: int,
    claim_pk: int,
    store: AppStore,
    session: ReadSession,
    user: CurrentUser,
    _csrf: Annotated[None, Depends(csrf_from_form)],
    from_user: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
) -> Response:
    if not from_user or not version.isdigit():
        raise HTTPException(status_code=422, detail="Send from_user and version.")
    row = claim_in_project(session, user, project_id, claim_pk)
    require_role(user, "reviewer", "admin")
    ann = session.scalar(
        select(Annotation)
        .join(User, User.id == Annotation.user_id)
        .where(Annotation.claim_pk == row.id, User.username == from_user)
    )
    if ann is None:
        raise HTTPException(status_code=404, detail="Not found")
    chosen, status = dict(ann.data), ann.status
    save(
        store,
        user.username,
        claim_pk,
        chosen,
        status,
        int(version),
        action=f"adjudicate:{from_user}",
        adjudicate=True,
    )
    return RedirectResponse(f"/p/{project_id}/adjudicate", status_code=303)


@router.get("/p/{project_id}/agreement", response_class=HTMLResponse)
def agreement_page(
    request: Request, project_id: int, session: ReadSession, user: CurrentUser
) -> HTMLResponse:
    require_project(session, user, project_id)
    project = session.get(Project, project_id)
    assert project is not None
    report = agreement_report(annotator_labels(session, project_id), project=project.name)
    return render(request, "agreement.html", user, project=project, report=report)


@router.get("/p/{project_id}/agreement.{fmt}")
def agreement_file(project_id: int, fmt: str, session: ReadSession, user: CurrentUser) -> Response:
    require_project(session, user, project_id)
    project = session.get(Project, project_id)
    assert project is not None
    report = agreement_report(annotator_labels(session, project_id), project=project.name)
    if fmt == "json":
        return JSONResponse(report.to_dict())
    if fmt == "csv":
        return Response(
            report.to_csv(), media_type="text/csv", headers=attachment(f"{project.name}-agreement.csv")
        )
    raise HTTPException(status_code=404, detail="Not found")


@router.get("/p/{project_id}/export")
def export(project_id: int, session: ReadSession, user: CurrentUser, format: str = "jsonl") -> Response:
    require_project(session, user, project_id)
    project = session.get(Project, project_id)
    assert project is not None
    if format not in APP_EXPORTS:
        raise HTTPException(status_code=400, detail=f"Unknown format; known: {', '.join(APP_EXPORTS)}")
    text, media = render_export(snapshot(session, project_id), format)
    suffix = "json" if format == "label-studio" else "jsonl"
    return Response(text, media_type=media, headers=attachment(f"{project.name}-{format}.{suffix}"))


def attachment(filename: str) -> dict[str, str]:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in filename)
    return {"Content-Disposition": f'attachment; filename="{safe}"'}


def _disagree(labels: list[dict[str, Any]]) -> bool:
    def key(label: dict[str, Any]) -> Any:
        c: Claim = label["claim"]
        if label["status"] == "rejected":
            return ("rejected",)
        return (
            c.start,
            c.end,
            c.type,
            c.hedged,
            c.speaker.kind,
            sorted((t.id, t.stance) for t in c.targets),
            sorted(f.label for f in c.frames),
        )

    return len({repr(key(label)) for label in labels}) > 1
