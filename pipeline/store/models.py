"""Tables of the annotation store (SQLAlchemy 2.x declarative models)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES: tuple[str, ...] = ("annotator", "reviewer", "admin")
STATUSES: tuple[str, ...] = ("pending", "accepted", "rejected", "obsolete")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}  # noqa: RUF012 - SQLAlchemy reads it on the class


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="annotator")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("project_id", "doc_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    doc_id: Mapped[str] = mapped_column(String(128))
    data: Mapped[dict[str, Any]]
    """The :class:`pipeline.types.Article` record as a dict."""


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("project_id", "claim_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    doc_id: Mapped[str] = mapped_column(String(128), index=True)
    claim_id: Mapped[str] = mapped_column(String(128))
    data: Mapped[dict[str, Any]]
    """Current state: the :class:`pipeline.types.Claim` record as a dict."""
    model_data: Mapped[dict[str, Any]]
    """The latest model output for this claim (what a re-run produced)."""
    status: Mapped[str] = mapped_column(String(16), default="pending")
    label_source: Mapped[str] = mapped_column(String(8), default="model")
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    uncertainty: Mapped[float] = mapped_column(Float, default=0.0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    """Optimistic concurrency: a save must name the version it started from."""
    updated_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("claim_pk", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Annotation(Base):
    """One annotator's own label of a claim (for agreement); latest state, versioned."""

    __tablename__ = "annotations"
    __table_args__ = (UniqueConstraint("claim_pk", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    data: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class History(Base):
    """Append-only: every change of a claim or an annotation, never updated or deleted."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(120))
    target: Mapped[str] = mapped_column(String(16), default="claim")
    """``claim`` (shared state) or ``annotation`` (one annotator's own label)."""
    action: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuthSession(Base):
    """A login: the server-side half of a session cookie, so logout and password changes end it.

    Only a hash of the cookie's token is stored. Times are seconds since the epoch.
    """

    __tablename__ = "auth_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created: Mapped[float] = mapped_column(Float)
    expires: Mapped[float] = mapped_column(Float)
    revoked: Mapped[float | None] = mapped_column(Float, nullable=True)
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LoginFailure(Base):
    """Failed logins per account name (``account:<name>``) or client address (``address:<ip>``)."""

    __tablename__ = "login_failures"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last: Mapped[float] = mapped_column(Float, default=0.0)
    blocked_until: Mapped[float] = mapped_column(Float, default=0.0)
