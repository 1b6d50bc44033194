"""Article text as escaped HTML with highlight ``<span>``s cut at exact character offsets.

Every piece is a ``<span data-o="N">`` whose text starts at code point ``N`` of the article,
so the browser can turn a text selection (UTF-16 offsets inside a text node) into exact
Python offsets. Carriage returns are written as ``&#13;``: the HTML parser would otherwise
drop them and every later offset would drift by one.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup, escape

from pipeline.types import Claim


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    """A fixed class name (``claim``, ``current``, ``target``, ...); never user data."""


def render(text: str, marks: list[Mark]) -> Markup:
    """Cut ``text`` at every mark boundary; each piece is escaped and wrapped in a span with its
    start offset (``data-o``) and its covering classes."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    # One sweep over the cuts: marks open at their start and close at their end.
    opening: dict[int, list[str]] = {}
    closing: dict[int, list[str]] = {}
    for m in valid:
        opening.setdefault(m.start, []).append(m.css)
        closing.setdefault(m.end, []).append(m.css)
    active: Counter[str] = Counter()
    pieces: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active.subtract(closing.get(a, []))
        active.update(opening.get(a, []))
        classes = sorted(css for css, n in active.items() if n > 0)
        piece = str(escape(text[a:b])).replace("\r", "&#13;")
        css = f' class="{" ".join(classes)}"' if classes else ""
        pieces.append(f'<span data-o="{a}"{css}>{piece}</span>')
    return Markup("".join(pieces))


def hedge_spans(text: str, claim: Claim) -> list[Mark]:
    """Hedge cues carry no offsets: find them as whole words inside the claim span."""
    marks: list[Mark] = []
    span = text[claim.start : claim.end]
    for cue in claim.hedges:
        for m in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", span, flags=re.IGNORECASE):
            marks.append(Mark(claim.start + m.start(), claim.start + m.end(), "hedge"))
    return marks


def claim_marks(text: str, claims: list[Claim], current: Claim | None, rejected: set[str]) -> list[Mark]:
    """Every claim of the article; for the current one also its targets, speaker, holder, actors, hedges."""
    marks = [Mark(c.start, c.end, "claim-rejected" if c.claim_id in rejected else "claim") for c in claims]
    for c in claims:
        marks.extend(Mark(a.start, a.end, "actor") for a in c.actors)
    if current is not None:
        marks.append(Mark(current.start, current.end, "current"))
        marks.extend(
            Mark(t.start, t.end, "target")
            for t in current.targets
            if t.start is not None and t.end is not None
        )
        for who, css in ((current.speaker, "speaker"), (current.holder, "holder")):
            if who is not None and who.start is not None and who.end is not None:
                marks.append(Mark(who.start, who.end, css))
        marks.extend(hedge_spans(text, current))
    return marks
