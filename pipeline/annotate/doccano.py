"""doccano sequence-labelling JSONL: ``{"text", "labels": [[start, end, "LABEL"]]}`` per article."""

from __future__ import annotations

from typing import Any

from pipeline.annotate.spans import claim_spans
from pipeline.runfolder import RunData


def to_doccano(data: RunData, *, with_targets: bool = True) -> list[dict[str, Any]]:
    """doccano tasks (code-point offsets, as doccano's Python backend counts)."""
    grouped = data.claims_by_doc()
    return [
        {
            "text": article.text,
            "labels": [
                [s.start, s.end, s.label]
                for s in claim_spans(grouped.get(article.doc_id, []), with_targets=with_targets)
            ],
            "doc_id": article.doc_id,
        }
        for article in data.articles
    ]
