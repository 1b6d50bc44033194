"""The ``claimscope`` command line: a thin typer layer over the Python API.

Each feature area keeps its commands next to its code in a ``commands`` module
exposing ``register(app)``; this module only assembles them.
"""

from __future__ import annotations

import importlib
import sys

import typer

from pipeline.errors import ClaimscopeError

app = typer.Typer(
    name="claimscope",
    help="Turn op-eds on international security into an annotated claims dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Feature areas that contribute commands. A missing optional area is skipped
# so that a partial install still offers the rest.
COMMAND_MODULES: tuple[str, ...] = (
    "pipeline.ingest.commands",
    "pipeline.run_commands",
    "pipeline.evaluation.commands",
    "pipeline.training.commands",
    "pipeline.network.commands",
    "pipeline.report.commands",
    "pipeline.annotate.commands",
    "pipeline.serve.commands",
    "pipeline.gold.commands",
)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        from pipeline.version import __version__

        typer.echo(__version__)
        raise typer.Exit()


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(app)


_register_all()


def main() -> None:
    """Console entry point: coded errors become one clear line and exit status 2."""
    try:
        app()
    except ClaimscopeError as exc:
        typer.echo(f"claimscope: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
