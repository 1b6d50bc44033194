"""Score a run's claims against gold annotations.

Gold is the project's annotation format (``annotations/test/seeds.jsonl``):
one claim per line with ``source_file`` and ``text`` (located in the run's
normalised article text), plus the labels. Measures: claim detection P/R/F1 by
span overlap, non-claims taken as claims, targets, stance, speaker, holder,
hedging, frames, type and article-level actor recall.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import TrainingError
from pipeline.io import read_jsonl
from pipeline.metrics import class_scores, confusion, prf
from pipeline.runfolder import articles_path, claims_path

MIN_OVERLAP = 0.5


@dataclass
class GoldClaim:
    record: dict[str, Any]
    start: int
    end: int


@dataclass
class AlignedDoc:
    doc_id: str
    source_file: str
    gold: list[GoldClaim] = field(default_factory=list)
    non_claims: list[tuple[int, int, str]] = field(default_factory=list)
    unaligned: list[str] = field(default_factory=list)


def _ws_pattern(text: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in text.split()]
    return re.compile(r"\s+".join(words))


def locate(haystack: str, needle: str, from_pos: int = 0) -> tuple[int, int] | None:
    """Character span of ``needle`` in ``haystack`` (exact, then whitespace-insensitive)."""
    i = haystack.find(needle, from_pos)
    if i < 0:
        i = haystack.find(needle)
    if i >= 0:
        return i, i + len(needle)
    match = _ws_pattern(needle).search(haystack)
    if match:
        return match.start(), match.end()
    return None


def _source_key(path: str) -> str:
    return Path(path.split(":")[0]).name


def gold_sources(gold_path: str | Path) -> list[str]:
    """The articles a gold file annotates (its ``source_file`` or ``doc_id`` values), in order."""
    seen: dict[str, None] = {}
    for rec in read_jsonl(gold_path):
        seen.setdefault(str(rec.get("source_file") or rec.get("doc_id") or ""), None)
    return [s for s in seen if s]


def _names(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "") if items else "none"


def align_gold(
    gold_path: str | Path, articles: dict[str, dict[str, Any]], non_claims_path: str | Path | None = None
) -> list[AlignedDoc]:
    """Attach character offsets in the run's articles to every gold claim."""
    gold_path = Path(gold_path)
    if not gold_path.exists():
        raise TrainingError("E301", path=str(gold_path), detail="no such file")
    by_source = {_source_key(a["source_path"]): a for a in articles.values()}
    for a in articles.values():
        original = (a.get("metadata") or {}).get("doc_id")
        if original:
            by_source[str(original)] = a
    docs: dict[str, AlignedDoc] = {}
    cursor: dict[str, int] = defaultdict(int)
    for rec in read_jsonl(gold_path):
        source = str(rec.get("source_file") or rec.get("doc_id") or "")
        article = by_source.get(source) or articles.get(source)
        if article is None:
            continue
        doc = docs.setdefault(article["doc_id"], AlignedDoc(article["doc_id"], source))
        where = locate(article["text"], rec["text"], cursor[source])
        if rec.get("is_claim") is False:
            if where is not None:
                doc.non_claims.append((where[0], where[1], rec.get("block_kind") or "non-claim"))
            continue
        if where is None:
            doc.unaligned.append(rec["text"])
            continue
        cursor[source] = where[0]
        doc.gold.append(GoldClaim(rec, *where))
    nc_path = Path(non_claims_path) if non_claims_path else gold_path.with_name("non_claims.jsonl")
    if nc_path.exists():
        for rec in read_jsonl(nc_path):
            article = by_source.get(rec.get("source_file", ""))
            if article is None:
                continue
            where = locate(article["text"], rec["text"])
            doc = docs.setdefault(article["doc_id"], AlignedDoc(article["doc_id"], rec["source_file"]))
            if where is not None:
                doc.non_claims.append((where[0], where[1], rec.get("kind", "")))
    return list(docs.values())


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def match_claims(gold: list[GoldClaim], pred: list[dict[str, Any]]) -> list[tuple[GoldClaim, dict[str, Any]]]:
    """One-to-one matching by span overlap (greedy, best overlap first)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap((g.start, g.end), (p["start"], p["end"]))
            if ov >= MIN_OVERLAP:
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gold[gi], pred[pi]))
    return matched


def _speaker_key(speaker: dict[str, Any] | None) -> tuple[str, str | None]:
    speaker = speaker or {}
    return speaker.get("kind") or "author", speaker.get("id")


def _label_scores(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, Any]:
    """The run-against-gold view of a labelling task, from :mod:`pipeline.metrics`: fractions,
    macro figures over the classes present in the gold, the confusion as ``{gold: {pred: n}}``."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same length")
    per_class = {}
    for label in labels:
        scores = class_scores(gold, pred, label)
        per_class[label] = {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "support": scores.support,
        }
    present = [lab for lab in labels if per_class[lab]["support"] > 0] or list(labels)
    table = confusion(gold, pred, labels)
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(per_class[lab]["f1"] for lab in present) / len(present), 4),
        "macro_recall": round(sum(per_class[lab]["recall"] for lab in present) / len(present), 4),
        "per_class": per_class,
        "confusion": {g: dict(zip(labels, row, strict=True)) for g, row in zip(labels, table, strict=True)},
    }


