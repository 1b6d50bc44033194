"""Shared plumbing for rule components whose knowledge is a JSON lexicon under ``configs/``.

A rule component is stateful only through its lexicon: ``to_disk`` writes it
beside the pipeline, ``from_disk`` reads it back, so a saved pipeline runs
without the ``configs/`` folder.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.tokens import Doc, Span, Token

from pipeline.errors import ConfigError


def read_lexicon(path: str | Path) -> dict[str, Any]:
    """Read a JSON lexicon or JSONL table, with a coded error naming the file."""
    p = Path(path)
    if not p.exists():
        raise ConfigError("E001", path=str(p))
    try:
        if p.suffix == ".jsonl":
            return {"records": list(srsly.read_jsonl(p))}
        data = json.loads(p.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise ConfigError("E002", path=str(p), detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise ConfigError("E002", path=str(p), detail="top level must be an object")
    return data


class LexiconComponent:
    """Base for rule components: holds ``self.lexicon`` and serialises it.

    The factory passes a loader; the files are read in :meth:`initialize` (spaCy's
    lifecycle: :func:`pipeline.nlp.build` initialises the claimscope stages once), or on the
    first document if a pipeline was assembled by hand; :meth:`from_disk` restores a saved
    lexicon instead. A lexicon passed as a dict is used as it is.
    """

    name: str
    version: str = "1"
    lexicon_file: str = "lexicon.json"

    def __init__(self, name: str, lexicon: dict[str, Any] | Callable[[], dict[str, Any]]) -> None:
        self.name = name
        self._load = lexicon if callable(lexicon) else None
        self.lexicon: dict[str, Any] = {}
        self.ready = False
        if not callable(lexicon):
            self._use(lexicon)

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Any = None) -> None:
        """Read the lexicon files the config names (a no-op for a lexicon given or restored)."""
        if self._load is not None and not self.ready:
            self._use(self._load())

    def _use(self, lexicon: dict[str, Any]) -> None:
        self.lexicon = lexicon
        self._compile()
        self.ready = True

    def _compile(self) -> None:
        """Build fast lookup structures from ``self.lexicon`` (override)."""

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        return self.process(doc)

    def process(self, doc: Doc) -> Doc:
        """Annotate one Doc (override)."""
        raise NotImplementedError

    @property
    def tag(self) -> str:
        """``name@version`` recorded in claim provenance."""
        return f"{self.name}@{self.version}"

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if not self.ready:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        # The stdlib json keeps floats exact (srsly's writer rounds 0.7 to 0.7000000000000001).
        (path / self.lexicon_file).write_text(json.dumps(self.lexicon, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconComponent:
        path = Path(path)
        self._use(json.loads((path / self.lexicon_file).read_text(encoding="utf-8")))
        return self


def token_matches(token: Token, lemmas: dict[str, Any]) -> bool:
    """True when the token's lemma (or lower form) is in ``lemmas`` and its tag is allowed."""
    key = token.lemma_.lower() if token.lemma_ else token.lower_
    for form in (key, token.lower_):
        if form in lemmas:
            tags = lemmas[form]
            return tags is None or token.tag_ in tags
    return False


def find_phrases(span: Span, phrases: Iterable[str]) -> list[tuple[str, int, int]]:
    """Case-insensitive whole-word phrase hits in ``span``: ``(phrase, start_char, end_char)``."""
    text = span.text.lower()
    hits = []
    for phrase in phrases:
        start = 0
        while True:
            i = text.find(phrase, start)
            if i < 0:
                break
            j = i + len(phrase)
            before_ok = i == 0 or not text[i - 1].isalnum()
            after_ok = j == len(text) or not text[j].isalnum()
            if before_ok and after_ok:
                hits.append((phrase, span.start_char + i, span.start_char + j))
            start = j
    return hits
