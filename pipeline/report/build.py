"""``build_report``: run folder in, one self-contained HTML page plus PNG figures and CSV tables out.

Layout written next to ``out_html`` (``report.html`` here)::

    report.html            the page; figures inlined as base64 PNG, no scripts, no external links
    report_files/*.png     the same figures as files
    report_files/*.csv     every table in full
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import BatchError
from pipeline.io import write_atomic
from pipeline.report import figures
from pipeline.report.affiliation import affiliation_figures
from pipeline.report.aggregate import CorpusCounts, aggregate_run
from pipeline.report.settings import ReportSettings
from pipeline.report.tables import (
    Table,
    actor_table,
    cooccurrence_tables,
    frames_table,
    hedging_table,
    speakers_table,
    stance_table,
    summary_table,
)
from pipeline.runfolder import articles_path, claims_path, read_manifest


@dataclass
class ReportResult:
    """What :func:`build_report` wrote and the headline counts."""

    html: Path
    assets_dir: Path
    figures: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    articles: int = 0
    claims: int = 0
    sections_skipped: list[str] = field(default_factory=list)


@dataclass
class _Section:
    anchor: str
    title: str
    note: str
    table: Table | None = None
    images: list[Path] = field(default_factory=list)
    csvs: list[str] = field(default_factory=list)


def _sections(counts: CorpusCounts, settings: ReportSettings, assets: Path) -> list[_Section]:
    actors = actor_table(counts)
    alliances = actor_table(counts, only_type="alliance")
    stance = stance_table(counts)
    frames = frames_table(counts)
    speakers = speakers_table(counts)
    hedging = hedging_table(counts)
    edges, nodes = cooccurrence_tables(counts)

    def png(name: str) -> Path:
        return assets / f"{name}.png"

    s = settings
    sections = [
        _Section(
            "actors",
            "Claims per actor",
            f"Claims that mention each linked actor (counted once per claim); top {s.top_actors}.",
            actors,
            [
                p
                for p in [figures.bar_by_type(actors, s.top_actors, png(actors.name), "Claims per actor")]
                if p
            ],
        ),
        _Section(
            "alliances",
            "Claims per alliance",
            f"The same count restricted to actors of type alliance; top {s.top_alliances}.",
            alliances,
            [
                p
                for p in [
                    figures.bar_by_type(
                        alliances, s.top_alliances, png(alliances.name), "Claims per alliance"
                    )
                ]
                if p
            ],
        ),
        _Section(
            "stance",
            "Stance toward the major targets",
            f"For the {s.top_targets} most frequent targets: claims presenting them favourably, unfavourably or neutrally.",
            stance,
            [p for p in [figures.stance_bars(stance, s.top_targets, png(stance.name))] if p],
        ),
        _Section(
            "frames",
            "Frames over publication time",
            "Claims carrying each frame, by month of the article's publication date "
            f"({counts.articles - counts.dated_articles} undated article(s) counted in the 'undated' column). "
            f"Top {s.top_frames} frames drawn, the rest as 'other'.",
            frames,
            [p for p in [figures.frames_over_time(frames, s.top_frames, png(frames.name))] if p],
        ),
        _Section(
            "quoted",
            "Who is quoted most",
            "Claims the author attributes to someone else: in quotation marks (quoted) or in reported speech (reported)."
            + _unnamed_note(counts),
            speakers,
            [p for p in [figures.quoted_bars(speakers, s.top_speakers, png(speakers.name))] if p],
        ),
        _Section(
            "hedging",
            "Hedging rate per source",
            "Share of claims carrying a hedge cue, per publication (articles without a source as 'unknown').",
            hedging,
            [p for p in [figures.hedging_bars(hedging, s.top_sources, png(hedging.name))] if p],
        ),
        _Section(
            "cooccurrence",
            "Actor co-occurrence network",
            f"Actors mentioned in the same claim. Nodes: the top {s.network_nodes} actors by degree, sized by "
            "claims; edge width: claims mentioning both.",
            nodes,
            [
                p
                for p in [
                    figures.cooccurrence_network(nodes, edges, s.network_nodes, png("cooccurrence_network"))
                ]
                if p
            ],
        ),
    ]
    sections[-1].csvs.append(f"{assets.name}/{edges.write_csv(assets).name}")
    return sections


def _unnamed_note(counts: CorpusCounts) -> str:
    """Claims attributed to speakers without an identity are not ranked; say how many there are."""
    total = sum(counts.unnamed_speakers.values())
    if not total:
        return ""
    examples = ", ".join(f"'{name}'" for name, _ in counts.unnamed_speakers.most_common(3))
    return (
        f" Only identified speakers are ranked: {total} claim(s) come from unnamed or unidentified "
        f"speakers ({examples}...), who are not listed."
    )


def _table_view(table: Table, settings: ReportSettings) -> tuple[list[str], list[list[Any]], str]:
    """The header, rows and a note for the page: the frames table keeps its label column,
    its last ``table_months`` months and the total, so that it fits its card."""
    header, rows, note = table.header, [list(r) for r in table.rows[: settings.table_rows]], ""
    if table.name == "frames_by_month" and len(header) - 2 > settings.table_months:
        keep = [0, *range(len(header) - 1 - settings.table_months, len(header))]
        header = [header[i] for i in keep]
        rows = [[r[i] for i in keep] for r in rows]
        note = f"Showing the last {settings.table_months} of {len(table.header) - 2} months; the CSV has them all."
    return header, rows, note


def _numeric(header: list[str], rows: list[list[Any]]) -> set[str]:
    """Columns whose every shown cell is a number (right-aligned)."""
    return {
        h
        for i, h in enumerate(header)
        if rows and all(isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in rows)
    }


def _cards(counts: CorpusCounts) -> list[tuple[str, str]]:
    rate = f"{100 * counts.hedged_claims / counts.claims:.0f}%" if counts.claims else "–"
    return [
        ("articles", f"{counts.articles:,}"),
        ("claims", f"{counts.claims:,}"),
        ("dated articles", f"{counts.dated_articles:,}"),
        ("actors", f"{len(counts.actor_claims):,}"),
        ("hedged claims", rate),
    ]


def build_report(
    run_dir: str | Path,
    out_html: str | Path,
    settings: ReportSettings | None = None,
    *,
    title: str = "claimscope corpus report",
) -> ReportResult:
    """Aggregate a run folder (``articles.jsonl``, ``claims.jsonl``) into an HTML report.

    Streams the input once; memory grows with the number of distinct actors, targets,
    sources and months, not with the number of claims.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    run_dir = Path(run_dir)
    out_html = Path(out_html)
    settings = settings or ReportSettings()
    if not claims_path(run_dir).exists() and not articles_path(run_dir).exists():
        raise BatchError("E503", path=run_dir)
    assets = out_html.parent / f"{out_html.stem}_files"
    assets.mkdir(parents=True, exist_ok=True)

    counts = aggregate_run(run_dir)
    summary = summary_table(counts)
    result = ReportResult(html=out_html, assets_dir=assets, articles=counts.articles, claims=counts.claims)
    result.tables.append(summary.write_csv(assets))

    sections = _sections(counts, settings, assets)
    extra = affiliation_figures(run_dir, assets / "affiliation")
    if extra:
        sections.append(
            _Section(
                "affiliation",
                "Affiliation network",
                "Actors and the concepts they take positions on (from pipeline.network).",
                None,
                extra,
            )
        )
    else:
        result.sections_skipped.append("affiliation")

    rendered: list[dict[str, Any]] = []
    for section in sections:
        table = section.table
        csvs = list(section.csvs)
        if table is not None:
            path = table.write_csv(assets)
            result.tables.append(path)
            csvs.insert(0, f"{assets.name}/{path.name}")
        result.figures.extend(section.images)
        header, rows, columns_note = _table_view(table, settings) if table else ([], [], "")
        rendered.append(
            {
                "anchor": section.anchor,
                "title": section.title,
                "note": section.note,
                "images": [
                    {"data": base64.b64encode(p.read_bytes()).decode("ascii"), "alt": section.title}
                    for p in section.images
                ],
                "header": header,
                "numeric": _numeric(header, rows),
                "columns_note": columns_note,
                "rows": rows,
                "total": len(table.rows) if table else 0,
                "more": bool(table and len(table.rows) > len(rows)),
                "csvs": csvs,
            }
        )
    result.tables.append(assets / "cooccurrence_edges.csv")

    manifest = read_manifest(run_dir)
    from pipeline.version import __version__

    env = Environment(loader=PackageLoader("pipeline.report", "templates"), autoescape=select_autoescape())
    html = env.get_template("report.html").render(
        title=title,
        run_dir=str(run_dir),
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        config_hash=manifest.get("config_hash"),
        cards=_cards(counts),
        assets=assets.name,
        sections=rendered,
    )
    write_atomic(out_html, html)
    return result
