"""``claimscope_actor_linker``: give every actor span a canonical id and add people.

Runs after spaCy's ``ner`` and ``claimscope_actor_ruler``. On ``doc.spans[spans_key]``:

1. PERSON entities become person mentions. Titles are stripped ("German Chancellor
   Merz" -> Merz); a known office holder is linked by alias (``emmanuel-macron``),
   anyone else gets a lower-case hyphenated id of the full name (``john-bolton``), and
   a surname after (or before) a full mention is that person ("Bolton" -> john-bolton).
2. GPE/NORP/ORG/LOC entities the ruler missed are linked if their text is a KB alias.
3. A city metonym that is only part of a longer organisation name ("Minsk Dialogue
   Council", "Washington Post") is dropped, except in the names of events listed in
   ``metonym_keep_heads`` ("Ankara Summit": the host state takes part).
4. Context aliases are resolved: a candidate list ("Brussels" -> EU, NATO, BEL) by an
   adjacent candidate ("Brussels/EU"), else the one candidate named in the sentence,
   else the default; an anaphor ("the Alliance", "the organisation", "the bloc") by the
   most recent matching actor in the paragraph, else the article's most-mentioned one.

Every remaining span gets ``kb_id_`` = canonical id and ``label_`` = actor type.
:func:`article_actors` counts them per article.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.mentions import AUTHOR_ID_KEY, given_name_first
from pipeline.ids import slugify
from pipeline.kb import KnowledgeBase, build_kb, load_kb
from pipeline.types import ActorType, ArticleActor

VERSION = "0.1.0"
KB_FILE = "kb.jsonl"
CFG_FILE = "cfg.json"
NAMES_KEY = "claimscope.actor_names"
"""``doc.user_data`` key of ``{id: canonical name}`` for the linked actors."""
_POSSESSIVE = ("'s", "’s", "'", "’")
_NAME_PART = re.compile(
    r"^[A-Z][a-zà-ÿ'’.-]*(?:[A-Z'’][a-zà-ÿ]+)*$|^[A-Z]\.$|^(?:von|van|der|de|da|di|del|la|le|bin|al|el)$"
)


@Language.factory(
    "claimscope_actor_linker",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={
        "kb_path": "",
        "extra_kb_paths": [],
        "spans_key": "actors",
        "person_labels": ["PERSON"],
        "entity_labels": ["GPE", "NORP", "ORG", "LOC", "FAC"],
        "org_name_labels": ["ORG", "FAC", "WORK_OF_ART", "EVENT"],
        "metonym_keep_heads": ["Summit", "summit"],
        "adjacent_window": 2,
    },
)
def make_actor_linker(
    nlp: Language,
    name: str,
    kb_path: str,
    extra_kb_paths: list[str],
    spans_key: str,
    person_labels: list[str],
    entity_labels: list[str],
    org_name_labels: list[str],
    metonym_keep_heads: list[str],
    adjacent_window: int,
) -> ActorLinker:
    return ActorLinker(
        nlp,
        name,
        kb_path=kb_path,
        extra_kb_paths=extra_kb_paths,
        spans_key=spans_key,
        person_labels=person_labels,
        entity_labels=entity_labels,
        org_name_labels=org_name_labels,
        metonym_keep_heads=metonym_keep_heads,
        adjacent_window=adjacent_window,
    )


class ActorLinker:
    """Resolve actor spans to KB ids; see the module docstring for the rules."""

    def __init__(
        self,
        nlp: Language,
        name: str = "claimscope_actor_linker",
        *,
        kb_path: str = "",
        extra_kb_paths: Iterable[str] = (),
        spans_key: str = "actors",
        person_labels: Iterable[str] = ("PERSON",),
        entity_labels: Iterable[str] = ("GPE", "NORP", "ORG", "LOC", "FAC"),
        org_name_labels: Iterable[str] = ("ORG", "FAC", "WORK_OF_ART", "EVENT"),
        metonym_keep_heads: Iterable[str] = ("Summit", "summit"),
        adjacent_window: int = 2,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.kb_path = kb_path
        self.extra_kb_paths = list(extra_kb_paths)
        self.spans_key = spans_key
        self.person_labels = list(person_labels)
        self.entity_labels = list(entity_labels)
        self.org_name_labels = list(org_name_labels)
        self.metonym_keep_heads = list(metonym_keep_heads)
        self.adjacent_window = adjacent_window
        self.kb: KnowledgeBase | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        """Load the knowledge base (or use the one given)."""
        self.kb = kb if kb is not None else load_kb(self.kb_path or None, extra_paths=self.extra_kb_paths)
        self._titles = sorted((t.split() for t in self.kb.person_titles), key=len, reverse=True)
        self._title_words = {w for t in self._titles for w in t}

    def _kb(self) -> KnowledgeBase:
        if self.kb is None:
            self.initialize()
        assert self.kb is not None
        return self.kb

    # -- the component --------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        kb = self._kb()
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        spans = self._add_entities(doc, spans, kb)
        spans = self._drop_metonyms_in_names(doc, spans)
        resolved = self._link_people(doc, spans, kb)
        resolved = self._resolve_context(doc, resolved, kb)
        doc.spans[self.spans_key] = sorted(resolved, key=lambda s: (s.start, s.end, s.kb_id_))
        names: dict[str, str] = {}
        for span in resolved:
            entity = kb.get(span.kb_id_)
            if entity is not None:
                names[entity.id] = entity.name
        # Canonical names travel with the doc (plain data), so article_actors(doc) needs no KB.
        doc.user_data[NAMES_KEY] = names
        self._link_author(doc, kb)
        return doc

    @staticmethod
    def _link_author(doc: Doc, kb: KnowledgeBase) -> None:
        """The author's KB id, when the byline's name ("Robert Hawke", "Hawke, Robert") is one
        person's name or alias in the knowledge base; attribution uses it for the speaker."""
        article = doc._.article if Doc.has_extension("article") else None
        name = getattr(article, "author", None)
        if not name:
            return
        for form in dict.fromkeys((given_name_first(name), name)):
            ids = [i for i in kb.lookup(form) if _is_person(kb, i)]
            if len(ids) == 1:
                doc.user_data[AUTHOR_ID_KEY] = ids[0]
                return

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # -- step 1 and 2: entities from the statistical NER ----------------------------------
    def _add_entities(self, doc: Doc, spans: list[Span], kb: KnowledgeBase) -> list[Span]:
        taken = {i: s for s in spans for i in range(s.start, s.end)}
        out = list(spans)
        for ent in doc.ents:
            if ent.label_ in self.person_labels:
                span = self._clean_person(ent)
                if span is None:
                    continue
                overlapping = {id(taken[i]): taken[i] for i in range(span.start, span.end) if i in taken}
                if not overlapping:
                    out.append(span)
                elif all(
                    s.label_ not in ("person", "concept")
                    and span.start <= s.start
                    and s.end <= span.end
                    and len(span) > len(s)
                    for s in overlapping.values()
                ):
                    # "Chad Smith": a name that contains a country name is a person.
                    out = [s for s in out if id(s) not in overlapping]
                    out.append(span)
                else:
                    continue
                for i in range(span.start, span.end):
                    taken[i] = span
            elif ent.label_ in self.entity_labels:
                span = _strip(ent)
                if span is None or any(i in taken for i in range(span.start, span.end)):
                    continue
                ids = kb.lookup(span.text)
                if len(ids) != 1:
                    continue
                entity = kb.get(ids[0])
                assert entity is not None
                new = Span(
                    doc, span.start, span.end, label=entity.type, span_id=f"ner:{entity.id}", kb_id=entity.id
                )
                out.append(new)
                for i in range(new.start, new.end):
                    taken[i] = new
        return out

    def _clean_person(self, ent: Span) -> Span | None:
        """The name part of a PERSON entity: no title, nationality adjective or possessive."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while end > start and doc[end - 1].text in _POSSESSIVE:
            end -= 1
        if end > start and doc[end - 1].text.endswith(("'s", "’s")):
            return None  # tokenizer kept the possessive attached; leave it to the ruler
        changed = True
        while changed and start < end:
            changed = False
            if doc[start].lower_ == "the" or doc[start].ent_type_ == "NORP" or doc[start].pos_ == "ADJ":
                start += 1
                changed = True
                continue
            for title in self._titles:
                n = len(title)
                if start + n < end and [t.text for t in doc[start : start + n]] == title:
                    start += n
                    changed = True
                    break
        if start >= end or not all(_NAME_PART.match(t.text) and not t.is_stop for t in doc[start:end]):
            return None
        prev = start - 1
        while prev >= 0 and doc[prev].is_punct:
            prev -= 1
        if end - start == 1 and (
            (prev >= 0 and doc[prev].lower_ == "the")
            or doc[start].tag_ == "NNPS"
            or (
                start == ent.start
                and prev >= 0
                and doc[prev].is_title
                and doc[prev].text not in self._title_words
            )
            or (doc[start].dep_ == "compound" and doc[start].head.pos_ != "PROPN")
        ):
            return None  # "the Brexit process", "Sahel region": a name used as a modifier, not a person
        return Span(doc, start, end, label="person", span_id="ner:person", kb_id="")

    # -- step 3: metonyms inside organisation names ---------------------------------------
    def _drop_metonyms_in_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        drop: set[int] = set()
        for ent in doc.ents:
            if ent.label_ not in self.org_name_labels or ent[-1].text in self.metonym_keep_heads:
                continue
            name = _strip(ent)
            if name is None:
                continue
            inside = [s for s in spans if name.start <= s.start and s.end <= name.end]
            if len(inside) == 1 and inside[0].id_.startswith("metonym:") and len(inside[0]) < len(name):
                drop.add(id(inside[0]))
        return [s for s in spans if id(s) not in drop]

    # -- step 1 (ids): people ------------------------------------------------------------
    def _link_people(self, doc: Doc, spans: list[Span], kb: KnowledgeBase) -> list[Span]:
        surname: dict[str, str] = {}
        person_ids: dict[int, str] = {}
        people = [s for s in spans if s.label_ == "person"]
        for s in people:  # full mentions first, in document order
            words = _name_words(s)
            if len(words) < 2:
                continue
            known = [i for i in kb.lookup(" ".join(words)) if _is_person(kb, i)]
            pid = s.kb_id_ or (known[0] if known else slugify(" ".join(words)))
            person_ids[id(s)] = pid
            surname.setdefault(words[-1], pid)
        for s in people:
            if id(s) in person_ids:
                continue
            words = _name_words(s)
            if not words:
                continue
            known = [i for i in kb.lookup(words[-1]) if _is_person(kb, i)]
            person_ids[id(s)] = (
                surname.get(words[-1]) or s.kb_id_ or (known[0] if known else slugify(words[-1]))
            )
        out: list[Span] = []
        for s in spans:
            if s.label_ == "person":
                linked = person_ids.get(id(s))
                if linked:
                    out.append(Span(doc, s.start, s.end, label="person", span_id=s.id_, kb_id=linked))
            else:
                out.append(s)
        return out

    # -- step 4: context aliases ----------------------------------------------------------
    def _resolve_context(self, doc: Doc, spans: list[Span], kb: KnowledgeBase) -> list[Span]:
        spans = sorted(spans, key=lambda s: (s.start, s.end))
        fixed = [s for s in spans if s.kb_id_]
        counts = Counter(s.kb_id_ for s in fixed)
        paragraphs = _paragraph_starts(doc)
        out: list[Span] = []
        for s in spans:
            if s.kb_id_:
                entity = kb.get(s.kb_id_)
                label = entity.type if entity is not None else s.label_
                out.append(Span(doc, s.start, s.end, label=label, span_id=s.id_, kb_id=s.kb_id_))
                continue
            ca = kb.context_alias(s.id_.partition(":")[2])
            if ca is None:
                continue
            if ca.candidates:
                target = self._by_neighbours(doc, s, ca.candidates, fixed) or ca.default
            else:
                recent = _recent_of_type(s, out, ca.candidates_type, kb, paragraphs)
                dominant = _most_mentioned(counts, ca.candidates_type, kb)
                target = (dominant or recent) if ca.prefer == "article" else (recent or dominant)
                target = target or ca.default
            entity = kb.get(target) if target else None
            if entity is None:
                continue
            counts[entity.id] += 1
            out.append(Span(doc, s.start, s.end, label=entity.type, span_id=s.id_, kb_id=entity.id))
        return out

    def _by_neighbours(self, doc: Doc, span: Span, candidates: list[str], fixed: list[Span]) -> str | None:
        w = self.adjacent_window
        near = [
            s.kb_id_
            for s in fixed
            if s.kb_id_ in candidates
            and (0 <= s.start - span.end < w or 0 <= span.start - s.end < w)
            and all(t.is_punct for t in doc[min(span.end, s.end) : max(span.start, s.start)])
        ]
        if near:
            return near[0]
        if doc.has_annotation("SENT_START"):
            sent = span.sent
            in_sent = {s.kb_id_ for s in fixed if s.kb_id_ in candidates and sent.start <= s.start < sent.end}
            if len(in_sent) == 1:
                return in_sent.pop()
        return None

    # -- convenience ----------------------------------------------------------------------
    def article_actors(self, doc: Doc) -> list[ArticleActor]:
        """The article-level actors of a processed doc, named from this linker's KB."""
        return article_actors(doc, self._kb(), spans_key=self.spans_key)

    # -- serialisation --------------------------------------------------------------------
    def _cfg(self) -> dict[str, Any]:
        return {
            "kb_path": self.kb_path,
            "extra_kb_paths": self.extra_kb_paths,
            "spans_key": self.spans_key,
            "person_labels": self.person_labels,
            "entity_labels": self.entity_labels,
            "org_name_labels": self.org_name_labels,
            "metonym_keep_heads": self.metonym_keep_heads,
            "adjacent_window": self.adjacent_window,
            "version": VERSION,
        }

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the settings and the whole KB, so a saved pipeline needs no configs/kb."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / CFG_FILE, self._cfg())
        srsly.write_jsonl(path / KB_FILE, self._kb().to_records())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorLinker:
        path = Path(path)
        cfg = srsly.read_json(path / CFG_FILE)
        for key, value in cfg.items():
            if key != "version" and hasattr(self, key):
                setattr(self, key, value)
        records = [(r, str(path / KB_FILE)) for r in srsly.read_jsonl(path / KB_FILE)]
        self.initialize(kb=build_kb(records))
        return self


