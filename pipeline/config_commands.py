"""``claimscope configs``: where the configs in use live, and a copy of them to edit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import typer


def configs_command(
    copy_to: Path | None = typer.Option(
        None,
        "--copy-to",
        metavar="DIR",
        help="Copy the configs folder in use to DIR (a new folder) to edit it; then set CLAIMSCOPE_CONFIGS=DIR.",
    ),
) -> None:
    """Show the configs folder in use ($CLAIMSCOPE_CONFIGS or the bundled one), or copy it."""
    from pipeline.errors import ConfigError
    from pipeline.paths import CONFIGS_ENV, configs_dir

    source = configs_dir()
    if copy_to is None:
        origin = f"${CONFIGS_ENV}" if os.environ.get(CONFIGS_ENV) else "bundled"
        typer.echo(f"{source} ({origin})")
        return
    if copy_to.exists() and any(copy_to.iterdir()):
        raise ConfigError("E006", name="--copy-to", expected="a new or empty folder", got=str(copy_to))
    # File by file (not copytree/copy2, which copy the installed files' permission bits):
    # the copies are the user's own files and get the user's umask.
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = copy_to / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    typer.echo(f"copied {source} to {copy_to}")
    typer.echo(f"use it with: export {CONFIGS_ENV}={copy_to.resolve()}")


def register(app: typer.Typer) -> None:
    """Add ``configs`` to the claimscope command line."""
    app.command("configs")(configs_command)