def evaluate_run(
    gold_path: str | Path, pred_dir: str | Path, non_claims_path: str | Path | None = None
) -> dict[str, Any]:
    """All measures for the run in ``pred_dir`` against ``gold_path``."""
    pred_dir = Path(pred_dir)
    articles = {a["doc_id"]: a for a in read_jsonl(articles_path(pred_dir))}
    claims_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in read_jsonl(claims_path(pred_dir)):
        claims_by_doc[claim["doc_id"]].append(claim)
    docs = align_gold(gold_path, articles, non_claims_path)
    scored = {d.doc_id for d in docs}
    gold_names = gold_sources(gold_path)
    run_only = sorted(Path(a["source_path"]).name for i, a in articles.items() if i not in scored)
    gold_only = [s for s in gold_names if s not in {d.source_file for d in docs}]
    if not docs:
        raise TrainingError(
            "E305",
            path=str(gold_path),
            pred=str(pred_dir),
            gold=_names(gold_names),
            run=_names(run_only),
        )

    tp = n_gold = n_pred = 0
    non_claims_taken: list[str] = []
    target_tp = target_fp = target_fn = 0
    main_target_hits = main_target_total = 0
    stance_gold: list[str] = []
    stance_pred: list[str] = []
    speaker_hits = speaker_kind_hits = 0
    attributed_hits = attributed_total = 0
    holder_hits = 0
    holder_tp = holder_fp = holder_fn = 0
    hedge_gold: list[str] = []
    hedge_pred: list[str] = []
    frame_tp = frame_fp = frame_fn = 0
    frame_counts: list[tuple[int, int, int]] = []
    type_gold: list[str] = []
    type_pred: list[str] = []
    actor_found = actor_total = 0
    missed_actors: Counter[str] = Counter()
    unaligned = 0
    matched_total = 0

    for doc in docs:
        pred = sorted(claims_by_doc.get(doc.doc_id, []), key=lambda c: c["start"])
        unaligned += len(doc.unaligned)
        n_gold += len(doc.gold)
        n_pred += len(pred)
        for start, end, kind in doc.non_claims:
            for p in pred:
                if _overlap((start, end), (p["start"], p["end"])) >= MIN_OVERLAP:
                    non_claims_taken.append(f"{kind}: {articles[doc.doc_id]['text'][start:end]}")
        matched = match_claims(doc.gold, pred)
        tp += len(matched)
        matched_total += len(matched)
        for g, p in matched:
            gold = g.record
            g_targets = {t["id"]: t for t in gold.get("targets", [])}
            p_targets = {t["id"]: t for t in p.get("targets", [])}
            target_tp += len(g_targets.keys() & p_targets.keys())
            target_fp += len(p_targets.keys() - g_targets.keys())
            target_fn += len(g_targets.keys() - p_targets.keys())
            if gold.get("targets"):
                main_target_total += 1
                main_target_hits += int(gold["targets"][0]["id"] in p_targets)
            for tid, gt in g_targets.items():
                if tid in p_targets:
                    stance_gold.append(gt["stance"])
                    stance_pred.append(p_targets[tid]["stance"])
            gs, ps = _speaker_key(gold.get("speaker")), _speaker_key(p.get("speaker"))
            speaker_hits += int(gs == ps)
            speaker_kind_hits += int(gs[0] == ps[0])
            if gs[0] != "author":
                attributed_total += 1
                attributed_hits += int(gs == ps)
            gh = (gold.get("holder") or {}).get("id")
            ph = (p.get("holder") or {}).get("id")
            holder_hits += int(gh == ph)
            holder_tp += int(gh is not None and gh == ph)
            holder_fp += int(ph is not None and gh != ph)
            holder_fn += int(gh is not None and gh != ph)
            hedge_gold.append(str(bool(gold.get("hedged"))))
            hedge_pred.append(str(bool(p.get("hedged"))))
            g_frames = set(gold.get("frames", []))
            p_frames = {f["label"] for f in p.get("frames", [])}
            frame_tp += len(g_frames & p_frames)
            frame_fp += len(p_frames - g_frames)
            frame_fn += len(g_frames - p_frames)
            frame_counts.append(
                (len(g_frames & p_frames), len(p_frames - g_frames), len(g_frames - p_frames))
            )
            type_gold.append(gold.get("type", "factual"))
            type_pred.append(p.get("type", "factual"))
        gold_actor_ids: set[str] = set()
        for g in doc.gold:
            gold_actor_ids.update(t["id"] for t in g.record.get("targets", []))
            if (g.record.get("holder") or {}).get("id"):
                gold_actor_ids.add(g.record["holder"]["id"])
            sp = g.record.get("speaker") or {}
            if sp.get("kind") in {"quoted", "reported"} and sp.get("id"):
                gold_actor_ids.add(sp["id"])
        article_ids = {a["id"] for a in articles[doc.doc_id].get("actors", [])}
        actor_total += len(gold_actor_ids)
        actor_found += len(gold_actor_ids & article_ids)
        missed_actors.update(gold_actor_ids - article_ids)

    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    stance = _label_scores(stance_gold, stance_pred, ["favor", "against", "neutral"])
    types = _label_scores(type_gold, type_pred, sorted(set(type_gold) | set(type_pred)))
    hedging = _label_scores(hedge_gold, hedge_pred, ["True", "False"])
    intervals = _intervals(stance_gold, stance_pred, type_gold, type_pred, frame_counts)
    return {
        "gold": str(gold_path),
        "pred": str(pred_dir),
        "documents": len(docs),
        "coverage": {
            "scored": sorted(d.source_file for d in docs),
            "gold_not_in_run": gold_only,
            "run_without_gold": run_only,
        },
        "claims": {**prf(tp, n_pred - tp, n_gold - tp), "gold": n_gold, "pred": n_pred, "matched": tp},
        "gold_unaligned": unaligned,
        "non_claims_taken_as_claims": len(non_claims_taken),
        "non_claims_taken_examples": non_claims_taken[:10],
        "targets": {
            **prf(target_tp, target_fp, target_fn),
            "main_target_accuracy": ratio(main_target_hits, main_target_total),
        },
        "stance": {
            "pairs": len(stance_gold),
            "accuracy": stance["accuracy"],
            "macro_f1": stance["macro_f1"],
            "macro_accuracy": stance["macro_recall"],
            "per_class": stance["per_class"],
            "confusion": stance["confusion"],
            "ci95": intervals["stance"],
        },
        "speaker": {
            "accuracy": ratio(speaker_hits, matched_total),
            "kind_accuracy": ratio(speaker_kind_hits, matched_total),
            "attributed_accuracy": ratio(attributed_hits, attributed_total),
            "attributed_gold": attributed_total,
        },
        "holder": {"accuracy": ratio(holder_hits, matched_total), **prf(holder_tp, holder_fp, holder_fn)},
        "hedging": {
            "accuracy": hedging["accuracy"],
            "f1": hedging["per_class"].get("True", {}).get("f1", 0.0),
        },
        "frames": {**prf(frame_tp, frame_fp, frame_fn), "ci95": intervals["frames"]},
        "type": {
            "accuracy": types["accuracy"],
            "macro_f1": types["macro_f1"],
            "per_class": types["per_class"],
            "ci95": intervals["type"],
        },
        "actors": {
            "recall": ratio(actor_found, actor_total),
            "gold": actor_total,
            "missed": sorted(missed_actors),
        },
    }