def article_actors(
    doc: Doc, kb: KnowledgeBase | None = None, spans_key: str = "actors"
) -> list[ArticleActor]:
    """Every linked actor of ``doc`` with its mention count, most mentioned first.

    ``name`` is the canonical name (from ``kb``, else the names the linker left on the doc),
    or, for people not in the KB, the longest mention.
    """
    names: dict[str, str] = doc.user_data.get(NAMES_KEY, {})
    counts: Counter[str] = Counter()
    types: dict[str, ActorType] = {}
    texts: dict[str, str] = {}
    for s in doc.spans.get(spans_key, []):
        if not s.kb_id_:
            continue
        counts[s.kb_id_] += 1
        types.setdefault(s.kb_id_, s.label_)
        if len(s.text) > len(texts.get(s.kb_id_, "")):
            texts[s.kb_id_] = s.text
    out = []
    for actor_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        entity = kb.get(actor_id) if kb is not None else None
        name = entity.name if entity is not None else names.get(actor_id, texts[actor_id])
        out.append(
            ArticleActor(
                id=actor_id,
                type=cast(ActorType, entity.type) if entity else types[actor_id],
                name=name,
                mentions=n,
            )
        )
    return out


def _strip(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    if start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].text in _POSSESSIVE:
        end -= 1
    return doc[start:end] if start < end else None


