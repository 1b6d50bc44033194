"""Apply an adjudicator's decisions through the review app's own HTTP flow.

Each decision names a claim unit of the gold project and either picks one pass's label (the app's
``POST /p/{project}/c/{claim}/adjudicate`` with ``from_user``) or writes a third label (the JSON
API ``POST /api/p/{project}/c/{claim}`` as the reviewer). Every change is therefore made, checked
(CSRF, roles, optimistic versions) and recorded in the history exactly as a person clicking in the
app would make it.

Decision lines (JSONL)::

    {"unit": "<claim id>", "decision": "pass1" | "pass2" | "label", "rule": "guideline section and why",
     "label": {"status": "accepted"|"rejected", "type", "speaker", "holder", "targets": [{"id", "text", "stance"}],
               "frames": [...], "hedges": [...]}}
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.gold.tasks import _find

CSRF_INPUT = re.compile(
    r'name="csrf_token"\s+value="([^"]+)"|content="([^"]+)"\s+name="csrf-token"|name="csrf-token"\s+content="([^"]+)"'
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Do not follow redirects: after a form post the app redirects to a list page we do not need."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class ReviewAppError(RuntimeError):
    """The app refused a request (status and body in the message)."""


@dataclass
class ReviewClient:
    """A logged-in session with the review app (cookies and CSRF token kept)."""

    base_url: str
    _opener: urllib.request.OpenerDirector = field(init=False, repr=False)
    _csrf: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def _request(
        self, method: str, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=60) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            if exc.code in (302, 303):
                return exc.code, ""  # a form post answered with a redirect: done, the page is not needed
            body = exc.read().decode("utf-8", "replace")
            raise ReviewAppError(f"{method} {path}: HTTP {exc.code}: {body[:300]}") from exc

    def _token(self, html: str) -> str:
        match = CSRF_INPUT.search(html)
        if not match:
            raise ReviewAppError("no CSRF token found in the page")
        return next(g for g in match.groups() if g)

    def login(self, username: str, password: str) -> None:
        _, html = self._request("GET", "/login")
        form = {"username": username, "password": password, "csrf_token": self._token(html)}
        status, _ = self._request(
            "POST",
            "/login",
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status not in (302, 303):
            raise ReviewAppError(f"login as {username} failed: check the user name and $CLAIMSCOPE_PASSWORD")
        _, home = self._request("GET", "/")
        self._csrf = self._token(home)

    def claim(self, project_id: int, claim_pk: int) -> dict[str, Any]:
        _, body = self._request("GET", f"/api/p/{project_id}/c/{claim_pk}")
        return dict(json.loads(body))

    def choose(self, project_id: int, claim_pk: int, from_user: str, version: int) -> None:
        form = {"from_user": from_user, "version": str(version), "csrf_token": self._csrf}
        self._request(
            "POST",
            f"/p/{project_id}/c/{claim_pk}/adjudicate",
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def write(
        self, project_id: int, claim_pk: int, claim: dict[str, Any] | None, status: str, version: int
    ) -> None:
        body = json.dumps({"claim": claim, "status": status, "version": version}).encode()
        self._request(
            "POST",
            f"/api/p/{project_id}/c/{claim_pk}",
            body,
            {"Content-Type": "application/json", "X-CSRF-Token": self._csrf},
        )


def third_label(
    current: dict[str, Any], article_text: str, label: dict[str, Any], author: dict[str, Any]
) -> dict[str, Any]:
    """The claim dict of an adjudicator's own label for the unit ``current`` (targets located in the claim)."""
    start, end = int(current["start"]), int(current["end"])
    targets = []
    for t in label.get("targets") or []:
        where = _find(article_text, str(t.get("text") or ""), start, end)
        if where is None:
            raise ReviewAppError(
                f"target text {t.get('text')!r} is not inside the claim {current['claim_id']}"
            )
        targets.append(
            {
                "id": t["id"],
                "text": article_text[where[0] : where[1]],
                "stance": t["stance"],
                "score": 1.0,
                "start": where[0],
                "end": where[1],
            }
        )
    speaker = dict(label.get("speaker") or {"kind": "author"})
    if speaker.get("kind") == "author":
        speaker = {"id": author.get("id"), "name": author.get("name"), "kind": "author"}
    holder = label.get("holder")
    return {
        **current,
        "type": label["type"],
        "speaker": {**speaker, "start": None, "end": None},
        "holder": {"id": holder["id"], "name": holder.get("name"), "start": None, "end": None}
        if holder
        else None,
        "targets": targets,
        "frames": [{"label": f, "score": 1.0} for f in label.get("frames") or []],
        "hedges": list(label.get("hedges") or []),
        "hedged": bool(label.get("hedges")),
        "label_source": "human",
    }


def apply_decisions(
    client: ReviewClient,
    project_id: int,
    decisions: Iterable[dict[str, Any]],
    units: dict[str, dict[str, Any]],
    texts: dict[str, str],
    authors: dict[str, dict[str, Any]],
) -> dict[str, int]:
    """Apply decisions; ``units`` maps unit id -> ``{claim_pk, passage_id}``. Returns counts by decision."""
    counts: dict[str, int] = {}
    for d in decisions:
        unit = units[d["unit"]]
        if unit.get("decided"):
            counts["already decided"] = counts.get("already decided", 0) + 1
            continue
        pk, pid = int(unit["claim_pk"]), unit["passage_id"]
        view = client.claim(project_id, pk)
        version = int(view["version"])
        if d["decision"] in ("pass1", "pass2"):
            client.choose(project_id, pk, d["decision"], version)
        else:
            label = d["label"]
            if label.get("status") == "rejected":
                client.write(project_id, pk, None, "rejected", version)
            else:
                claim = third_label(view["claim"], texts[pid], label, authors.get(pid, {}))
                client.write(project_id, pk, claim, "accepted", version)
        counts[d["decision"]] = counts.get(d["decision"], 0) + 1
    return counts
