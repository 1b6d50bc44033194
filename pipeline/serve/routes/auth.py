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
from pipeline.serve.throttle import blocked, record_failure, record_success
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
    with store.read() as session:
        wait = blocked(session, username, address, settings)
        user = find_user(session, username) if wait is None else None
        uid, stored_hash = (user.id, user.password_hash) if user else (None, None)
    if wait is not None:
        message = str(RequestError("E414", what=wait.what, seconds=wait.seconds))
        refused = render(request, "login.html", None, status_code=429, error=message)
        refused.headers["Retry-After"] = str(wait.seconds)
        return refused
    ok, rehash = verify_password(stored_hash, password)  # the slow part, outside any transaction
    new_hash = hash_password(password) if ok and rehash else None
    with store.session() as session:
        if not ok or uid is None:
            record_failure(session, username, address, settings)
        else:
            record_success(session, username)
            if new_hash is not None:
                found = session.get(User, uid)
                if found is not None:
                    found.password_hash = new_hash
    if not ok or uid is None:
        return render(request, "login.html", None, status_code=401, error=WRONG)
    start_session(request, store, uid, settings)
    return RedirectResponse("/", status_code=303)


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
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    ok, _ = verify_password(stored, current_password)
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
