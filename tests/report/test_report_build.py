"""The report's CSV numbers equal counts computed directly from claims.jsonl."""

from __future__ import annotations

import csv
import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from report_fixtures import one_article_run, small_run
from typer.testing import CliRunner

from pipeline.errors import BatchError
from pipeline.io import read_jsonl
from pipeline.report import ReportSettings, build_report


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return small_run(tmp_path / "run")


def test_report_writes_html_figures_and_tables(run_dir: Path, tmp_path: Path) -> None:
    result = build_report(run_dir, tmp_path / "out" / "report.html")
    html = result.html.read_text(encoding="utf-8")
    assert result.claims == 7 and result.articles == 3
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert html.count("data:image/png;base64,") == len(result.figures) >= 6
    names = {p.name for p in result.figures}
    assert {"claims_per_actor.png", "stance_by_target.png", "frames_by_month.png"} <= names
    assert {"cooccurrence_network.png", "quoted_speakers.png", "hedging_by_source.png"} <= names
    for path in [*result.figures, *result.tables]:
        assert path.exists() and path.is_relative_to(result.assets_dir)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in result.figures)


def test_report_numbers_match_claims(run_dir: Path, tmp_path: Path) -> None:
    result = build_report(run_dir, tmp_path / "report.html")
    assets = result.assets_dir
    claims = list(read_jsonl(run_dir / "claims.jsonl"))
    articles = {a["doc_id"]: a for a in read_jsonl(run_dir / "articles.jsonl")}

    per_actor: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for c in claims:
        ids = sorted({a["id"] for a in c["actors"] if a["id"]})
        per_actor.update(ids)
        pairs.update(combinations(ids, 2))
    rows = _csv(assets / "claims_per_actor.csv")
    assert {r["actor_id"]: int(r["claims"]) for r in rows} == dict(per_actor)
    assert rows[0]["actor_id"] == "NATO" and rows[0]["name"] == "North Atlantic Treaty Organization"
    alliances = {r["actor_id"]: int(r["claims"]) for r in _csv(assets / "claims_per_alliance.csv")}
    assert alliances == {"NATO": per_actor["NATO"], "EU": per_actor["EU"]}

    stance: dict[str, Counter[str]] = {}
    for c in claims:
        for t in c["targets"]:
            stance.setdefault(t["id"], Counter())[t["stance"]] += 1
    got = {r["target_id"]: r for r in _csv(assets / "stance_by_target.csv")}
    for target, counter in stance.items():
        assert [int(got[target][s]) for s in ("favor", "against", "neutral")] == [
            counter["favor"],
            counter["against"],
            counter["neutral"],
        ]
    assert int(got["NATO"]["total"]) == 5

    frames: Counter[tuple[str, str]] = Counter()
    for c in claims:
        published = articles.get(c["doc_id"], {}).get("published")
        month = published[:7] if published else "undated"
        frames.update((month, f["label"]) for f in c["frames"])
    table = _csv(assets / "frames_by_month.csv")
    assert list(table[0]) == ["frame", "2025-01", "2025-03", "undated", "total"]
    got_frames = {
        (k, r["frame"]): int(v) for r in table for k, v in r.items() if k not in ("frame", "total") and int(v)
    }
    assert got_frames == dict(frames)
    totals = [int(r["total"]) for r in table]
    assert totals == sorted(totals, reverse=True)

    quoted: Counter[tuple[str, str]] = Counter()
    for c in claims:
        if c["speaker"]["kind"] != "author" and c["speaker"]["id"]:  # unnamed speakers are not ranked
            quoted[(c["speaker"]["id"], c["speaker"]["kind"])] += 1
    speakers = {r["speaker"]: r for r in _csv(assets / "quoted_speakers.csv")}
    assert {
        (k, kind): int(r[kind])
        for k, r in speakers.items()
        for kind in ("quoted", "reported")
        if int(r[kind])
    } == dict(quoted)
    assert next(iter(speakers)) == "marco-rubio"

    by_source: dict[str, list[int]] = {}
    for c in claims:
        source = articles.get(c["doc_id"], {}).get("source") or "unknown"
        entry = by_source.setdefault(source, [0, 0])
        entry[0] += 1
        entry[1] += bool(c["hedged"])
    hedging = {
        r["source"]: [int(r["claims"]), int(r["hedged"])] for r in _csv(assets / "hedging_by_source.csv")
    }
    assert hedging == by_source

    edges = {(r["source"], r["target"]): int(r["claims"]) for r in _csv(assets / "cooccurrence_edges.csv")}
    assert edges == dict(pairs)
    nodes = _csv(assets / "cooccurrence_nodes.csv")
    degree = Counter(n for pair in pairs for n in pair)
    assert {r["actor_id"]: int(r["degree"]) for r in nodes} == dict(degree)

    summary = {r["metric"]: r["value"] for r in _csv(assets / "summary.csv")}
    assert summary["claims"] == str(len(claims))
    assert summary["hedged_claims"] == str(sum(c["hedged"] for c in claims))
    assert summary["undated_articles"] == "1" and summary["unlinked_actor_mentions"] == "1"


