"""Build the seeds' gold in the dataset format: contract claims with exact offsets, and a HF dataset.

    python annotations/test/build_dataset.py [--seeds ../shared/seeds]

Ingests the seed articles (never copied here), locates every gold claim of
``seeds.jsonl`` in the normalised text, and writes ``claims.jsonl`` (contract
records, ``label_source: human``, split ``test``) and ``dataset/`` beside this
script. Re-run it after editing ``seeds.jsonl``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.dataset import write_dataset
from pipeline.evaluation.claims import gold_claims
from pipeline.ingest import iter_articles
from pipeline.io import write_jsonl
from pipeline.types import Article

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=HERE.parents[2] / "shared" / "seeds")
    args = parser.parse_args()
    articles = {a.doc_id: a.to_dict() for a in iter_articles([args.seeds]) if isinstance(a, Article)}
    claims = gold_claims(HERE / "seeds.jsonl", articles)
    write_jsonl(HERE / "claims.jsonl", claims)
    n = write_dataset(HERE / "claims.jsonl", HERE / "dataset")
    print(f"{n} gold claims from {len(articles)} articles -> {HERE / 'claims.jsonl'}, {HERE / 'dataset'}")


if __name__ == "__main__":
    main()
