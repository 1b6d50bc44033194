"""Turn :class:`CorpusCounts` into ranked tables and write each one as CSV.

Tables hold every row (CSV is the full record); figures and the HTML page show the top rows.
Ties are broken by id so that the same run always gives the same files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.io import write_atomic
from pipeline.report.aggregate import UNDATED, CorpusCounts
from pipeline.types import STANCES

Cell = str | int | float


@dataclass
class Table:
    """A named table: ``name`` is also the CSV file stem."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Cell]]

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue()

    def write_csv(self, folder: Path) -> Path:
        path = folder / f"{self.name}.csv"
        write_atomic(path, self.to_csv())
        return path


def summary_table(counts: CorpusCounts) -> Table:
    rate = counts.hedged_claims / counts.claims if counts.claims else 0.0
    rows: list[list[Cell]] = [
        ["articles", counts.articles],
        ["dated_articles", counts.dated_articles],
        ["undated_articles", counts.articles - counts.dated_articles],
        ["articles_with_claims", counts.articles_with_claims],
        ["claims", counts.claims],
        ["hedged_claims", counts.hedged_claims],
        ["hedged_rate", round(rate, 4)],
        ["distinct_actors", len(counts.actor_claims)],
        ["unlinked_actor_mentions", counts.unlinked_mentions],
        ["claims_without_article", counts.claims_without_article],
    ]
    rows += [[f"type:{k}", v] for k, v in sorted(counts.claim_types.items())]
    rows += [[f"speaker_kind:{k}", v] for k, v in sorted(counts.speaker_kinds.items())]
    return Table("summary", "Summary", ["metric", "value"], rows)


def actor_table(counts: CorpusCounts, *, only_type: str | None = None) -> Table:
    ids = [a for a in counts.actor_claims if only_type is None or counts.actor_type.get(a) == only_type]
    ids.sort(key=lambda a: (-counts.actor_claims[a], a))
    rows: list[list[Cell]] = [
        [
            a,
            counts.name(a),
            counts.actor_type.get(a, "unknown"),
            counts.actor_claims[a],
            counts.actor_mentions[a],
        ]
        for a in ids
    ]
    header = ["actor_id", "name", "type", "claims", "mentions"]
    if only_type == "alliance":
        return Table("claims_per_alliance", "Claims per alliance", header, rows)
    return Table("claims_per_actor", "Claims per actor", header, rows)


def stance_table(counts: CorpusCounts) -> Table:
    ids = sorted(counts.target_stance, key=lambda t: (-sum(counts.target_stance[t].values()), t))
    rows: list[list[Cell]] = []
    for target in ids:
        c = counts.target_stance[target]
        rows.append([target, counts.name(target), *(c[s] for s in STANCES), sum(c.values())])
    return Table("stance_by_target", "Stance toward targets", ["target_id", "name", *STANCES, "total"], rows)


def frame_months(counts: CorpusCounts) -> list[str]:
    """Months with frames, chronological, ``undated`` last."""
    months = sorted(m for m in counts.frames_by_month if m != UNDATED)
    return months + ([UNDATED] if UNDATED in counts.frames_by_month else [])


def frames_table(counts: CorpusCounts) -> Table:
    """Frames as rows (most frequent first), months as columns (chronological, ``undated``
    last), then the total: a long frame label never widens the table."""
    labels = sorted(counts.frame_totals, key=lambda f: (-counts.frame_totals[f], f))
    months = frame_months(counts)
    rows: list[list[Cell]] = [
        [f, *(counts.frames_by_month[m][f] for m in months), counts.frame_totals[f]] for f in labels
    ]
    return Table("frames_by_month", "Frames over publication time", ["frame", *months, "total"], rows)


def speakers_table(counts: CorpusCounts) -> Table:
    def total(key: str) -> int:
        return sum(counts.speaker_quoted[key].values())

    keys = sorted(counts.speaker_quoted, key=lambda k: (-total(k), k))
    rows: list[list[Cell]] = [
        [
            k,
            counts.name(k),
            counts.speaker_quoted[k]["quoted"],
            counts.speaker_quoted[k]["reported"],
            total(k),
        ]
        for k in keys
    ]
    return Table(
        "quoted_speakers", "Who is quoted most", ["speaker", "name", "quoted", "reported", "total"], rows
    )


def hedging_table(counts: CorpusCounts) -> Table:
    sources = sorted(counts.source_claims, key=lambda s: (-counts.source_claims[s], s))
    rows: list[list[Cell]] = []
    for source in sources:
        n, hedged = counts.source_claims[source], counts.source_hedged[source]
        rows.append([source, n, hedged, round(hedged / n, 4) if n else 0.0])
    return Table("hedging_by_source", "Hedging rate per source", ["source", "claims", "hedged", "rate"], rows)


def cooccurrence_tables(counts: CorpusCounts) -> tuple[Table, Table]:
    """Edge list (every pair) and node list (degree = distinct co-mentioned actors)."""
    degree: dict[str, int] = {}
    strength: dict[str, int] = {}
    for (a, b), weight in counts.cooccurrence.items():
        for node in (a, b):
            degree[node] = degree.get(node, 0) + 1
            strength[node] = strength.get(node, 0) + weight
    edges = sorted(counts.cooccurrence.items(), key=lambda item: (-item[1], item[0]))
    edge_rows: list[list[Cell]] = [[a, b, w] for (a, b), w in edges]
    nodes = sorted(degree, key=lambda n: (-degree[n], -strength[n], n))
    node_rows: list[list[Cell]] = [
        [
            n,
            counts.name(n),
            counts.actor_type.get(n, "unknown"),
            degree[n],
            strength[n],
            counts.actor_claims[n],
        ]
        for n in nodes
    ]
    return (
        Table("cooccurrence_edges", "Actor co-occurrence (edges)", ["source", "target", "claims"], edge_rows),
        Table(
            "cooccurrence_nodes",
            "Actor co-occurrence (nodes by degree)",
            ["actor_id", "name", "type", "degree", "weighted_degree", "claims"],
            node_rows,
        ),
    )
