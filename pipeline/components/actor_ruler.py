"""``claimscope_actor_ruler``: find actor and concept mentions from the knowledge base aliases.

A span ruler in the manner of spaCy's ``SpanRuler`` (phrase patterns, ``spans_key``,
``to_disk``/``from_disk``) with two phrase matchers, because KB aliases mix matching
rules: single words and acronyms match with exact case ("EU", "Turkey", "Paris"),
longer names and concept terms in any case ("North Atlantic Treaty Organisation",
"coalitions of the willing"). Aliases written "the X" in the KB need the determiner
before them ("the Alliance"); the span never includes it. The longest match wins;
blocker phrases ("Latin American") win and are then dropped. A token such as
"U.S.-Israeli" that the tokenizer keeps whole yields one span per known part.

Each span in ``doc.spans[spans_key]`` has ``label_`` = the entity type,
``id_`` = ``"<kind>:<target>"`` (kind ``alias``, ``adjective``, ``metonym`` or
``context``) and ``kb_id_`` = the entity id, left empty for context aliases
("Brussels", "the Alliance"), which ``claimscope_actor_linker`` resolves.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.kb import load_kb

VERSION = "0.1.0"
PATTERNS_FILE = "patterns.jsonl"
CFG_FILE = "cfg.json"
DETERMINERS = ("the", "The")
_COMPOUND_SPLIT = re.compile(r"[-/\u2013]")


@Language.factory(
    "claimscope_actor_ruler",
    assigns=["doc.spans"],
    requires=[],
    default_config={"kb_path": "", "extra_kb_paths": [], "spans_key": "actors", "overwrite": True},
)
def make_actor_ruler(
    nlp: Language,
    name: str,
    kb_path: str,
    extra_kb_paths: list[str],
    spans_key: str,
    overwrite: bool,
) -> ActorRuler:
    return ActorRuler(
        nlp, name, kb_path=kb_path, extra_kb_paths=extra_kb_paths, spans_key=spans_key, overwrite=overwrite
    )


class ActorRuler:
    """Match KB aliases into ``doc.spans[spans_key]``.

    Patterns are built from the KB in :meth:`initialize`, or on the first call if the
    pipeline was never initialised; :meth:`from_disk` restores saved patterns instead.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "claimscope_actor_ruler",
        *,
        kb_path: str = "",
        extra_kb_paths: Iterable[str] = (),
        spans_key: str = "actors",
        overwrite: bool = True,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.kb_path = kb_path
        self.extra_kb_paths = list(extra_kb_paths)
        self.spans_key = spans_key
        self.overwrite = overwrite
        self._patterns: list[dict[str, Any]] = []
        self._ready = False
        self._clear_matchers()

    # -- patterns -------------------------------------------------------------------------
    def _clear_matchers(self) -> None:
        self._cased = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._uncased = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._keys: dict[int, dict[str, Any]] = {}
        self._part_index: dict[str, dict[str, Any]] = {}

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The patterns: ``{label, pattern, id, kb_id, kind, cased, det}`` dicts."""
        return list(self._patterns)

    def __len__(self) -> int:
        return len(self._patterns)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        patterns: list[dict[str, Any]] | None = None,
    ) -> None:
        """Build the patterns from the knowledge base (or use the ``patterns`` given)."""
        self._patterns = []
        self._clear_matchers()
        self.add_patterns(patterns if patterns is not None else self.patterns_from_kb())
        self._ready = True

    def patterns_from_kb(self) -> list[dict[str, Any]]:
        """One pattern per KB surface form."""
        kb = load_kb(self.kb_path or None, extra_paths=self.extra_kb_paths)
        return [
            {
                "label": e.label,
                "pattern": e.text,
                "id": f"{e.kind}:{e.target}",
                "kb_id": e.target if e.kind not in ("context", "block") else "",
                "kind": e.kind,
                "cased": e.case_sensitive,
                "det": e.requires_determiner,
            }
            for e in kb.alias_entries()
        ]

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add phrase patterns (tokenised with the pipeline's tokenizer only)."""
        grouped: dict[tuple[str, bool], list[str]] = defaultdict(list)
        for p in patterns:
            info = {k: p[k] for k in ("label", "id", "kb_id", "kind", "det")}
            key = json.dumps([info["label"], info["id"], info["kb_id"], info["kind"], info["det"]])
            self._keys[self.nlp.vocab.strings.add(key)] = info
            grouped[(key, bool(p["cased"]))].append(p["pattern"])
            if p["cased"] and not p["det"] and " " not in p["pattern"]:
                self._part_index.setdefault(p["pattern"], info)
            self._patterns.append(dict(p))
        for (key, cased), texts in grouped.items():
            matcher = self._cased if cased else self._uncased
            # Either apostrophe matches: "Democratic People's Republic of Korea" in the KB, "People’s"
            # in typeset text.
            forms = sorted({v for t in texts for v in (t, t.replace("'", "’"), t.replace("’", "'"))})
            matcher.add(key, [self.nlp.make_doc(t) for t in forms])

    # -- matching -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            self.initialize()
        spans = self.match(doc)
        if not self.overwrite and self.spans_key in doc.spans:
            spans = filter_spans([*doc.spans[self.spans_key], *spans])
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def match(self, doc: Doc) -> list[Span]:
        """Actor spans of ``doc``: longest match wins, blockers dropped, compounds split."""
        candidates: list[Span] = []
        for matcher in (self._cased, self._uncased):
            for key, start, end in matcher(doc):
                info = self._keys[key]
                if info["det"] and (start == 0 or doc[start - 1].text not in DETERMINERS):
                    continue
                candidates.append(
                    Span(doc, start, end, label=info["label"], span_id=info["id"], kb_id=info["kb_id"])
                )
        kept = [s for s in _longest(candidates) if s.label_ != "block"]
        covered = {i for s in _longest(candidates) for i in range(s.start, s.end)}
        kept += self._compound_spans(doc, covered)
        return kept

    def _compound_spans(self, doc: Doc, covered: set[int]) -> list[Span]:
        """Spans for known parts of hyphen/slash compounds kept as one token ("U.S.-Israeli")."""
        out: list[Span] = []
        for token in doc:
            if token.i in covered or not _COMPOUND_SPLIT.search(token.text):
                continue
            seen: set[str] = set()
            for part in _COMPOUND_SPLIT.split(token.text):
                info = self._part_index.get(part)
                if info is None or info["label"] == "block" or info["kind"] == "context" or part in seen:
                    continue
                seen.add(part)
                out.append(
                    Span(
                        doc,
                        token.i,
                        token.i + 1,
                        label=info["label"],
                        span_id=info["id"],
                        kb_id=info["kb_id"],
                    )
                )
        return out

    # -- serialisation --------------------------------------------------------------------
    def _cfg(self) -> dict[str, Any]:
        return {
            "kb_path": self.kb_path,
            "extra_kb_paths": self.extra_kb_paths,
            "spans_key": self.spans_key,
            "overwrite": self.overwrite,
            "version": VERSION,
        }

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the patterns and settings to a folder."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if not self._ready:
            self.initialize()
        srsly.write_jsonl(path / PATTERNS_FILE, self._patterns)
        srsly.write_json(path / CFG_FILE, self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorRuler:
        """Load patterns and settings saved by :meth:`to_disk` (the KB is not re-read)."""
        path = Path(path)
        cfg = srsly.read_json(path / CFG_FILE)
        self.spans_key = cfg.get("spans_key", self.spans_key)
        self.overwrite = cfg.get("overwrite", self.overwrite)
        self.initialize(patterns=list(srsly.read_jsonl(path / PATTERNS_FILE)))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        if not self._ready:
            self.initialize()
        return srsly.msgpack_dumps({"cfg": self._cfg(), "patterns": self._patterns})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ActorRuler:
        msg = srsly.msgpack_loads(data)
        self.spans_key = msg["cfg"].get("spans_key", self.spans_key)
        self.initialize(patterns=msg["patterns"])
        return self


def _longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first; among equal spans a blocker, then a specific id, wins."""
    unique: dict[tuple[int, int], Span] = {}
    for s in sorted(spans, key=lambda s: (s.start, s.end, s.label_ == "block", bool(s.kb_id_)), reverse=True):
        unique.setdefault((s.start, s.end), s)
    return filter_spans(list(unique.values()))
