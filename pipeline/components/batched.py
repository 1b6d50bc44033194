"""Shared inference loop of the model stages: one model call per chunk of Docs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc


class BatchedDocs:
    """Mixin: ``__call__`` and ``pipe`` over ``annotate(list[Doc])``, chunked by ``batch_size``."""

    batch_size: int

    def annotate(self, docs: list[Doc]) -> None:  # pragma: no cover - implemented by the stage
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        iterator = iter(docs)
        while chunk := list(islice(iterator, size)):
            self.annotate(chunk)
            yield from chunk
