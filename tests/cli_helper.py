"""Run the ``claimscope`` command in this process, the way ``pipeline.cli.main`` does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import ClaimscopeError


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def claimscope(*args: str, env: Mapping[str, str | None] | None = None) -> CliResult:
    """``claimscope ARGS``: a coded error becomes ``claimscope: [Exxx] ...`` on stderr and exit 2."""
    result = CliRunner().invoke(app, list(args), env=dict(env or {}))
    stderr = result.stderr
    code = result.exit_code
    if isinstance(result.exception, ClaimscopeError):
        stderr += f"claimscope: {result.exception}\n"
        code = 2
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(code, result.stdout, stderr)
