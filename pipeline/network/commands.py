"""``claimscope network``: discourse networks from a claims output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

# NetworkOptions field -> the command-line option that sets it (for error messages).
OPTION_NAMES = {
    "actors": "--actors",
    "actor_types": "--actor-types",
    "concepts": "--concepts",
    "date_from": "--from",
    "date_to": "--to",
    "labels": "--labels",
    "min_score": "--min-score",
    "duplicates": "--duplicates",
    "normalization": "--normalization",
    "top_n": "--top",
}

# Why claims gave no statement, in the words of the options that control it.
DROP_REASONS = {
    "not_human": "{n} claim(s) have no human labels (label_source 'human'; --labels human keeps only "
    "those): correct claims in the review app and export them, or use --labels all",
    "outside_dates": "{n} claim(s) are outside --from/--to",
    "no_date": "{n} claim(s) come from articles without a publication date (--from/--to need one)",
    "low_score": "{n} stance or frame label(s) score below --min-score",
    "no_actor": "{n} claim(s) have no actor on the --actors side",
    "actor_type": "{n} claim(s) have an actor type outside --actor-types",
    "no_concept": "{n} claim(s) have no concept on the --concepts side",
}


def explain_empty(counts: dict[str, Any]) -> str:
    """Why a network build found no statement, biggest reason first."""
    dropped = sorted(counts.get("dropped", {}).items(), key=lambda kv: -kv[1])
    reasons = [DROP_REASONS.get(k, "{n} dropped (" + k + ")").format(n=n) for k, n in dropped if n]
    if not counts.get("claims_read"):
        return "the folder holds no claims"
    return "; ".join(reasons) or "no claim has an actor and a concept"


def network(
    folder: Path = typer.Argument(
        ..., metavar="RUN_DIR", help="Output folder of 'claimscope run' (holds claims.jsonl, articles.jsonl)."
    ),
    out: Path = typer.Option(..., "--out", metavar="DIR", help="Folder for the network files."),
    config: Path | None = typer.Option(
        None, "--config", metavar="FILE", help="Settings file (default configs/network.cfg)."
    ),
    actors: str | None = typer.Option(
        None, "--actors", metavar="speaker|holder|both", help="speaker | holder | both"
    ),
    actor_types: list[str] | None = typer.Option(
        None,
        "--actor-types",
        metavar="TYPES",
        help="Keep these actor types (repeat or comma-separate): state, alliance, organisation, person, group.",
    ),
    concepts: str | None = typer.Option(
        None, "--concepts", metavar="targets|frames|both", help="targets | frames | both"
    ),
    date_from: str | None = typer.Option(
        None, "--from", metavar="YYYY-MM-DD", help="First publication date (YYYY-MM-DD), inclusive."
    ),
    date_to: str | None = typer.Option(
        None, "--to", metavar="YYYY-MM-DD", help="Last publication date (YYYY-MM-DD), inclusive."
    ),
    labels: str | None = typer.Option(
        None, "--labels", metavar="human|model|all", help="human | model | all"
    ),
    min_score: float | None = typer.Option(
        None, "--min-score", metavar="SCORE", help="Lowest model score counted with --labels model."
    ),
    duplicates: str | None = typer.Option(
        None, "--duplicates", metavar="include|document|range", help="include | document | range"
    ),
    window: int | None = typer.Option(
        None, "--window", metavar="DAYS", help="Moving time window size in days (one network set per window)."
    ),
    step: int | None = typer.Option(
        None, "--step", metavar="DAYS", help="Days the window moves each time (default: the window size)."
    ),
    normalization: str | None = typer.Option(
        None, "--normalization", metavar="METHOD", help="none | average | jaccard | cosine"
    ),
    top: int | None = typer.Option(
        None, "--top", metavar="N", help="Draw at most this many nodes (highest degree) per figure."
    ),
    no_figures: bool = typer.Option(False, "--no-figures", help="Skip the PNG and HTML figures."),
) -> None:
    """Build affiliation, congruence and conflict networks and export GraphML, GEXF, CSV and figures."""
    from pipeline.errors import ConfigError
    from pipeline.network.build import run_network
    from pipeline.network.options import load_options

    types: list[str] | None = None
    if actor_types:
        types = [t.strip() for item in actor_types for t in item.split(",") if t.strip()]
    defaults = load_options(config)
    try:
        options = defaults.with_overrides(
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
    except ConfigError as exc:
        # The config file was valid (load_options checked it), so a command-line value is
        # wrong: name its option, not the settings field behind it.
        name = exc.detail.get("name")
        if exc.code != "E006" or name not in OPTION_NAMES:
            raise
        raise ConfigError("E006", **{**exc.detail, "name": OPTION_NAMES[str(name)]}) from None
    manifest = run_network(folder, out, options, window_days=window, step_days=step, figures=not no_figures)
    counts = manifest["counts"]
    typer.echo(
        f"{counts['claims_read']} claims -> {counts['statements']} statements; "
        f"{len(manifest['files'])} files in {out} ({manifest['seconds']['total']:.1f}s)"
    )
    if not counts.get("statements"):
        typer.echo(
            f"claimscope network: no statements, so the networks are empty: {explain_empty(counts)}.",
            err=True,
        )
    for name, size in manifest["networks"].items():
        typer.echo(f"  {name}: {size['nodes']} nodes, {size['edges']} edges")
    if manifest["windows"]:
        typer.echo(f"  {len(manifest['windows'])} time windows in {out / 'windows'}")


def register(app: typer.Typer) -> None:
    """Add ``network`` to the claimscope command line."""
    app.command("network")(network)
