"""The JSON API the claim editor uses: read a claim, save it, draw a new one, undo, comment.

Routes are plain functions (run in the thread pool); the JSON body is parsed before them,
through the size and depth limits. Reads use the route's read-only session. Each write
checks the CSRF header and makes one short write transaction in
:mod:`pipeline.store.edits` (which also refuses annotators' writes to claims that are not
theirs, and labels outside the vocabularies).
"""

from __future__ import annotations

from typing import Any, TypeGuard

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse

from pipeline.serve.deps import (
    AppStore,
    CurrentUser,
    JsonBody,
    ReadSession,
    WriteTurn,
    claim_in_project,
    csrf_from_header,
    view_json,
)
from pipeline.serve.security import require_project
from pipeline.store.db import Store
from pipeline.store.edits import add_claim, add_comment, save, undo
from pipeline.store.models import ClaimRow, User

router = APIRouter(prefix="/api")
WRITE = [WriteTurn, Depends(csrf_from_header)]


@router.get("/p/{project_id}/c/{claim_pk}")
def api_claim(project_id: int, claim_pk: int, session: ReadSession, user: CurrentUser) -> JSONResponse:
    row = claim_in_project(session, user, project_id, claim_pk)
    return JSONResponse(view_json(session, row, user))


@router.post("/p/{project_id}/c/{claim_pk}", dependencies=WRITE)
def api_save(
    project_id: int, claim_pk: int, store: AppStore, session: ReadSession, user: CurrentUser, body: JsonBody
) -> JSONResponse:
    row = claim_in_project(session, user, project_id, claim_pk)
    if not isinstance(body, dict) or not _is_int(body.get("version")):
        raise HTTPException(status_code=422, detail="Send {version: int, claim?: object, status?: str}.")
    claim = body.get("claim")
    if claim is not None and not isinstance(claim, dict):
        raise HTTPException(status_code=422, detail="'claim' must be an object.")
    status = body.get("status")
    if status is not None and not isinstance(status, str):
        raise HTTPException(status_code=422, detail="'status' must be a string.")
    view = save(store, user.username, claim_pk, claim, status, body["version"])
    return JSONResponse(
        {
            "claim_pk": row.id,
            "claim_id": row.claim_id,
            "target": view.target,
            "version": view.version,
            "status": view.status,
            "claim": view.claim,
            # a save of the shared claim clears the flag; an own blind label leaves it
            "needs_review": row.needs_review and view.target == "annotation",
        }
    )


@router.post("/p/{project_id}/claims", dependencies=WRITE)
def api_new_claim(
    project_id: int, store: AppStore, session: ReadSession, user: CurrentUser, body: JsonBody
) -> JSONResponse:
    """Draw a new claim: ``{doc_id, start, end}`` in code points of the article text."""
    require_project(session, user, project_id)
    fields = body if isinstance(body, dict) else {}
    doc_id, start, end = fields.get("doc_id"), fields.get("start"), fields.get("end")
    if not isinstance(doc_id, str) or not _is_int(start) or not _is_int(end):
        raise HTTPException(status_code=422, detail="Send {doc_id: str, start: int, end: int}.")
    claim_pk = add_claim(store, user.username, project_id, doc_id, start, end)
    return JSONResponse({"claim_pk": claim_pk, "url": f"/p/{project_id}/c/{claim_pk}"}, status_code=201)


@router.post("/p/{project_id}/c/{claim_pk}/undo", dependencies=WRITE)
def api_undo(
    project_id: int, claim_pk: int, store: AppStore, session: ReadSession, user: CurrentUser
) -> JSONResponse:
    claim_in_project(session, user, project_id, claim_pk)
    undo(store, user.username, claim_pk)
    return _result(store, user.id, claim_pk)


@router.post("/p/{project_id}/c/{claim_pk}/comments", dependencies=WRITE)
def api_comment(
    project_id: int, claim_pk: int, store: AppStore, session: ReadSession, user: CurrentUser, body: JsonBody
) -> JSONResponse:
    claim_in_project(session, user, project_id, claim_pk)
    text = body.get("body") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise HTTPException(status_code=422, detail="Send {body: str}.")
    add_comment(store, user.username, claim_pk, text)
    return JSONResponse({"ok": True})


def _result(store: Store, user_id: int, claim_pk: int) -> JSONResponse:
    """The claim as the user now sees it, read after the write committed."""
    with store.read() as session:
        user = session.get(User, user_id)
        row = session.get(ClaimRow, claim_pk)
        assert user is not None and row is not None
        return JSONResponse(view_json(session, row, user))


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
