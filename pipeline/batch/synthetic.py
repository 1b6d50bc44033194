"""Synthetic corpora for tests and benchmarks: new articles recombined from a folder's paragraphs."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.io import JsonlAppender
from pipeline.types import Article, ErrorRecord


def _paragraphs(source: str | Path) -> tuple[list[str], list[str]]:
    from pipeline.ingest import iter_articles

    paragraphs: list[str] = []
    titles: list[str] = []
    for item in iter_articles([source]):
        if isinstance(item, ErrorRecord):
            continue
        assert isinstance(item, Article)
        titles.append(item.title or "Untitled")
        for block in item.blocks:
            if block.kind == "paragraph" and block.end - block.start > 80:
                paragraphs.append(item.text[block.start : block.end])
    return paragraphs, titles


def generate_corpus(
    source: str | Path, out: str | Path, n: int, *, seed: int = 0, per_article: int = 6
) -> Path:
    """Write ``n`` articles to the JSONL file ``out``, each ``per_article`` paragraphs drawn from ``source``.

    Every article gets a unique marker sentence so that its ``doc_id`` is unique.
    """
    rng = random.Random(seed)
    paragraphs, titles = _paragraphs(source)
    if not paragraphs:
        raise ValueError(f"no paragraphs found under {source}")
    out = Path(out)
    sources = ["Atlantic Review", "Nordic Security Monitor", "Pacific Strategy Letter", None]
    with JsonlAppender(out) as writer:
        for i in range(n):
            picked = rng.sample(paragraphs, min(per_article, len(paragraphs)))
            body = "\n\n".join([f"Briefing note {i} on alliance politics.", *picked])
            writer.write(
                {
                    "text": body,
                    "title": f"{rng.choice(titles)} ({i})",
                    "source": sources[i % len(sources)],
                    "published": None if i % 7 == 0 else f"202{i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                }
            )
    return out
