"""Request hardening in front of every route: a body size limit, safe JSON parsing, security headers.

:class:`BodyLimit` is plain ASGI middleware: a body declared or streamed over the limit is
refused with 413 and a coded message (E412) before any route, form parser or session
lookup sees it. (FastAPI's own ``max_body_size`` answers a bare "Content Too Large" and
only when a route reads the body.) :func:`parse_json` turns malformed or too deeply nested
JSON into a 400 (E413) instead of a crash; :class:`SecurityHeaders` adds CSP, nosniff, no
framing and no caching to every response.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import RequestError

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def error_response(path: str, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A refusal in the form the caller reads: JSON for the API, plain text for pages."""
    if path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    return PlainTextResponse(message, status_code=status, headers=headers)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (by Content-Length, or while they stream in).

    A body within the limit is read here and handed on whole, so what runs behind never
    sees more than ``max_bytes``.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, path, str(int(declared)))
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send, path, f"more than {self.max_bytes}")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, path: str, size: str) -> None:
        err = RequestError("E412", size=size, limit=self.max_bytes, path=path)
        response = error_response(path, 413, str(err), headers={"Connection": "close"})
        await response(scope, receive, send)


class SecurityHeaders:
    """Add the security headers (CSP, nosniff, no framing, no caching) to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def parse_json(raw: bytes, max_depth: int) -> Any:
    """The JSON value of ``raw``; E413 if it is not JSON or nests deeper than ``max_depth``."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise RequestError(
            "E413", detail=f"nested more than {max_depth} levels deep", depth=max_depth
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError("E413", detail=str(exc), depth=max_depth) from None
    if _depth(value, max_depth) > max_depth:
        raise RequestError("E413", detail=f"nested more than {max_depth} levels deep", depth=max_depth)
    return value


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value (stops counting past ``limit``)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > limit:
                return depth
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
