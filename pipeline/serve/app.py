"""FastAPI application of the review app: middleware, error handling, and the routers of each area.

Routes live in :mod:`pipeline.serve.routes` (``auth``, ``pages``, ``review``, ``api``), one
``APIRouter`` each, and get the store, the read session, the user and the CSRF check
through ``Depends`` (:mod:`pipeline.serve.deps`). In front of every route: a request body
limit, then signed session cookies; every response gets the security headers.
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from pipeline.errors import ClaimscopeError
from pipeline.serve.limits import BodyLimit, SecurityHeaders
from pipeline.serve.routes import api, auth, pages, review
from pipeline.serve.security import CSRF_HEADER, SESSION_CSRF, LoginRequired, session_secret
from pipeline.serve.settings import ServeSettings, load_serve_settings
from pipeline.store import Store, open_store

HERE = Path(__file__).parent
STATUS_OF_CODE = {"E401": 409, "E403": 403, "E412": 413, "E413": 400, "E414": 429}
"""HTTP status of a coded error raised by a route (anything else a user sent: 422)."""


def create_app(
    store: Store | str,
    *,
    https_only: bool = False,
    secret_key: str | None = None,
    settings: ServeSettings | None = None,
) -> FastAPI:
    """The review app over ``store`` (a :class:`Store` or a database URL)."""
    store = open_store(store) if isinstance(store, str) else store
    settings = settings or load_serve_settings()
    app = FastAPI(title="claimscope review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.write_gate = threading.BoundedSemaphore(settings.concurrent_writes)
    # The session cookie lives at most as long as a server-side session; the server decides.
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or session_secret(store),
        session_cookie="claimscope_session",
        max_age=settings.session_lifetime_seconds,
        same_site="strict",
        https_only=https_only,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for area in (auth, pages, review, api):
        app.include_router(area.router)
    _error_handlers(app)
    return app


def _error_handlers(app: FastAPI) -> None:
    def page_error(request: Request, status: int, detail: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=status)
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "detail": detail, "user": None, "csrf": ""},
            status_code=status,
        )

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "Log in first."}, status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        return page_error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(ClaimscopeError)
    async def _coded_error(request: Request, exc: ClaimscopeError) -> Response:
        return page_error(request, STATUS_OF_CODE.get(exc.code, 422), str(exc))


__all__ = ["CSRF_HEADER", "SESSION_CSRF", "create_app"]
