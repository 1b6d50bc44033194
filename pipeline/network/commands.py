"""``claimscope network``: discourse networks from a claims output folder."""

from __future__ import annotations

from pathlib import Path

import typer


def network(
    folder: Path = typer.Argument(
        ..., help="Output folder of 'claimscope run' (holds claims.jsonl, articles.jsonl)."
    ),
    out: Path = typer.Option(..., "--out", help="Folder for the network files."),
    config: Path | None = typer.Option(None, "--config", help="Settings file (default configs/network.cfg)."),
    actors: str | None = typer.Option(None, "--actors", help="speaker | holder | both"),
    actor_types: list[str] | None = typer.Option(
        None,
        "--actor-types",
        help="Keep these actor types (repeat or comma-separate): state, alliance, organisation, person, group.",
    ),
    concepts: str | None = typer.Option(None, "--concepts", help="targets | frames | both"),
    date_from: str | None = typer.Option(
        None, "--from", help="First publication date (YYYY-MM-DD), inclusive."
    ),
    date_to: str | None = typer.Option(None, "--to", help="Last publication date (YYYY-MM-DD), inclusive."),
    labels: str | None = typer.Option(None, "--labels", help="human | model | all"),
    min_score: float | None = typer.Option(
        None, "--min-score", help="Lowest model score counted with --labels model."
    ),
    duplicates: str | None = typer.Option(None, "--duplicates", help="include | document | range"),
    window: int | None = typer.Option(
        None, "--window", help="Moving time window size in days (one network set per window)."
    ),
    step: int | None = typer.Option(
        None, "--step", help="Days the window moves each time (default: the window size)."
    ),
    normalization: str | None = typer.Option(
        None, "--normalization", help="none | average | jaccard | cosine"
    ),
    top: int | None = typer.Option(
        None, "--top", help="Draw at most this many nodes (highest degree) per figure."
    ),
    no_figures: bool = typer.Option(False, "--no-figures", help="Skip the PNG and HTML figures."),
) -> None:
    """Build affiliation, congruence and conflict networks and export GraphML, GEXF, CSV and figures."""
    from pipeline.network.build import run_network
    from pipeline.network.options import load_options

    types: list[str] | None = None
    if actor_types:
        types = [t.strip() for item in actor_types for t in item.split(",") if t.strip()]
    options = load_options(config).with_overrides(
        actors=actors,
        actor_types=types,
        concepts=concepts,
        date_from=date_from,
        date_to=date_to,
        labels=labels,
        min_score=min_score,
        duplicates=duplicates,
        normalization=normalization,
        top_n=top,
    )
    manifest = run_network(folder, out, options, window_days=window, step_days=step, figures=not no_figures)
    counts = manifest["counts"]
    typer.echo(
        f"{counts['claims_read']} claims -> {counts['statements']} statements; "
        f"{len(manifest['files'])} files in {out} ({manifest['seconds']['total']:.1f}s)"
    )
    for name, size in manifest["networks"].items():
        typer.echo(f"  {name}: {size['nodes']} nodes, {size['edges']} edges")
    if manifest["windows"]:
        typer.echo(f"  {len(manifest['windows'])} time windows in {out / 'windows'}")


def register(app: typer.Typer) -> None:
    """Add ``network`` to the claimscope command line."""
    app.command("network")(network)
