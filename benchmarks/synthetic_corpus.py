"""A corpus of any size for benchmarks, recombined from the bundled team-written corpus/.

Each generated article takes a title and 6-12 paragraphs drawn (seeded) from the
paragraphs of ``corpus/`` articles, so its text is realistic op-ed prose in the
domain while the corpus grows without copying any external data.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from pipeline.ingest import iter_articles
from pipeline.types import Article

ROOT = Path(__file__).resolve().parent.parent


def corpus_paragraphs() -> list[str]:
    """Paragraph texts of the bundled corpus (after ingestion, so markup is gone)."""
    paragraphs: list[str] = []
    for item in iter_articles([ROOT / "corpus"]):
        if isinstance(item, Article):
            paragraphs.extend(
                item.text[b.start : b.end] for b in item.blocks if b.kind == "paragraph" and b.end - b.start > 200
            )
    return paragraphs


def write_corpus(out: Path, n_articles: int, seed: int = 0) -> Path:
    """Write ``n_articles`` articles as one JSONL file in ``out``; returns its path."""
    rng = random.Random(seed)
    paragraphs = corpus_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"synthetic_{n_articles}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n_articles):
            body = rng.sample(paragraphs, k=rng.randint(6, min(12, len(paragraphs))))
            record = {
                "title": f"Synthetic op-ed {i}",
                "author": "Benchmark Author",
                "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "text": f"Synthetic op-ed {i}\n\n" + "\n\n".join(body),
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