def _name_words(span: Span) -> list[str]:
    words = [t.text for t in span if t.text not in _POSSESSIVE]
    return [
        w for w in words if w[:1].isupper() or w in ("von", "van", "der", "de", "da", "di", "del", "la", "le")
    ]


def _is_person(kb: KnowledgeBase, entity_id: str) -> bool:
    entity = kb.get(entity_id)
    return entity is not None and entity.type == "person"


def _paragraph_starts(doc: Doc) -> list[int]:
    """Character offsets where paragraphs start: article blocks if present, else line breaks."""
    article = doc._.article if Doc.has_extension("article") else None
    blocks = getattr(article, "blocks", None) or []
    if blocks:
        return sorted({0, *(b.start for b in blocks)})
    return [0, *(m.end() for m in re.finditer(r"\n+", doc.text))]


def _recent_of_type(
    span: Span, before: list[Span], types: list[str], kb: KnowledgeBase, paragraphs: list[int]
) -> str | None:
    para = bisect.bisect_right(paragraphs, span.start_char) - 1
    para_start = paragraphs[para] if para >= 0 else 0
    for s in reversed(before):
        if s.start_char < para_start:
            break
        entity = kb.get(s.kb_id_)
        if entity is not None and entity.type in types and s.end <= span.start:
            return entity.id
    return None


def _most_mentioned(counts: Counter[str], types: list[str], kb: KnowledgeBase) -> str | None:
    for entity_id, _ in counts.most_common():
        entity = kb.get(entity_id)
        if entity is not None and entity.type in types:
            return entity.id
    return None
