"""Access to actor mentions for the claim components.

Actor mentions live in ``doc.spans["actors"]`` (set by the actor ruler and
linker); ``span.label_`` is the actor type and ``span.kb_id_`` the canonical id.
Without those stages (a blank pipeline in tests) named entities stand in. The article's
author, every claim's default speaker, is named here too (``given_name_first``,
``AUTHOR_ID_KEY``): the linker looks it up in the knowledge base, attribution reads it.
"""

from __future__ import annotations

import re
from typing import Any, cast

from spacy.tokens import Doc, Span, Token

from pipeline.ids import slugify
from pipeline.types import ActorType

ACTORS_KEY = "actors"
AGENT_TYPES = frozenset({"state", "alliance", "organisation", "person", "group"})
_ENT_TYPES = {"PERSON": "person", "GPE": "state", "ORG": "organisation", "NORP": "group"}
_CACHE_KEY = "claimscope_mention_index"


def actor_spans(doc: Doc) -> list[Span]:
    """Actor mentions in document order."""
    if ACTORS_KEY in doc.spans and len(doc.spans[ACTORS_KEY]) > 0:
        return sorted(doc.spans[ACTORS_KEY], key=lambda s: s.start)
    return [e for e in doc.ents if e.label_ in _ENT_TYPES]


def actor_type(span: Span) -> ActorType:
    """The actor type of a mention (its label; a named-entity label stands in without the KB stages)."""
    return cast(ActorType, _ENT_TYPES.get(span.label_, span.label_))


def actor_id(span: Span) -> str | None:
    """Canonical id of a mention (``kb_id_``, else ``id_``, else a slug for people)."""
    if span.kb_id_:
        return span.kb_id_
    if span.id_:
        return span.id_
    if actor_type(span) == "person":
        return slugify(span.text)
    return None


def mention_ref(span: Span) -> dict[str, Any]:
    """The plain record of a mention used for speakers, holders and targets."""
    return {
        "id": actor_id(span),
        "name": span.text,
        "type": actor_type(span),
        "start": span.start_char,
        "end": span.end_char,
    }


def _token_index(doc: Doc) -> dict[int, Span]:
    index = doc.user_data.get(_CACHE_KEY)
    if index is None or index[0] != len(doc.spans.get(ACTORS_KEY, [])):
        mapping: dict[int, Span] = {}
        for span in actor_spans(doc):
            for i in range(span.start, span.end):
                mapping.setdefault(i, span)
        index = (len(doc.spans.get(ACTORS_KEY, [])), mapping)
        doc.user_data[_CACHE_KEY] = index
    return index[1]  # type: ignore[no-any-return]


def mention_at(token: Token) -> Span | None:
    """The actor mention covering ``token``, if any."""
    return _token_index(token.doc).get(token.i)


def mentions_in(doc: Doc, start: int, end: int) -> list[Span]:
    """Actor mentions wholly inside the token range ``[start, end)``."""
    return [s for s in actor_spans(doc) if s.start >= start and s.end <= end]


def mention_in_subtree(head: Token, types: frozenset[str] = AGENT_TYPES) -> Span | None:
    """The mention nearest to ``head`` within its subtree (the head itself first)."""
    own = mention_at(head)
    if own is not None and actor_type(own) in types:
        return own
    best: tuple[int, Span] | None = None
    for token in head.subtree:
        span = mention_at(token)
        if span is None or actor_type(span) not in types:
            continue
        hops = 0
        t = token
        while t.i != head.i and hops < 50:
            t = t.head
            hops += 1
        if best is None or hops < best[0]:
            best = (hops, span)
    return best[1] if best else None


def last_person_before(doc: Doc, char: int) -> Span | None:
    """The last person mentioned before a character offset (for pronoun speakers)."""
    people = [s for s in actor_spans(doc) if actor_type(s) == "person" and s.end_char <= char]
    return people[-1] if people else None


def speaker_mention(token: Token) -> Span | None:
    """The actor a subject token names, people before states ("France's minister, Hélène
    Garnier," is Garnier); "he"/"she" is the last person named before it."""
    if token.pos_ == "PRON" and token.lower_ in {"he", "she", "his", "her"}:
        return last_person_before(token.doc, token.idx)
    own = mention_at(token)
    if own is not None and actor_type(own) in AGENT_TYPES:
        return own
    return mention_in_subtree(token, frozenset({"person"})) or mention_in_subtree(token)


# -- the article's author, the default speaker -------------------------------------------
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
# One surname word, then one to three given names or initials: "Jane Doe, John Smith" (two
# authors) and "Jane Doe, RAND" (an affiliation) do not match.
_SURNAME_FIRST = re.compile(rf"\s*({_NAME_WORD})\s*,\s*({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s*")
_NAME_SUFFIXES = frozenset(
    {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "qc", "kc", "mp", "ac"}
)


def given_name_first(name: str) -> str:
    """ "Gillard, Julia" -> "Julia Gillard" (catalogue order, as archives give authors); any other
    name, and "Smith, Jr.", unchanged."""
    match = _SURNAME_FIRST.fullmatch(name)
    given = match.group(2) if match else ""
    if match is None or given.lower() in _NAME_SUFFIXES or (given.isupper() and "." not in given):
        return name  # not a name in catalogue order, a suffix ("Jr."), or an acronym ("RAND")
    return f"{match.group(2)} {match.group(1)}"


AUTHOR_ID_KEY = "claimscope_author_id"
"""``doc.user_data`` key: the knowledge-base id of the article's author, set by
``claimscope_actor_linker`` when the author's name is one person's name or alias there; the
attribution stage's default speaker reads it."""
