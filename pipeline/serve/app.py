"""FastAPI application of the review app: pages, JSON API, exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from pipeline.annotate.agreement import agreement_report
from pipeline.annotate.exchange import render
from pipeline.errors import ClaimscopeError, StoreError
from pipeline.frames import frame_labels
from pipeline.serve import highlight
from pipeline.serve.security import (
    CSRF_HEADER,
    SESSION_CSRF,
    SESSION_USER,
    LoginRequired,
    check_csrf,
    csrf_token,
    current_user,
    require_project,
    require_role,
    session_secret,
)
from pipeline.store import Store, open_store
from pipeline.store.edits import add_claim, add_comment, save, undo, view_of
from pipeline.store.models import Annotation, ClaimRow, Comment, History, Project, User
from pipeline.store.queries import ORDERS, annotator_labels, article_of, article_titles, queue, snapshot
from pipeline.store.users import authenticate, visible_projects
from pipeline.types import CLAIM_TYPES, SPEAKER_KINDS, STANCES, Claim

HERE = Path(__file__).parent
APP_EXPORTS: tuple[str, ...] = ("jsonl", "label-studio", "prodigy", "doccano")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(store: Store | str, *, https_only: bool = False, secret_key: str | None = None) -> FastAPI:
    """The review app over ``store`` (a :class:`Store` or a database URL)."""
    store = open_store(store) if isinstance(store, str) else store
    app = FastAPI(title="claimscope review", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or session_secret(store),
        session_cookie="claimscope_session",
        max_age=12 * 3600,
        same_site="strict",
        https_only=https_only,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.store = store

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "Log in first."}, status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail, "user": None, "csrf": ""},
            status_code=exc.status_code,
        )

    def page(
        request: Request, name: str, user: User | None, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        context.update(user=user, csrf=csrf_token(request))
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def claim_in_project(session: Session, user: User, project_id: int, claim_pk: int) -> ClaimRow:
        require_project(session, user, project_id)
        row = session.get(ClaimRow, claim_pk)
        if row is None or row.project_id != project_id:
            raise HTTPException(status_code=404, detail="Not found")
        return row

    def view_json(session: Session, row: ClaimRow, user: User) -> dict[str, Any]:
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

    # ------------------------------------------------------------ auth

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return page(request, "login.html", None)

    @app.post("/login")
    def login(
        request: Request,
        username: str = Form(...),
        password: str = Form(...),
        csrf_token_field: str = Form("", alias="csrf_token"),
    ) -> Response:
        check_csrf(request, csrf_token_field)
        with store.session() as session:
            user = authenticate(session, username, password)
            uid = user.id if user else None
        if uid is None:
            return page(request, "login.html", None, status_code=401, error="Wrong user name or password.")
        request.session.clear()
        request.session[SESSION_USER] = uid
        csrf_token(request)
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf_token_field: str = Form("", alias="csrf_token")) -> Response:
        check_csrf(request, csrf_token_field)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    # ------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse)
    def projects(request: Request) -> HTMLResponse:
        with store.session() as session:
            user = current_user(request, session)
            items = [
                (
                    p,
                    session.scalar(
                        select(func.count()).select_from(ClaimRow).where(ClaimRow.project_id == p.id)
                    ),
                )
                for p in visible_projects(session, user)
            ]
            return page(request, "projects.html", user, projects=items)

    @app.get("/p/{project_id}", response_class=HTMLResponse)
    def project_queue(request: Request, project_id: int, order: str = "uncertainty") -> HTMLResponse:
        with store.session() as session:
            user = current_user(request, session)
            require_project(session, user, project_id)
            order = order if order in ORDERS else "uncertainty"
            rows = queue(session, project_id, user, order)
            project = session.get(Project, project_id)
            return page(
                request,
                "queue.html",
                user,
                project=project,
                rows=rows,
                titles=article_titles(session, project_id),
                order=order,
                orders=ORDERS,
                exports=APP_EXPORTS,
            )

    @app.get("/p/{project_id}/c/{claim_pk}", response_class=HTMLResponse)
    def claim_page(
        request: Request, project_id: int, claim_pk: int, order: str = "uncertainty"
    ) -> HTMLResponse:
        with store.session() as session:
            user = current_user(request, session)
            row = claim_in_project(session, user, project_id, claim_pk)
            order = order if order in ORDERS else "uncertainty"
            state = view_json(session, row, user)
            article = article_of(session, row)
            siblings = list(
                session.scalars(
                    select(ClaimRow).where(
                        ClaimRow.project_id == project_id,
                        ClaimRow.doc_id == row.doc_id,
                        ClaimRow.status != "obsolete",
                    )
                )
            )
            current = Claim.from_dict(state["claim"])
            others = [Claim.from_dict(s.data) for s in siblings if s.id != row.id]
            rejected = {s.claim_id for s in siblings if s.status == "rejected"}
            marks = highlight.claim_marks(article.text, [*others, current], current, rejected)
            ids = [r.id for r in queue(session, project_id, user, order)]
            pos = ids.index(row.id) if row.id in ids else -1
            prev_pk = ids[pos - 1] if pos > 0 else None
            next_pk = ids[pos + 1] if 0 <= pos < len(ids) - 1 else None
            comments = list(
                session.scalars(select(Comment).where(Comment.claim_pk == row.id).order_by(Comment.id))
            )
            history = list(
                session.scalars(
                    select(History).where(History.claim_pk == row.id).order_by(History.id.desc()).limit(20)
                )
            )
            # The configured taxonomy, plus any other frame this article's claims carry.
            frames = sorted(
                set(frame_labels())
                | {f["label"] for s in siblings for f in s.data.get("frames", [])}
                | {f.label for f in current.frames}
            )
            return page(
                request,
                "claim.html",
                user,
                project=session.get(Project, project_id),
                row=row,
                state=state,
                claim=current,
                article=article,
                article_html=highlight.render(article.text, marks),
                prev_pk=prev_pk,
                next_pk=next_pk,
                position=pos + 1,
                total=len(ids),
                order=order,
                comments=comments,
                history=history,
                frames=frames,
                claim_types=CLAIM_TYPES,
                speaker_kinds=SPEAKER_KINDS,
                stances=STANCES,
            )

    @app.get("/help", response_class=HTMLResponse)
    def help_page(request: Request) -> HTMLResponse:
        """How to label: drawing spans, shortcuts, blind labelling, adjudication, agreement."""
        with store.session() as session:
            return page(request, "help.html", current_user(request, session))

    @app.get("/p/{project_id}/adjudicate", response_class=HTMLResponse)
    def adjudication(request: Request, project_id: int) -> HTMLResponse:
        with store.session() as session:
            user = current_user(request, session)
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
                item["labels"].append(
                    {"user": username, "status": ann.status, "claim": Claim.from_dict(ann.data)}
                )
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
            return page(
                request, "adjudicate.html", user, project=session.get(Project, project_id), items=items
            )

    @app.post("/p/{project_id}/c/{claim_pk}/adjudicate")
    def adjudicate(
        request: Request,
        project_id: int,
        claim_pk: int,
        from_user: str = Form(""),
        version: str = Form(""),
        csrf_token_field: str = Form("", alias="csrf_token"),
    ) -> Response:
        with store.session() as session:
            user = current_user(request, session)
        check_csrf(request, csrf_token_field)
        if not from_user or not version.isdigit():
            raise HTTPException(status_code=422, detail="Send from_user and version.")
        with store.session() as session:
            user = current_user(request, session)
            row = claim_in_project(session, user, project_id, claim_pk)
            require_role(user, "reviewer", "admin")
            ann = session.scalar(
                select(Annotation)
                .join(User, User.id == Annotation.user_id)
                .where(Annotation.claim_pk == row.id, User.username == from_user)
            )
            if ann is None:
                raise HTTPException(status_code=404, detail="Not found")
            chosen, status, username = dict(ann.data), ann.status, user.username
        try:
            save(
                store,
                username,
                claim_pk,
                chosen,
                status,
                int(version),
                action=f"adjudicate:{from_user}",
                adjudicate=True,
            )
        except StoreError as exc:
            if exc.code == "E401":
                raise HTTPException(status_code=409, detail=str(exc)) from exc
            raise
        return RedirectResponse(f"/p/{project_id}/adjudicate", status_code=303)

    @app.get("/p/{project_id}/agreement", response_class=HTMLResponse)
    def agreement_page(request: Request, project_id: int) -> HTMLResponse:
        with store.session() as session:
            user = current_user(request, session)
            require_project(session, user, project_id)
            project = session.get(Project, project_id)
            assert project is not None
            report = agreement_report(annotator_labels(session, project_id), project=project.name)
            return page(request, "agreement.html", user, project=project, report=report)

    @app.get("/p/{project_id}/agreement.{fmt}")
    def agreement_file(request: Request, project_id: int, fmt: str) -> Response:
        with store.session() as session:
            user = current_user(request, session)
            require_project(session, user, project_id)
            project = session.get(Project, project_id)
            assert project is not None
            report = agreement_report(annotator_labels(session, project_id), project=project.name)
        if fmt == "json":
            return JSONResponse(report.to_dict())
        if fmt == "csv":
            return Response(
                report.to_csv(), media_type="text/csv", headers=_attachment(f"{project.name}-agreement.csv")
            )
        raise HTTPException(status_code=404, detail="Not found")

    @app.get("/p/{project_id}/export")
    def export(request: Request, project_id: int, format: str = "jsonl") -> Response:
        with store.session() as session:
            user = current_user(request, session)
            require_project(session, user, project_id)
            project = session.get(Project, project_id)
            assert project is not None
            data = snapshot(session, project_id)
        if format not in APP_EXPORTS:
            raise HTTPException(status_code=400, detail=f"Unknown format; known: {', '.join(APP_EXPORTS)}")
        text, media = render(data, format)
        suffix = "json" if format == "label-studio" else "jsonl"
        return Response(text, media_type=media, headers=_attachment(f"{project.name}-{format}.{suffix}"))

    # ------------------------------------------------------------ JSON API

    def json_write(request: Request) -> None:
        check_csrf(request, request.headers.get(CSRF_HEADER))

    @app.get("/api/p/{project_id}/c/{claim_pk}")
    def api_claim(request: Request, project_id: int, claim_pk: int) -> JSONResponse:
        with store.session() as session:
            user = current_user(request, session)
            row = claim_in_project(session, user, project_id, claim_pk)
            return JSONResponse(view_json(session, row, user))

    @app.post("/api/p/{project_id}/c/{claim_pk}")
    async def api_save(request: Request, project_id: int, claim_pk: int) -> JSONResponse:
        json_write(request)
        body = await request.json()
        return await _run_sync(lambda: _save(request, project_id, claim_pk, body))

    @app.post("/api/p/{project_id}/claims")
    async def api_new_claim(request: Request, project_id: int) -> JSONResponse:
        """Draw a new claim: ``{doc_id, start, end}`` in code points of the article text."""
        json_write(request)
        body = await request.json()
        return await _run_sync(lambda: _new_claim(request, project_id, body))

    @app.post("/api/p/{project_id}/c/{claim_pk}/undo")
    async def api_undo(request: Request, project_id: int, claim_pk: int) -> JSONResponse:
        json_write(request)
        return await _run_sync(lambda: _undo(request, project_id, claim_pk))

    @app.post("/api/p/{project_id}/c/{claim_pk}/comments")
    async def api_comment(request: Request, project_id: int, claim_pk: int) -> JSONResponse:
        json_write(request)
        body = await request.json()
        return await _run_sync(lambda: _comment(request, project_id, claim_pk, body))

    def _authorise(request: Request, project_id: int, claim_pk: int) -> str:
        with store.session() as session:
            user = current_user(request, session)
            claim_in_project(session, user, project_id, claim_pk)
            return user.username

    def _result(username: str, claim_pk: int) -> JSONResponse:
        with store.session() as session:
            user = session.scalar(select(User).where(User.username == username))
            row = session.get(ClaimRow, claim_pk)
            assert user is not None and row is not None
            return JSONResponse(view_json(session, row, user))

    def _save(request: Request, project_id: int, claim_pk: int, body: Any) -> JSONResponse:
        username = _authorise(request, project_id, claim_pk)
        if not isinstance(body, dict) or not isinstance(body.get("version"), int):
            raise HTTPException(status_code=422, detail="Send {version: int, claim?: object, status?: str}.")
        claim = body.get("claim")
        if claim is not None and not isinstance(claim, dict):
            raise HTTPException(status_code=422, detail="'claim' must be an object.")
        try:
            save(store, username, claim_pk, claim, body.get("status"), body["version"])
        except StoreError as exc:
            raise _http(exc) from exc
        return _result(username, claim_pk)

    def _new_claim(request: Request, project_id: int, body: Any) -> JSONResponse:
        with store.session() as session:
            user = current_user(request, session)
            require_project(session, user, project_id)
            username = user.username
        doc_id, start, end = (
            (body.get(k) for k in ("doc_id", "start", "end")) if isinstance(body, dict) else (None,) * 3
        )
        if not isinstance(doc_id, str) or type(start) is not int or type(end) is not int:
            raise HTTPException(status_code=422, detail="Send {doc_id: str, start: int, end: int}.")
        try:
            claim_pk = add_claim(store, username, project_id, doc_id, start, end)
        except StoreError as exc:
            raise _http(exc) from exc
        return JSONResponse({"claim_pk": claim_pk, "url": f"/p/{project_id}/c/{claim_pk}"}, status_code=201)

    def _undo(request: Request, project_id: int, claim_pk: int) -> JSONResponse:
        username = _authorise(request, project_id, claim_pk)
        try:
            undo(store, username, claim_pk)
        except StoreError as exc:
            raise _http(exc) from exc
        return _result(username, claim_pk)

    def _comment(request: Request, project_id: int, claim_pk: int, body: Any) -> JSONResponse:
        username = _authorise(request, project_id, claim_pk)
        text = body.get("body") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise HTTPException(status_code=422, detail="Send {body: str}.")
        add_comment(store, username, claim_pk, text)
        return JSONResponse({"ok": True})

    return app


def _http(exc: ClaimscopeError) -> HTTPException:
    status = {"E401": 409, "E403": 403}.get(exc.code, 422)
    return HTTPException(status_code=status, detail=str(exc))


async def _run_sync(fn: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


def _attachment(filename: str) -> dict[str, str]:
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


__all__ = ["CSRF_HEADER", "SESSION_CSRF", "create_app"]
