"""``claimscope ingest INPUT... --out DIR [--config FILE]``: normalisation only."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the ``ingest`` command to the claimscope app."""
    app.command("ingest")(ingest_command)


def ingest_command(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT", help="Files, folders (walked recursively) or globs."
    ),
    out: Path = typer.Option(..., "--out", metavar="DIR", help="Folder for articles.jsonl and errors.jsonl."),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help="Config with a [claimscope.ingest] section (default configs/ingest.cfg).",
    ),
) -> None:
    """Read op-eds (.txt, .md, .html, .jsonl), normalise them, write articles.jsonl and errors.jsonl.

    Exits 1 if any input failed (see errors.jsonl), 0 otherwise.
    """
    from pipeline.ingest import ingest, load_settings

    settings = load_settings(config)
    result = ingest(inputs, out=out, settings=settings)
    typer.echo(f"articles: {result.articles} -> {result.articles_path}")
    typer.echo(f"near-duplicates marked: {result.duplicates}")
    typer.echo(f"warnings (repairs made): {result.warnings}")
    if result.errors:
        by_code = ", ".join(f"{code} x{n}" for code, n in result.errors_by_code.items())
        typer.echo(f"errors: {result.errors} ({by_code}) -> {result.errors_path}")
    else:
        typer.echo("errors: 0")
    raise typer.Exit(1 if result.failed else 0)