def _intervals(
    stance_gold: list[str],
    stance_pred: list[str],
    type_gold: list[str],
    type_pred: list[str],
    frame_counts: list[tuple[int, int, int]],
) -> dict[str, dict[str, list[float]]]:
    """Percentile bootstrap 95% intervals (1,000 resamples of pairs or matched claims, fixed seed)."""
    import numpy as np

    from pipeline.metrics import bootstrap_ci

    def report_ci(
        gold: list[str], pred: list[str], labels: list[str], keys: dict[str, Any]
    ) -> dict[str, list[float]]:
        if not gold:
            return {}
        g, p = np.asarray(gold, dtype=object), np.asarray(pred, dtype=object)
        out: dict[str, list[float]] = {}
        for name, pick in keys.items():

            def stat(idx: np.ndarray, pick: Any = pick) -> float:
                return float(pick(_label_scores(list(g[idx]), list(p[idx]), labels)))

            low, high = bootstrap_ci(stat, len(gold), n_resamples=1000)
            out[name] = [round(low, 4), round(high, 4)]
        return out

    stance_keys: dict[str, Any] = {"macro_f1": lambda r: r["macro_f1"], "accuracy": lambda r: r["accuracy"]}
    for label in ("favor", "against"):
        stance_keys[f"{label}_precision"] = lambda r, label=label: r["per_class"][label]["precision"]
    type_labels = sorted(set(type_gold) | set(type_pred))
    frames: dict[str, list[float]] = {}
    if frame_counts:
        counts = np.asarray(frame_counts)
        for i, name in enumerate(("precision", "recall", "f1")):

            def fstat(idx: np.ndarray, i: int = i) -> float:
                tp, fp, fn = counts[idx].sum(axis=0)
                return float(prf(int(tp), int(fp), int(fn))[("precision", "recall", "f1")[i]])

            low, high = bootstrap_ci(fstat, len(frame_counts), n_resamples=1000)
            frames[name] = [round(low, 4), round(high, 4)]
    return {
        "stance": report_ci(stance_gold, stance_pred, ["favor", "against", "neutral"], stance_keys),
        "type": report_ci(type_gold, type_pred, type_labels, {"macro_f1": lambda r: r["macro_f1"]}),
        "frames": frames,
    }


