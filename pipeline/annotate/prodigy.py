"""Prodigy JSONL: one task per article with ``tokens`` and ``spans`` (code-point offsets)."""

from __future__ import annotations

from typing import Any

from pipeline.annotate.spans import claim_spans
from pipeline.runfolder import RunData


def to_prodigy(data: RunData, *, with_targets: bool = True) -> list[dict[str, Any]]:
    """Prodigy ``spans`` tasks; ``token_end`` is inclusive, as Prodigy expects."""
    import spacy

    nlp = spacy.blank("en")
    grouped = data.claims_by_doc()
    tasks: list[dict[str, Any]] = []
    for article in data.articles:
        doc = nlp.make_doc(article.text)
        tokens = [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in doc
        ]
        claims = grouped.get(article.doc_id, [])
        spans = []
        for span in claim_spans(claims, with_targets=with_targets):
            tok = doc.char_span(span.start, span.end, alignment_mode="expand")
            entry: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
            if tok is not None and len(tok):
                entry.update(token_start=tok.start, token_end=tok.end - 1)
            spans.append(entry)
        tasks.append(
            {
                "text": article.text,
                "meta": {"doc_id": article.doc_id, "title": article.title},
                "tokens": tokens,
                "spans": spans,
                "answer": "accept",
            }
        )
    return tasks
