"""Ingestion: files, folders and globs of op-eds in, normalised :class:`Article` records out.

Python API::

    from pipeline.ingest import ingest, iter_articles, load_settings

    for item in iter_articles(["corpus/"]):          # streams, one article at a time
        ...                                           # Article or ErrorRecord
    result = ingest(["corpus/"], out="out/")          # writes articles.jsonl, errors.jsonl
    print(result.articles, result.errors_by_code)

Settings come from ``configs/ingest.cfg`` (section ``[claimscope.ingest]``).
"""

from __future__ import annotations

import sys
import types
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ClaimscopeError, IngestError
from pipeline.folder_lock import FolderLock
from pipeline.ingest.article import build_article, doc_id_for
from pipeline.ingest.dedup import NearDuplicateIndex
from pipeline.ingest.discovery import discover
from pipeline.ingest.offsets import to_raw_offset, to_raw_span
from pipeline.ingest.readers import RawDocument, read_file
from pipeline.ingest.settings import IngestSettings, load_settings
from pipeline.runfolder import articles_path, errors_path
from pipeline.types import Article, ErrorRecord

__all__ = [
    "IngestResult",
    "IngestSettings",
    "RawDocument",
    "build_article",
    "doc_id_for",
    "ingest",
    "iter_articles",
    "load_settings",
    "to_raw_offset",
    "to_raw_span",
]

Inputs = Iterable[str | Path] | str | Path


def iter_articles(inputs: Inputs, settings: IngestSettings | None = None) -> Iterator[Article | ErrorRecord]:
    """Stream the articles of ``inputs`` (files, folders, globs) in a stable order.

    Yields an :class:`Article` per good document and an :class:`ErrorRecord` per bad
    input (or bad JSONL line); a bad input never stops the stream. Near-duplicates of
    an earlier article get ``duplicate_of`` and a warning. Only one article is held
    at a time (plus ~0.6 KB of near-duplicate signature per article).
    """
    settings = settings or load_settings()
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    index = NearDuplicateIndex(settings)
    for item in discover(inputs, settings):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        for raw in read_file(item, settings):
            if isinstance(raw, ErrorRecord):
                yield raw
                continue
            try:
                article = build_article(raw, settings)
            except ClaimscopeError as exc:
                yield ErrorRecord(path=raw.source_path, code=exc.code, message=exc.message)
                continue
            except Exception as exc:  # a bug must not lose the rest of the batch
                err = IngestError("E108", detail=f"unexpected {type(exc).__name__}: {exc}")
                yield ErrorRecord(path=raw.source_path, code=err.code, message=err.message)
                continue
            duplicate_of, similarity = index.check_and_add(article.doc_id, article.text)
            if duplicate_of is not None:
                article.duplicate_of = duplicate_of
                article.warnings.append(
                    f"near-duplicate of {duplicate_of} (estimated similarity {similarity:.2f}); kept"
                )
            yield article


@dataclass
class IngestResult:
    """What an ingestion did. Iterate it to get the articles.

    With ``out`` the articles are in ``articles_path`` and iterating reads them back
    lazily; without ``out`` they are kept in ``items`` (fine for small batches).
    """

    articles: int = 0
    errors: int = 0
    warnings: int = 0
    duplicates: int = 0
    bytes_in: int = 0
    errors_by_code: dict[str, int] = field(default_factory=dict)
    articles_path: Path | None = None
    errors_path: Path | None = None
    items: list[Article] = field(default_factory=list)
    error_records: list[ErrorRecord] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.errors > 0

    def __iter__(self) -> Iterator[Article]:
        if self.articles_path is None:
            yield from self.items
            return
        from pipeline.io import read_jsonl

        for record in read_jsonl(self.articles_path):
            yield Article.from_dict(record)


def ingest(
    inputs: Inputs,
    out: str | Path | None = None,
    settings: IngestSettings | None = None,
) -> IngestResult:
    """Ingest ``inputs``; with ``out`` write ``articles.jsonl`` and ``errors.jsonl`` there.

    Both files are streamed to temporary files and appear atomically when the batch
    is done; ``out`` is locked meanwhile (E506 if a run or another ingest holds it). Returns counts (and the records themselves when ``out`` is None).
    """
    from pipeline.ingest.writer import AtomicJsonlWriter

    result = IngestResult()
    codes: Counter[str] = Counter()
    stream = iter_articles(inputs, settings)
    if out is None:
        for item in stream:
            _count(result, codes, item)
            if isinstance(item, Article):
                result.items.append(item)
            else:
                result.error_records.append(item)
    else:
        out_dir = Path(out)
        result.articles_path = articles_path(out_dir)
        result.errors_path = errors_path(out_dir)
        with (
            FolderLock(out_dir, "claimscope ingest"),
            AtomicJsonlWriter(result.articles_path) as arts,
            AtomicJsonlWriter(result.errors_path) as errs,
        ):
            for item in stream:
                _count(result, codes, item)
                (arts if isinstance(item, Article) else errs).write(item.to_dict())
    result.errors_by_code = dict(sorted(codes.items()))
    return result


def _count(result: IngestResult, codes: Counter[str], item: Article | ErrorRecord) -> None:
    if isinstance(item, Article):
        result.articles += 1
        result.warnings += len(item.warnings)
        result.duplicates += item.duplicate_of is not None
        result.bytes_in += len(item.text.encode("utf-8"))
    else:
        result.errors += 1
        codes[item.code] += 1


class _CallableModule(types.ModuleType):
    """``pipeline.ingest`` is both this package and the documented function.

    Importing the package binds the module to ``pipeline.ingest``, shadowing the lazy
    function of ``pipeline/__init__.py``; making the module callable keeps
    ``pipeline.ingest([...], out=...)`` working either way.
    """

    def __call__(
        self, inputs: Inputs, out: str | Path | None = None, settings: IngestSettings | None = None
    ) -> IngestResult:
        return ingest(inputs, out=out, settings=settings)


sys.modules[__name__].__class__ = _CallableModule