def test_report_on_one_article(tmp_path: Path) -> None:
    run = one_article_run(tmp_path / "solo")
    result = build_report(run, tmp_path / "solo.html")
    html = result.html.read_text(encoding="utf-8")
    assert result.claims == 1 and "No data in this run." in html  # no co-occurrence, no quotes
    assert (result.assets_dir / "claims_per_actor.png").exists()
    assert not (result.assets_dir / "cooccurrence_network.png").exists()


def test_report_on_empty_and_missing_runs(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "claims.jsonl").write_text("", encoding="utf-8")
    result = build_report(tmp_path / "empty", tmp_path / "empty.html")
    assert result.claims == 0 and result.figures == []
    with pytest.raises(BatchError, match=r"\[E503\]"):
        build_report(tmp_path / "nowhere", tmp_path / "x.html")


def test_report_settings_limit_rankings(run_dir: Path, tmp_path: Path) -> None:
    result = build_report(run_dir, tmp_path / "r.html", ReportSettings(table_rows=2))
    html = result.html.read_text(encoding="utf-8")
    assert "Showing 2 of 5 rows." in html  # five linked actors
    with pytest.raises(Exception, match=r"\[E006\]"):
        ReportSettings(top_actors=0)


def test_report_cli(run_dir: Path, tmp_path: Path) -> None:
    import typer

    from pipeline.report.commands import register

    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # keep typer in multi-command mode
    out = tmp_path / "cli" / "report.html"
    res = CliRunner().invoke(app, ["report", str(run_dir), "--out", str(out), "--top", "3"])
    assert res.exit_code == 0, res.output
    assert "7 claims" in res.output and out.exists()
    assert (out.parent / "report_files" / "claims_per_actor.csv").exists()


@pytest.mark.slow
def test_report_streams_100k_claims(tmp_path: Path) -> None:
    """100,000 claims aggregate with flat memory and draw the same number of figures."""
    import random
    import tracemalloc

    from pipeline.io import JsonlAppender
    from pipeline.report.aggregate import aggregate_run

    rng = random.Random(3)
    ids = [f"A{i:03d}" for i in range(300)]
    run = tmp_path / "big"
    with JsonlAppender(run / "articles.jsonl") as out:
        for d in range(5000):
            out.write(
                {
                    "doc_id": f"d{d}",
                    "published": f"20{20 + d % 5}-{1 + d % 12:02d}-01",
                    "source": f"s{d % 40}",
                    "text": "x" * 200,
                    "actors": [],
                }
            )
    with JsonlAppender(run / "claims.jsonl") as out:
        for n in range(100_000):
            picked = rng.sample(ids, 3)
            out.write(
                {
                    "claim_id": str(n),
                    "doc_id": f"d{n % 5000}",
                    "type": "factual",
                    "speaker": {"id": None, "name": None, "kind": "author"},
                    "actors": [{"id": a, "text": a, "type": "state"} for a in picked],
                    "targets": [{"id": picked[0], "stance": "favor"}],
                    "frames": [{"label": f"f{n % 12}", "score": 0.5}],
                    "hedged": n % 3 == 0,
                }
            )
    tracemalloc.start()
    counts = aggregate_run(run)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert counts.claims == 100_000 and counts.hedged_claims == 33_334
    assert peak < 40_000_000, peak
    result = build_report(run, tmp_path / "big.html")
    assert len(result.figures) == 5  # no quoted speakers and no alliances in this corpus
    assert json.loads(json.dumps(result.claims)) == 100_000


def test_unnamed_speakers_are_not_ranked_and_the_page_says_so(tmp_path: Path) -> None:
    from report_fixtures import wide_run

    result = build_report(wide_run(tmp_path / "wide"), tmp_path / "wide.html")
    speakers = _csv(result.assets_dir / "quoted_speakers.csv")
    assert [r["speaker"] for r in speakers] == ["marco-rubio"]  # not "Critics" nor "Some"
    html = result.html.read_text(encoding="utf-8")
    assert "28 claim(s) come from unnamed or unidentified speakers (&#39;Critics&#39;, &#39;Some&#39;" in html


def test_the_frames_table_shows_recent_months_and_the_csv_all(tmp_path: Path) -> None:
    from report_fixtures import wide_run

    result = build_report(wide_run(tmp_path / "wide"), tmp_path / "wide.html", ReportSettings(table_months=6))
    table = _csv(result.assets_dir / "frames_by_month.csv")
    assert list(table[0])[:2] == ["frame", "2025-01"] and len(table[0]) == 16  # frame, 14 months, total
    html = result.html.read_text(encoding="utf-8")
    assert "Showing the last 6 of 14 months; the CSV has them all." in html
    assert '<th class="num">2026-02</th>' in html and '<th class="num">2025-08</th>' not in html
