"""What the review app's routes depend on (FastAPI ``Depends``): store, settings, read session, user, CSRF, JSON body.

Every route reads through :func:`read_session`, a read-only store transaction that never
waits for writers; writes open their own short transaction in :mod:`pipeline.store.edits`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from pipeline.serve.limits import parse_json
from pipeline.serve.security import CSRF_HEADER, check_csrf, csrf_token, current_user, require_project
from pipeline.serve.settings import ServeSettings
from pipeline.store.db import Store
from pipeline.store.edits import view_of
from pipeline.store.models import ClaimRow, User


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> ServeSettings:
    settings: ServeSettings = request.app.state.settings
    return settings


def read_session(store: Annotated[Store, Depends(get_store)]) -> Iterator[Session]:
    """A read-only transaction for the route, returned to the pool before the response is sent."""
    with store.read() as session:
        yield session


ReadSession = Annotated[Session, Depends(read_session, scope="function")]
AppStore = Annotated[Store, Depends(get_store)]
Settings = Annotated[ServeSettings, Depends(get_settings)]


def get_user(request: Request, session: ReadSession, settings: Settings) -> User:
    """The logged-in user (pages redirect to /login without one, the API answers 401)."""
    return current_user(request, session, settings)


CurrentUser = Annotated[User, Depends(get_user)]


def write_turn(request: Request) -> Iterator[None]:
    """Admission for a write request: at most ``concurrent_writes`` are handled at once, in order.

    The store takes one writer at a time anyway; writes waiting here use no CPU, so a burst
    of saves cannot starve readers of the interpreter.
    """
    gate: threading.Semaphore = request.app.state.write_gate
    gate.acquire()
    try:
        yield
    finally:
        gate.release()


WriteTurn = Depends(write_turn, scope="function")


def csrf_from_header(request: Request) -> None:
    """JSON writes carry the CSRF token in the ``X-CSRF-Token`` header."""
    check_csrf(request, request.headers.get(CSRF_HEADER))


def csrf_from_form(request: Request, token: Annotated[str, Form(alias="csrf_token")] = "") -> None:
    """Form posts carry the CSRF token in the ``csrf_token`` field."""
    check_csrf(request, token)


async def json_body(request: Request, settings: Settings) -> Any:
    """The request's JSON (its size already capped by the body limit); 400 if malformed or too deep."""
    return parse_json(await request.body(), settings.max_json_depth)


JsonBody = Annotated[Any, Depends(json_body)]


def claim_in_project(session: Session, user: User, project_id: int, claim_pk: int) -> ClaimRow:
    """The claim ``claim_pk`` if it belongs to ``project_id`` and ``user`` may see the project (404 otherwise)."""
    require_project(session, user, project_id)
    row = session.get(ClaimRow, claim_pk)
    if row is None or row.project_id != project_id:
        raise HTTPException(status_code=404, detail="Not found")
    return row


def view_json(session: Session, row: ClaimRow, user: User) -> dict[str, Any]:
    """What the editor shows of a claim for ``user`` (their own blind label, or the shared claim)."""
    view = view_of(session, row, user)
    return {
        "claim_pk": row.id,
        "claim_id": row.claim_id,
        "target": view.target,
        "version": view.version,
        "status": view.status,
        "claim": view.claim,
        "needs_review": row.needs_review,
    }


def templates(request: Request) -> Jinja2Templates:
    found: Jinja2Templates = request.app.state.templates
    return found


def render(
    request: Request, name: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page from ``templates/``, with the user and the CSRF token every page needs."""
    context.update(user=user, csrf=csrf_token(request))
    return templates(request).TemplateResponse(request, name, context, status_code=status_code)
