"""The ``claimscope`` command line: a thin typer layer over the Python API.

Each feature area keeps its commands next to its code in a ``commands`` module
exposing ``register(app)``; this module only assembles them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from typer.core import TyperCommand

from pipeline.errors import ClaimscopeError


def _argument_name(param: Any) -> str:
    name = str(param.metavar or (param.name or "").upper())
    return (name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else "")


class ClaimscopeCommand(TyperCommand):
    """Conventional help text: ``claimscope run [OPTIONS] INPUT...`` and ``--out DIR``
    (typer's default shows ``{inputs}...`` and Python types such as ``<list[str]>``).

    An option declared without a ``metavar`` is shown with its name in capitals
    (``--corpus-dir CORPUS_DIR``), as argparse does, never with a Python type.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:
            if param.param_type_name == "option" and not param.is_flag and not param.metavar:
                param.metavar = (param.name or "value").upper()
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


app = typer.Typer(
    name="claimscope",
    help="Turn op-eds on international security into an annotated claims dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich markup would eat bracketed words ("a [claimscope.ingest] section").
    rich_markup_mode=None,
)

# Feature areas that contribute commands. A missing optional area is skipped
# so that a partial install still offers the rest.
COMMAND_MODULES: tuple[str, ...] = (
    "pipeline.ingest.commands",
    "pipeline.run_commands",
    "pipeline.config_commands",
    "pipeline.evaluation.commands",
    "pipeline.training.commands",
    "pipeline.network.commands",
    "pipeline.report.commands",
    "pipeline.annotate.commands",
    "pipeline.serve.commands",
    "pipeline.gold.commands",
)


def _print_version(value: bool) -> None:
    if value:
        from pipeline.version import __version__

        typer.echo(f"claimscope {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
    ),
) -> None:
    """Turn op-eds on international security into an annotated claims dataset."""


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(app)
    apps = [app] + [group.typer_instance for group in app.registered_groups if group.typer_instance]
    for each in apps:
        for command in each.registered_commands:
            if command.cls in (None, TyperCommand):
                command.cls = ClaimscopeCommand


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
