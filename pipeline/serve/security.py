"""Sessions, CSRF tokens and access checks for the review app."""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store.db import Store
from pipeline.store.models import Setting, User
from pipeline.store.users import can_access

SESSION_USER = "uid"
SESSION_CSRF = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """Raised for a request without a valid session; pages redirect, the API answers 401."""


def session_secret(store: Store) -> str:
    """The cookie-signing key, generated once and kept in the store so restarts keep sessions."""
    with store.session() as session:
        row = session.get(Setting, "session_secret")
        if row is None:
            row = Setting(key="session_secret", value=secrets.token_urlsafe(48))
            session.add(row)
        return row.value


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return str(token)


def check_csrf(request: Request, supplied: str | None) -> None:
    expected = request.session.get(SESSION_CSRF)
    if not expected or not supplied or not hmac.compare_digest(str(expected), str(supplied)):
        raise HTTPException(
            status_code=403, detail="[E403] Permission denied: missing or wrong CSRF token. Reload the page."
        )


def current_user(request: Request, session: Session) -> User:
    uid = request.session.get(SESSION_USER)
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is None:
        raise LoginRequired()
    return user


def require_project(session: Session, user: User, project_id: int) -> None:
    # 404, not 403: an annotator learns nothing about projects they are not in.
    if not can_access(session, user, project_id):
        raise HTTPException(status_code=404, detail="Not found")


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise HTTPException(
            status_code=403, detail=f"[E403] Permission denied: this needs the role {' or '.join(roles)}."
        )


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))
