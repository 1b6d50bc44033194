"""Accounts, roles, projects and membership. Passwords are hashed with Argon2id."""

from __future__ import annotations

import os
import time
from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.errors import StoreError
from pipeline.store.models import ROLES, AuthSession, Membership, Project, User

ARGON2_ENV = "CLAIMSCOPE_ARGON2_PROFILE"


@lru_cache(maxsize=4)
def _hasher_for(profile: str) -> PasswordHasher:
    # Argon2id with RFC 9106 parameters; tests may pick "CHEAPEST" (never for real accounts).
    return PasswordHasher.from_parameters(getattr(profiles, profile, profiles.RFC_9106_LOW_MEMORY))


def _hasher() -> PasswordHasher:
    return _hasher_for(os.environ.get(ARGON2_ENV, "RFC_9106_LOW_MEMORY"))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
"""Longer passwords are refused before hashing: hashing megabytes is a denial of service."""


def check_password(username: str, password: str) -> None:
    """E410 unless ``password`` is an acceptable new password for ``username``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StoreError(
            "E410",
            what="Password for user",
            name=username,
            detail=f"is shorter than {MIN_PASSWORD_LENGTH} characters; choose a longer one (a passphrase)",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StoreError(
            "E410",
            what="Password for user",
            name=username,
            detail=f"is longer than {MAX_PASSWORD_LENGTH} characters",
        )


def create_user(session: Session, username: str, password: str, role: str = "annotator") -> User:
    """Create an account; the role is one of ``annotator``, ``reviewer``, ``admin``."""
    if role not in ROLES:
        raise StoreError("E405", what="role", name=role, known=", ".join(ROLES))
    check_password(username, password)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise StoreError("E410", what="User", name=username, detail="already exists")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def get_or_create_external_user(session: Session, username: str) -> User:
    """An account for labels made elsewhere (e.g. Label Studio); it cannot log in."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, password_hash="!external", role="annotator")
        session.add(user)
        session.flush()
    return user


def verify_password(password_hash: str | None, password: str) -> tuple[bool, bool]:
    """``(matches, needs_rehash)``; no database work, so callers hash outside any transaction.

    An unknown account (``None``) costs the same work: no timing hint that the name exists.
    """
    if password_hash is None or len(password) > MAX_PASSWORD_LENGTH:
        _hasher().hash(password[:MAX_PASSWORD_LENGTH])
        return False, False
    try:
        _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False, False
    return True, _hasher().check_needs_rehash(password_hash)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user if the password matches, else ``None`` (rehashing outdated parameters)."""
    user = session.scalar(select(User).where(User.username == username))
    ok, rehash = verify_password(user.password_hash if user else None, password)
    if user is None or not ok:
        return None
    if rehash:
        user.password_hash = hash_password(password)
    return user


def set_password(session: Session, user: User, password: str, *, password_hash: str | None = None) -> int:
    """Give ``user`` a new password and end every session of the account; returns how many ended.

    Pass ``password_hash`` (from :func:`hash_password`, after :func:`check_password`) to keep
    the slow hashing out of the transaction.
    """
    if password_hash is None:
        check_password(user.username, password)
        password_hash = hash_password(password)
    user.password_hash = password_hash
    return revoke_sessions(session, user.id)


def revoke_sessions(session: Session, user_id: int) -> int:
    """End every live login session of ``user_id``; returns how many."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked.is_(None))
        .values(revoked=time.time())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def get_project(session: Session, name: str) -> Project:
    project = session.scalar(select(Project).where(Project.name == name))
    if project is None:
        raise StoreError("E407", name=name)
    return project


def get_or_create_project(session: Session, name: str) -> Project:
    project = session.scalar(select(Project).where(Project.name == name))
    if project is None:
        project = Project(name=name)
        session.add(project)
        session.flush()
    return project


def add_member(session: Session, project: Project, user: User) -> None:
    """Give ``user`` access to ``project`` (idempotent)."""
    exists = session.scalar(
        select(Membership).where(Membership.project_id == project.id, Membership.user_id == user.id)
    )
    if exists is None:
        session.add(Membership(project_id=project.id, user_id=user.id))
        session.flush()


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise StoreError(
            "E410", what="User", name=username, detail="does not exist; create it with 'claimscope users add'"
        )
    return user


def visible_projects(session: Session, user: User) -> list[Project]:
    """Admins see every project; everyone else only the projects they are members of."""
    query = select(Project).order_by(Project.name)
    if user.role != "admin":
        query = query.join(Membership, Membership.project_id == Project.id).where(
            Membership.user_id == user.id
        )
    return list(session.scalars(query))


def can_access(session: Session, user: User, project_id: int) -> bool:
    if user.role == "admin":
        return session.get(Project, project_id) is not None
    member = session.scalar(
        select(Membership).where(Membership.project_id == project_id, Membership.user_id == user.id)
    )
    return member is not None