def gold_claims(gold_path: str | Path, articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold annotations as contract claim records (``label_source: human``) with exact offsets."""
    from pipeline.ids import claim_id

    records = []
    for doc in align_gold(gold_path, articles):
        text = articles[doc.doc_id]["text"]
        for g in doc.gold:
            rec = g.record
            targets = []
            for t in rec.get("targets", []):
                where = locate(text[g.start : g.end], t.get("text", "")) if t.get("text") else None
                start, end = (g.start + where[0], g.start + where[1]) if where else (None, None)
                targets.append(
                    {
                        "id": t["id"],
                        "text": t.get("text", ""),
                        "stance": t["stance"],
                        "score": 1.0,
                        "start": start,
                        "end": end,
                        "type": None,
                    }
                )
            speaker = rec.get("speaker") or {}
            records.append(
                {
                    "claim_id": claim_id(doc.doc_id, g.start, g.end),
                    "doc_id": doc.doc_id,
                    "text": text[g.start : g.end],
                    "start": g.start,
                    "end": g.end,
                    "section": rec.get("section"),
                    "type": rec.get("type") or "factual",
                    "speaker": {
                        "id": speaker.get("id"),
                        "name": speaker.get("name"),
                        "kind": speaker.get("kind", "author"),
                        "start": None,
                        "end": None,
                    },
                    "holder": (
                        {
                            "id": rec["holder"].get("id"),
                            "name": rec["holder"].get("name"),
                            "start": None,
                            "end": None,
                        }
                        if rec.get("holder")
                        else None
                    ),
                    "actors": [],
                    "targets": targets,
                    "frames": [{"label": f, "score": 1.0} for f in rec.get("frames", [])],
                    "hedged": bool(rec.get("hedged")),
                    "hedges": list(rec.get("hedges", [])),
                    "label_source": "human",
                    "provenance": {"span": f"gold:{Path(gold_path).name}"},
                    "type_score": 1.0,
                    "checkworthiness": 0.0,
                }
            )
    return records
