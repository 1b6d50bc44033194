"""Materialise the real gold: stand-off records + the shared corpora -> articles, claims, HF dataset.

``claimscope gold build --corpus-dir ../shared/corpora --out DIR`` writes, in the formats of a
run's output folder: ``articles.jsonl`` (one passage an article, its raw text), ``claims.jsonl``
(contract claims, offsets into the passage text, ``label_source: human``), ``gold.jsonl`` (the
evaluation format of ``annotations/test/seeds.jsonl``, for ``claimscope evaluate --gold``) and
``dataset/`` (a Hugging Face ``DatasetDict`` with ``train``/``validation``/``test`` splits and the
declared claim Features). Every span's hash is checked on the way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.gold.adjudication import passage_article
from pipeline.gold.corpora import CorpusRecord, span_text
from pipeline.gold.standoff import PassageRef, passage_texts, read_passages
from pipeline.ids import claim_id
from pipeline.io import read_jsonl, write_jsonl
from pipeline.runfolder import dataset_path, write_records

REAL_DIR = Path("annotations/real")
HF_SPLITS = {"train": "train", "dev": "validation", "test": "test"}


@dataclass
class Materialised:
    articles: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    """Contract claims (offsets relative to the passage text) with their ``split``."""


def materialise(
    corpus_dir: str | Path,
    passages: Iterable[PassageRef],
    gold: Iterable[dict[str, Any]],
    *,
    split: str | None = None,
) -> Materialised:
    """Articles and claims with their text, every claim and target span checked by its SHA-256."""
    refs = {p.passage_id: p for p in passages if split is None or p.split == split}
    texts = passage_texts(corpus_dir, refs.values())
    out = Materialised(articles=[passage_article(refs[pid], *texts[pid]).to_dict() for pid in sorted(refs)])
    for rec in gold:
        passage = refs.get(rec["passage_id"])
        if passage is None:
            continue
        out.claims.append(_claim(rec, passage, texts[passage.passage_id][0]))
    out.claims.sort(key=lambda c: (c["doc_id"], c["start"]))
    return out


def _claim(rec: dict[str, Any], passage: PassageRef, record: CorpusRecord) -> dict[str, Any]:
    off = passage.start
    where = f"claim of {passage.passage_id}"
    text = span_text(record, rec["start"], rec["end"], rec["sha256"], what=where)
    targets = []
    for t in rec.get("targets", []):
        mention = span_text(
            record, t["start"], t["end"], t["sha256"], what=f"target {t['id']} of {passage.passage_id}"
        )
        targets.append(
            {
                "id": t["id"],
                "text": mention,
                "stance": t["stance"],
                "score": 1.0,
                "start": t["start"] - off,
                "end": t["end"] - off,
                "type": None,
            }
        )
    start, end = rec["start"] - off, rec["end"] - off
    holder = rec.get("holder")
    return {
        "claim_id": claim_id(passage.passage_id, start, end),
        "doc_id": passage.passage_id,
        "text": text,
        "start": start,
        "end": end,
        "section": None,
        "type": rec["type"],
        "speaker": {
            **{k: (rec.get("speaker") or {}).get(k) for k in ("id", "name", "kind")},
            "start": None,
            "end": None,
        },
        "holder": {"id": holder["id"], "name": holder.get("name"), "start": None, "end": None}
        if holder
        else None,
        "actors": [],
        "targets": targets,
        "frames": [{"label": f, "score": 1.0} for f in rec.get("frames", [])],
        "hedged": bool(rec.get("hedges")),
        "hedges": list(rec.get("hedges", [])),
        "label_source": "human",
        "provenance": {"span": "gold:annotations/real", "stance": str(rec.get("resolution") or "")},
        "co_holders": [],
        "type_score": 1.0,
        "checkworthiness": 0.0,
        "split": passage.split,
    }


def evaluation_records(materialised: Materialised) -> list[dict[str, Any]]:
    """The claims in the evaluation format of ``claimscope evaluate --gold`` (``source_file`` = passage id)."""
    return [
        {
            "source_file": c["doc_id"],
            "text": c["text"],
            "section": None,
            "type": c["type"],
            "speaker": {k: c["speaker"][k] for k in ("id", "name", "kind")},
            "holder": {k: c["holder"][k] for k in ("id", "name")} if c["holder"] else None,
            "targets": [{"id": t["id"], "text": t["text"], "stance": t["stance"]} for t in c["targets"]],
            "frames": [f["label"] for f in c["frames"]],
            "hedged": c["hedged"],
            "hedges": c["hedges"],
            "split": c["split"],
            "annotator": "adjudicated",
        }
        for c in materialised.claims
    ]


def is_standoff(path: str | Path) -> bool:
    """True if ``path`` is a stand-off gold file (records carry ``passage_id`` and ``sha256``)."""
    for rec in read_jsonl(path):
        return "passage_id" in rec and "sha256" in rec
    return False


def standoff_evaluation_gold(
    gold_path: str | Path,
    corpus_dir: str | Path,
    folder: Path,
    *,
    split: str | None = None,
    passages_path: str | Path | None = None,
) -> Path:
    """Materialise a stand-off gold into ``folder/gold.jsonl`` (evaluation format); returns its path.

    The passages file defaults to ``passages.jsonl`` beside the gold file.
    """
    passages = read_passages(passages_path or Path(gold_path).with_name("passages.jsonl"))
    mat = materialise(corpus_dir, passages, read_jsonl(gold_path), split=split)
    path = folder / "gold.jsonl"
    write_jsonl(path, evaluation_records(mat))
    return path


def write_gold_dataset(
    out: str | Path,
    corpus_dir: str | Path,
    *,
    passages_path: str | Path = REAL_DIR / "passages.jsonl",
    gold_path: str | Path = REAL_DIR / "gold.jsonl",
) -> dict[str, Any]:
    """Write the materialised dataset folder; returns counts per split."""
    from datasets import Dataset, DatasetDict, disable_progress_bars

    from pipeline.dataset import claim_features, claim_row

    disable_progress_bars()
    out = Path(out)
    passages = read_passages(passages_path)
    mat = materialise(corpus_dir, passages, read_jsonl(gold_path))
    write_records(out, mat.articles, ({k: v for k, v in c.items() if k != "split"} for c in mat.claims))
    write_jsonl(out / "gold.jsonl", evaluation_records(mat))
    features = claim_features()
    splits = {}
    for name, hf_name in HF_SPLITS.items():
        rows = [claim_row(c) for c in mat.claims if c["split"] == name]
        if not rows:
            continue  # datasets cannot reload an empty split from disk
        columns = {key: [row[key] for row in rows] for key in features}
        splits[hf_name] = Dataset.from_dict(columns, features=features)
    DatasetDict(splits).save_to_disk(str(dataset_path(out)))
    counts = Counter(c["split"] for c in mat.claims)
    return {"articles": len(mat.articles), "claims": len(mat.claims), "per_split": dict(counts)}
