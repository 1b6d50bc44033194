"""Inter-annotator agreement: Cohen's kappa, Krippendorff's alpha (nominal), span F1.

Labels come in as ``annotator -> claim_id -> {"claim": Claim dict, "status": str}``
(a store snapshot or any other source). Per field, every claim (or claim x target,
claim x frame) is a unit; an annotator who rejected a claim gives only its ``status``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.io import write_atomic, write_json

Units = dict[Hashable, dict[str, Hashable]]
"""``unit -> annotator -> value``; missing annotators are simply absent."""

FIELDS: tuple[str, ...] = (
    "status",
    "type",
    "hedged",
    "speaker_kind",
    "speaker_id",
    "holder",
    "stance",
    "frames",
    "frame:<label>",
)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two equally long label sequences; ``None`` if chance agreement is total."""
    if len(a) != len(b):
        raise ValueError("The 'a' and 'b' parameters of cohen_kappa must have the same length.")
    n = len(a)
    if n == 0:
        return None
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[c] * cb[c] for c in set(ca) | set(cb)) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(units: Mapping[Hashable, Mapping[str, Hashable]]) -> float | None:
    """Krippendorff's alpha for nominal data with any number of coders and missing values.

    Units with fewer than two values are not pairable and are ignored. ``None`` when the
    pairable values show no variation at all (alpha undefined).
    """
    coincidence: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for values_by_coder in units.values():
        values = [v for v in values_by_coder.values() if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            coincidence[(values[i], values[j])] += 1.0 / (m - 1)
    totals: dict[Hashable, float] = defaultdict(float)
    for (c, _k), count in coincidence.items():
        totals[c] += count
    n = sum(totals.values())
    if n <= 1:
        return None
    disagree_observed = sum(v for (c, k), v in coincidence.items() if c != k)
    disagree_expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if disagree_expected == 0:
        return None
    return 1.0 - (n - 1) * disagree_observed / disagree_expected


@dataclass
class SpanScore:
    precision: float
    recall: float
    f1: float
    true_positives: int


def span_f1(gold: set[tuple[Hashable, int, int]], pred: set[tuple[Hashable, int, int]]) -> SpanScore:
    """Exact-boundary span F1 of ``(doc_id, start, end)`` sets (symmetric in F1)."""
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else (1.0 if not gold and not pred else 0.0)
    return SpanScore(round(p, 6), round(r, 6), round(f, 6), tp)


def field_units(labels: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Units]:
    """Turn per-annotator labels into units per field (plus ``stance:<target id>``)."""
    out: dict[str, Units] = defaultdict(dict)
    frame_labels: dict[str, set[str]] = defaultdict(set)
    every_frame: set[str] = set()
    for per_claim in labels.values():
        for cid, label in per_claim.items():
            if label.get("status") != "rejected":
                frame_labels[cid].update(f["label"] for f in label["claim"].get("frames", []))
                every_frame.update(frame_labels[cid])
    for annotator, per_claim in labels.items():
        for cid, label in per_claim.items():
            status = label.get("status", "pending")
            if status == "pending":
                continue
            out["status"].setdefault(cid, {})[annotator] = status
            if status == "rejected":
                continue
            claim = label["claim"]
            out["type"].setdefault(cid, {})[annotator] = claim.get("type")
            out["hedged"].setdefault(cid, {})[annotator] = bool(claim.get("hedged"))
            speaker = claim.get("speaker") or {}
            out["speaker_kind"].setdefault(cid, {})[annotator] = speaker.get("kind")
            out["speaker_id"].setdefault(cid, {})[annotator] = speaker.get("id") or "none"
            out["holder"].setdefault(cid, {})[annotator] = (claim.get("holder") or {}).get("id") or "none"
            for target in claim.get("targets", []):
                unit = (cid, target["id"])
                out["stance"].setdefault(unit, {})[annotator] = target["stance"]
                out[f"stance:{target['id']}"].setdefault(unit, {})[annotator] = target["stance"]
            mine = {f["label"] for f in claim.get("frames", [])}
            for frame in frame_labels[cid]:
                out["frames"].setdefault((cid, frame), {})[annotator] = frame in mine
            # Per frame, every accepted claim is a unit: "no frame" agreements count too.
            for frame in every_frame:
                out[f"frame:{frame}"].setdefault(cid, {})[annotator] = frame in mine
    return dict(out)


def _pair_values(units: Units, a: str, b: str) -> tuple[list[Hashable], list[Hashable]]:
    both = [u for u in units.values() if a in u and b in u]
    return [u[a] for u in both], [u[b] for u in both]


def _spans(per_claim: Mapping[str, Mapping[str, Any]], keep: set[str]) -> set[tuple[Hashable, int, int]]:
    return {
        (lab["claim"]["doc_id"], int(lab["claim"]["start"]), int(lab["claim"]["end"]))
        for cid, lab in per_claim.items()
        if cid in keep and lab.get("status") not in ("rejected", "pending")
    }


def _targets(per_claim: Mapping[str, Mapping[str, Any]], keep: set[str]) -> set[tuple[Hashable, int, int]]:
    """``(claim id, target id, 0)`` for the targets of the claims in ``keep`` (target-set F1)."""
    return {(f"{cid}|{t['id']}", 0, 0) for cid in keep for t in per_claim[cid]["claim"].get("targets", [])}


@dataclass
class AgreementReport:
    project: str
    annotators: list[str]
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    """``field -> {alpha, kappa_mean, units, pairable_units}``."""
    pairs: list[dict[str, Any]] = field(default_factory=list)
    """``{a, b, field, kappa, n}`` and ``{a, b, field: "span", f1, ...}`` rows."""
    per_annotator: dict[str, dict[str, Any]] = field(default_factory=dict)
    """``annotator -> field -> mean kappa against the others`` plus ``items``."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def csv_rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for name, stats in self.fields.items():
            rows.append(
                {
                    "scope": "project",
                    "annotator": "",
                    "other": "",
                    "field": name,
                    "metric": "alpha",
                    "value": stats["alpha"],
                    "n": stats["pairable_units"],
                }
            )
            rows.append(
                {
                    "scope": "project",
                    "annotator": "",
                    "other": "",
                    "field": name,
                    "metric": "kappa_mean",
                    "value": stats["kappa_mean"],
                    "n": stats["pairable_units"],
                }
            )
        for pair in self.pairs:
            metric = "span_f1" if pair["field"] in ("span", "targets") else "kappa"
            value = pair.get("f1") if metric == "span_f1" else pair.get("kappa")
            rows.append(
                {
                    "scope": "pair",
                    "annotator": pair["a"],
                    "other": pair["b"],
                    "field": pair["field"],
                    "metric": metric,
                    "value": value,
                    "n": pair["n"],
                }
            )
        for who, stats in self.per_annotator.items():
            for name, value in stats.items():
                if name != "items":
                    rows.append(
                        {
                            "scope": "annotator",
                            "annotator": who,
                            "other": "",
                            "field": name,
                            "metric": "kappa_mean",
                            "value": value,
                            "n": stats["items"],
                        }
                    )
        return rows

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=["scope", "annotator", "other", "field", "metric", "value", "n"]
        )
        writer.writeheader()
        for row in self.csv_rows():
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        return buf.getvalue()

    def write(self, out: str | Path) -> tuple[Path, Path]:
        """Write ``agreement.json`` and ``agreement.csv`` into the folder ``out``."""
        folder = Path(out)
        write_json(folder / "agreement.json", self.to_dict())
        write_atomic(folder / "agreement.csv", self.to_csv())
        return folder / "agreement.json", folder / "agreement.csv"


def _mean(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 6) if kept else None


def agreement_report(
    labels: Mapping[str, Mapping[str, Mapping[str, Any]]], *, project: str = ""
) -> AgreementReport:
    """Agreement per field, per annotator pair and per annotator."""
    annotators = sorted(labels)
    units_by_field = field_units(labels)
    report = AgreementReport(project=project, annotators=annotators)
    pair_kappas: dict[str, list[float | None]] = defaultdict(list)
    own: dict[str, dict[str, list[float | None]]] = {a: defaultdict(list) for a in annotators}
    for name, units in sorted(units_by_field.items()):
        for a, b in itertools.combinations(annotators, 2):
            xs, ys = _pair_values(units, a, b)
            if not xs:
                continue
            kappa = cohen_kappa(xs, ys)
            kappa = round(kappa, 6) if kappa is not None else None
            report.pairs.append({"a": a, "b": b, "field": name, "kappa": kappa, "n": len(xs)})
            pair_kappas[name].append(kappa)
            own[a][name].append(kappa)
            own[b][name].append(kappa)
        alpha = krippendorff_alpha_nominal(units)
        report.fields[name] = {
            "alpha": round(alpha, 6) if alpha is not None else None,
            "kappa_mean": _mean(pair_kappas[name]),
            "units": len(units),
            "pairable_units": sum(1 for u in units.values() if len(u) >= 2),
        }
    span_scores: list[float | None] = []
    for a, b in itertools.combinations(annotators, 2):
        shared = set(labels[a]) & set(labels[b])
        if not shared:
            continue
        score = span_f1(_spans(labels[a], shared), _spans(labels[b], shared))
        report.pairs.append({"a": a, "b": b, "field": "span", "f1": score.f1, "n": len(shared)})
        span_scores.append(score.f1)
        own[a]["span_f1"].append(score.f1)
        own[b]["span_f1"].append(score.f1)
    report.fields["span"] = {
        "alpha": None,
        "kappa_mean": None,
        "f1_mean": _mean(span_scores),
        "units": 0,
        "pairable_units": len(span_scores),
    }
    target_scores: list[float | None] = []
    for a, b in itertools.combinations(annotators, 2):
        both = {
            cid
            for cid in set(labels[a]) & set(labels[b])
            if labels[a][cid].get("status") == labels[b][cid].get("status") == "accepted"
        }
        if not both:
            continue
        score = span_f1(_targets(labels[a], both), _targets(labels[b], both))
        report.pairs.append({"a": a, "b": b, "field": "targets", "f1": score.f1, "n": len(both)})
        target_scores.append(score.f1)
    report.fields["targets"] = {
        "alpha": None,
        "kappa_mean": None,
        "f1_mean": _mean(target_scores),
        "units": 0,
        "pairable_units": len(target_scores),
    }
    for a in annotators:
        report.per_annotator[a] = {name: _mean(vals) for name, vals in sorted(own[a].items())}
        report.per_annotator[a]["items"] = len(labels[a])
    return report


def report_json(report: AgreementReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
