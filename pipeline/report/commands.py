"""``claimscope report DIR --out report.html``: the corpus report on the command line."""

from __future__ import annotations

from pathlib import Path

import typer


def report(
    run_dir: Path = typer.Argument(
        ..., metavar="RUN_DIR", help="Output folder of 'claimscope run' (articles.jsonl, claims.jsonl)."
    ),
    out: Path = typer.Option(
        Path("report.html"),
        "--out",
        "-o",
        metavar="FILE",
        help="HTML file to write; figures and CSV go beside it.",
    ),
    top: int | None = typer.Option(
        None, "--top", metavar="N", help="Rows drawn in each ranking (actors, targets, speakers, sources)."
    ),
    network_nodes: int | None = typer.Option(
        None, "--network-nodes", metavar="N", help="Actors drawn in the co-occurrence network."
    ),
    title: str = typer.Option("claimscope corpus report", "--title", metavar="TEXT", help="Page title."),
) -> None:
    """Write an HTML corpus report with PNG figures and CSV tables beside it."""
    from pipeline.report import ReportSettings, build_report

    overrides: dict[str, int | None] = {"network_nodes": network_nodes}
    if top is not None:
        overrides.update(
            top_actors=top, top_alliances=top, top_targets=top, top_speakers=top, top_sources=top
        )
    settings = ReportSettings.from_dict(overrides)
    result = build_report(run_dir, out, settings, title=title)
    typer.echo(
        f"Report: {result.html} ({result.articles} articles, {result.claims} claims); "
        f"{len(result.figures)} figures and {len(result.tables)} CSV tables in {result.assets_dir}/"
    )


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the claimscope CLI."""
    app.command("report")(report)
