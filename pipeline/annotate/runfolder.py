"""Read and write the article/claim records of a run's output folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import StoreError
from pipeline.io import read_jsonl, write_jsonl
from pipeline.types import Article, Claim


@dataclass
class RunData:
    """Articles and claims of one run folder (or of a store project snapshot)."""

    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def claims_by_doc(self) -> dict[str, list[Claim]]:
        """Claims grouped by ``doc_id`` in document order (by start offset)."""
        grouped: dict[str, list[Claim]] = {a.doc_id: [] for a in self.articles}
        for claim in self.claims:
            grouped.setdefault(claim.doc_id, []).append(claim)
        for claims in grouped.values():
            claims.sort(key=lambda c: (c.start, c.end, c.claim_id))
        return grouped


def read_run(path: str | Path) -> RunData:
    """Load ``articles.jsonl`` and ``claims.jsonl`` from a run folder."""
    folder = Path(path)
    articles_path = folder / "articles.jsonl"
    if not articles_path.is_file():
        raise StoreError("E408", path=str(folder), detail="articles.jsonl is missing")
    claims_path = folder / "claims.jsonl"
    articles = [Article.from_dict(r) for r in read_jsonl(articles_path)]
    claims = [Claim.from_dict(r) for r in read_jsonl(claims_path)] if claims_path.is_file() else []
    return RunData(articles=articles, claims=claims)


def write_run(path: str | Path, data: RunData) -> None:
    """Write ``articles.jsonl`` and ``claims.jsonl`` atomically into ``path``."""
    folder = Path(path)
    write_jsonl(folder / "articles.jsonl", (a.to_dict() for a in data.articles))
    write_jsonl(folder / "claims.jsonl", (c.to_dict() for c in data.claims))
