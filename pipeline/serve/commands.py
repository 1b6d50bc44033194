"""``claimscope serve``, ``load-run``, ``users`` and ``assign``: run the review app and fill its store."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer

from pipeline.paths import DB_ENV, DB_HELP, DEFAULT_DB

users_app = typer.Typer(help="Create and list review-app accounts.", no_args_is_help=True)


def serve_command(
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
    host: str = typer.Option(
        "127.0.0.1", "--host", metavar="HOST", help="Interface to listen on; keep loopback unless behind TLS."
    ),
    port: int = typer.Option(8000, "--port", metavar="PORT", envvar="CLAIMSCOPE_PORT"),
    https_only: bool = typer.Option(
        False, "--https-only", help="Mark the session cookie Secure (behind TLS)."
    ),
    create_admin: str | None = typer.Option(
        None,
        "--create-admin",
        metavar="USERNAME",
        help="Create this admin account (password from CLAIMSCOPE_PASSWORD or a prompt) and exit.",
    ),
    config: Path | None = typer.Option(
        None, "--config", help="Settings with a [claimscope.serve] section (default configs/serve.cfg)."
    ),
) -> None:
    """Start the annotators' review app."""
    if create_admin:
        _add_user(db, create_admin, "admin", [])
        return
    import uvicorn

    from pipeline.serve.app import create_app
    from pipeline.serve.settings import load_serve_settings

    app = create_app(db, https_only=https_only, settings=load_serve_settings(config))
    typer.echo(f"claimscope review app on http://{host}:{port} (store {app.state.store.url})")
    uvicorn.run(app, host=host, port=port, log_level="info")


def _password(username: str) -> str:
    password = os.environ.get("CLAIMSCOPE_PASSWORD")
    if password:
        return password
    first = getpass.getpass(f"Password for {username}: ")
    if getpass.getpass("Repeat: ") != first:
        raise typer.BadParameter("The passwords differ.")
    return first


def _add_user(db: str, username: str, role: str, projects: list[str]) -> None:
    from pipeline.store import open_store
    from pipeline.store.users import add_member, create_user, get_project

    store = open_store(db)
    password = _password(username)
    with store.session() as session:
        user = create_user(session, username, password, role)
        for name in projects:
            add_member(session, get_project(session, name), user)
    typer.echo(f"created {role} {username}" + (f" in {', '.join(projects)}" if projects else ""))


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., metavar="USERNAME"),
    role: str = typer.Option("annotator", "--role", metavar="ROLE", help="annotator, reviewer or admin."),
    project: list[str] = typer.Option([], "--project", metavar="NAME", help="Project to join (repeatable)."),
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
) -> None:
    """Create an account (password from CLAIMSCOPE_PASSWORD or a prompt)."""
    _add_user(db, username, role, project)


@users_app.command("password")
def users_password(
    username: str = typer.Argument(...),
    db: str = typer.Option(DEFAULT_DB, "--db", envvar="CLAIMSCOPE_DB", help=DB_HELP),
) -> None:
    """Set a new password (from CLAIMSCOPE_PASSWORD or a prompt); every session of the account ends."""
    from pipeline.store import open_store
    from pipeline.store.users import check_password, get_user, hash_password, set_password

    password = _password(username)
    check_password(username, password)
    new_hash = hash_password(password)
    with open_store(db).session() as session:
        ended = set_password(session, get_user(session, username), password, password_hash=new_hash)
    typer.echo(f"new password set for {username}; {ended} session(s) ended")


@users_app.command("join")
def users_join(
    username: str = typer.Argument(..., metavar="USERNAME"),
    project: str = typer.Option(..., "--project", metavar="NAME"),
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
) -> None:
    """Give an existing account access to a project."""
    from pipeline.store import open_store
    from pipeline.store.users import add_member, get_project, get_user

    with open_store(db).session() as session:
        add_member(session, get_project(session, project), get_user(session, username))
    typer.echo(f"{username} joined {project}")


@users_app.command("list")
def users_list(
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
) -> None:
    """List accounts and their roles."""
    from sqlalchemy import select

    from pipeline.store import open_store
    from pipeline.store.models import User

    with open_store(db).session() as session:
        for user in session.scalars(select(User).order_by(User.username)):
            typer.echo(f"{user.username}\t{user.role}")


def load_run_command(
    run_dir: Path = typer.Argument(
        ..., metavar="RUN_DIR", help="A run's --out folder (articles.jsonl + claims.jsonl)."
    ),
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
    project: str = typer.Option(
        ..., "--project", metavar="NAME", help="Project to load into (created if missing)."
    ),
) -> None:
    """Load (or re-load) a run into a project; human corrections are always kept."""
    from pipeline.store import open_store
    from pipeline.store.loader import load_run

    report = load_run(open_store(db), run_dir, project)
    typer.echo(
        f"{report.project}: {report.articles} articles, {report.inserted} new claims, {report.updated} updated, "
        f"{report.kept_human} human-corrected kept, {report.needs_review} flagged for review, {report.obsolete} obsolete"
    )


def assign_command(
    project: str = typer.Option(..., "--project", metavar="NAME"),
    users: str = typer.Option(..., "--users", metavar="NAMES", help="Comma-separated annotator names."),
    per_item: int = typer.Option(
        2, "--per-item", metavar="N", help="Annotators per claim (2+ = blind labels for agreement)."
    ),
    db: str = typer.Option(DEFAULT_DB, "--db", metavar="URL", envvar=DB_ENV, help=DB_HELP),
) -> None:
    """Assign every claim of a project to N annotators, round robin."""
    from pipeline.store import open_store
    from pipeline.store.edits import assign
    from pipeline.store.users import get_project

    store = open_store(db)
    with store.session() as session:
        pid = get_project(session, project).id
    added = assign(store, pid, [u.strip() for u in users.split(",") if u.strip()], per_item)
    typer.echo(f"{added} assignments added")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("load-run")(load_run_command)
    app.command("assign")(assign_command)
    app.add_typer(users_app, name="users")
