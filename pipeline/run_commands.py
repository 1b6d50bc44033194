"""``claimscope run``: the main job."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_command(
        inputs: list[str] = typer.Argument(
            ..., metavar="INPUT", help="Files, folders (walked recursively) or globs."
        ),
        out: Path = typer.Option(..., "--out", metavar="DIR", help="Output folder."),
        config: Path | None = typer.Option(
            None, "--config", metavar="FILE", help="Pipeline config (default configs/default.cfg)."
        ),
        workers: int = typer.Option(1, "--workers", metavar="N", min=1, help="Worker processes."),
        resume: bool = typer.Option(
            False, "--resume", help="Skip articles already in --out with the same config."
        ),
        backend: str = typer.Option("local", "--backend", metavar="local|dask", help="local or dask."),
        scheduler: str | None = typer.Option(
            None, "--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --backend dask)."
        ),
        progress: bool = typer.Option(
            True, "--progress/--no-progress", help="Progress bar or log lines on stderr."
        ),
    ) -> None:
        """Run the whole pipeline: articles.jsonl, claims.jsonl, dataset/, errors.jsonl, run.json."""
        from pipeline.batch import run_batch
        from pipeline.batch.progress import print_summary

        # One driver for every run: streaming commits, per-article size and time budgets,
        # resumable state, and the same output whatever the backend.
        summary = run_batch(
            inputs,
            out,
            config,
            workers=workers,
            resume=resume,
            backend=backend,
            scheduler=scheduler,
            progress=progress,
        )
        # One closing summary: a table on a terminal, else one line (plus one per error code).
        if progress and sys.stderr.isatty() and summary.rows:
            print_summary(summary.rows, sys.stderr)
        else:
            typer.echo(
                f"{summary.articles} articles, {summary.claims} claims, {summary.errors} errors "
                f"in {summary.seconds:.1f}s -> {out}"
            )
            for code, n in sorted(summary.errors_by_code.items()):
                typer.echo(f"  {code}: {n} (see {out / 'errors.jsonl'})")
        raise typer.Exit(1 if summary.errors else 0)
