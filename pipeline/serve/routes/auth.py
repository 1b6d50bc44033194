"""Logging in and out, and changing one's password (ASVS V2, V3).

Passwords are checked outside any write transaction; failed logins are throttled per
account and per address (:mod:`pipeline.serve.throttle`); logging in always starts a new
session, logging out and changing the password end sessions on the server.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from pipeline.errors import RequestError, StoreError
from pipeline.serve.deps import AppStore, CurrentUser, ReadSession, Settings, csrf_from_form, render
from pipeline.serve.security import end_session, find_user, start_session
from pipeline.serve.throttle import Throttle, begin_attempt, succeeded
from pipeline.store.models import User
from pipeline.store.users import check_password, hash_password, set_password, verify_password

router = APIRouter()
WRONG = "Wrong user name or password."


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", None)


@router.post("/login", dependencies=[Depends(csrf_from_form)])
def login(
    request: Request,
    store: AppStore,
    settings: Settings,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    address = request.client.host if request.client else None
    with store.session() as session:
        wait = begin_attempt(session, username, address, settings)
    if wait is not None:
        return _throttled(request, None, wait)
    with store.read() as session:
        user = find_user(session, username)
        uid, stored_hash = (user.id, user.password_hash) if user else (None, None)
    ok, rehash = verify_password(stored_hash, password)  # the slow part, outside any transaction
    if not ok or uid is None:
        return render(request, "login.html", None, status_code=401, error=WRONG)
    new_hash = hash_password(password) if rehash else None
    with store.session() as session:
        succeeded(session, username, address, settings)
        found = session.get(User, uid)
        if new_hash is not None and found is not None:
            found.password_hash = new_hash
    start_session(request, store, uid, settings)
    return RedirectResponse("/", status_code=303)


def _throttled(request: Request, user: User | None, wait: Throttle) -> HTMLResponse:
    page = "login.html" if user is None else "password.html"
    message = str(RequestError("E414", what=wait.what, seconds=wait.seconds))
    refused = render(request, page, user, status_code=429, error=message)
    refused.headers["Retry-After"] = str(wait.seconds)
    return refused


@router.post("/logout", dependencies=[Depends(csrf_from_form)])
def logout(request: Request, store: AppStore) -> Response:
    end_session(request, store)
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, user: CurrentUser) -> HTMLResponse:
    return render(request, "password.html", user)


@router.post("/account/password", dependencies=[Depends(csrf_from_form)])
def change_password(
    request: Request,
    store: AppStore,
    settings: Settings,
    user: CurrentUser,
    session: ReadSession,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
    repeat_password: Annotated[str, Form()],
) -> Response:
    """A new password ends every session of the account; this one continues as a new session."""
    address = request.client.host if request.client else None
    with store.session() as write:
        wait = begin_attempt(write, user.username, address, settings)
    if wait is not None:
        return _throttled(request, user, wait)
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    ok, _ = verify_password(stored, current_password)
    if ok:
        with store.session() as write:
            succeeded(write, user.username, address, settings)
    error = None
    if not ok:
        error = "Your current password is not right."
    elif new_password != repeat_password:
        error = "The new passwords differ."
    else:
        try:
            check_password(user.username, new_password)
        except StoreError as exc:
            error = str(exc)
    if error is not None:
        return render(request, "password.html", user, status_code=422, error=error)
    new_hash = hash_password(new_password)
    with store.session() as write:
        found = write.get(User, user.id)
        assert found is not None
        set_password(write, found, new_password, password_hash=new_hash)
    start_session(request, store, user.id, settings)
    return RedirectResponse("/", status_code=303)
