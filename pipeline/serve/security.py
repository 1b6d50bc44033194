"""Sessions, CSRF tokens and access checks for the review app (OWASP ASVS V3, V4).

The signed session cookie carries a random token, the CSRF token and the time of the last
request; the server keeps a hash of the token (:class:`~pipeline.store.models.AuthSession`)
so a session can be ended on the server: at logout, on a password change (every session of
the account), after ``session_lifetime_seconds`` however active, or after
``session_idle_seconds`` without a request. A cookie copied before any of these no longer
works. Checking a session only reads the store.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from fastapi import HTTPException, Request
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pipeline.serve.settings import ServeSettings
from pipeline.store.db import Store
from pipeline.store.models import AuthSession, Setting, User
from pipeline.store.users import can_access

SESSION_TOKEN = "sid"
SESSION_SEEN = "seen"
SESSION_CSRF = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
TOUCH_EVERY_SECONDS = 60
"""The cookie's last-request time is refreshed at most this often (each refresh re-signs the cookie)."""


class LoginRequired(Exception):
    """Raised for a request without a valid session; pages redirect, the API answers 401."""


def session_secret(store: Store) -> str:
    """The cookie-signing key, generated once and kept in the store so restarts keep sessions."""
    with store.read() as session:
        row = session.get(Setting, "session_secret")
        if row is not None:
            return row.value
    with store.session() as session:
        row = session.get(Setting, "session_secret")
        if row is None:
            row = Setting(key="session_secret", value=secrets.token_urlsafe(48))
            session.add(row)
        return row.value


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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


def start_session(request: Request, store: Store, user_id: int, settings: ServeSettings) -> None:
    """Log ``user_id`` in: a new server-side session and a fresh cookie (never the pre-login one)."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    client = request.client.host if request.client else None
    with store.session() as session:
        # Housekeeping: sessions over a day past their end are of no use to anyone.
        session.execute(delete(AuthSession).where(AuthSession.expires < now - 86_400))
        session.add(
            AuthSession(
                token_hash=_hash(token),
                user_id=user_id,
                created=now,
                expires=now + settings.session_lifetime_seconds,
                address=client[:64] if client else None,
            )
        )
    request.session.clear()
    request.session[SESSION_TOKEN] = token
    request.session[SESSION_SEEN] = int(now)
    csrf_token(request)


def end_session(request: Request, store: Store) -> None:
    """Log out: the server forgets this session, so a saved copy of the cookie stops working."""
    token = request.session.get(SESSION_TOKEN)
    if isinstance(token, str):
        with store.session() as session:
            session.execute(
                update(AuthSession)
                .where(AuthSession.token_hash == _hash(token), AuthSession.revoked.is_(None))
                .values(revoked=time.time())
            )
    request.session.clear()


def current_user(request: Request, session: Session, settings: ServeSettings) -> User:
    """The logged-in user of ``request`` (read-only check), or :class:`LoginRequired`."""
    token = request.session.get(SESSION_TOKEN)
    seen = request.session.get(SESSION_SEEN)
    now = time.time()
    if not isinstance(token, str) or not isinstance(seen, int) or now - seen > settings.session_idle_seconds:
        request.session.pop(SESSION_TOKEN, None)
        raise LoginRequired()
    user = session.scalar(
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(
            AuthSession.token_hash == _hash(token), AuthSession.revoked.is_(None), AuthSession.expires > now
        )
    )
    if user is None:
        request.session.pop(SESSION_TOKEN, None)
        raise LoginRequired()
    if now - seen > TOUCH_EVERY_SECONDS:
        request.session[SESSION_SEEN] = int(now)
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
